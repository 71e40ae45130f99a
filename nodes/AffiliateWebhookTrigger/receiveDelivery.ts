import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	isSupportedTimeZone,
	normalizeAffiliateWebhook,
	rememberDelivery,
	verifyWebhookSignature,
	type AffiliatePlatform,
	type SignatureScheme,
} from '../shared/webhooks';

const PLATFORM_SCHEMES: Record<string, SignatureScheme | undefined> = {
	refersion: 'refersion',
	rewardful: 'rewardful',
	uppromote: 'uppromote',
	firstpromoter: 'firstpromoter',
};

/** Platforms nest their payloads a few levels deep; this leaves room for any of them. */
const MAX_JSON_DEPTH = 100;

/** The deepest nesting of objects and arrays in JSON text, without parsing it (and so without recursion). */
function nestingDepth(text: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const character = text[index];
		if (inString) {
			if (character === '\\') index++;
			else if (character === '"') inString = false;
		} else if (character === '"') inString = true;
		else if (character === '{' || character === '[') deepest = Math.max(deepest, ++depth);
		else if (character === '}' || character === ']') depth--;
	}
	return deepest;
}

/**
 * One delivery: size cap, signature on the raw bytes, JSON, normalization, event filter, redelivery check — and
 * only then a workflow run. Every refusal is answered with a status and a short reason, and starts nothing.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const response = this.getResponseObject();
	const reply = (status: number, body: IDataObject): IWebhookResponseData => {
		response.status(status).json(body);
		return { noWebhookResponse: true };
	};
	const platform = this.getNodeParameter('platform') as AffiliatePlatform;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const sourceTimeZone = typeof options.sourceTimeZone === 'string' ? options.sourceTimeZone.trim() : '';
	// A mistyped zone must not shift every time silently: 500 tells the platform to retry once it is fixed.
	if (sourceTimeZone && !isSupportedTimeZone(sourceTimeZone)) {
		return reply(500, { error: `the trigger's "Source Time Zone" option is not a time zone: "${sourceTimeZone.slice(0, 64)}"` });
	}

	const rawBody: Buffer | undefined = (request as { rawBody?: Buffer }).rawBody;
	if (!rawBody) return reply(400, { error: 'empty body' });
	const maxBytes = Number(options.maxBodyKb ?? 1024) * 1024;
	if (rawBody.length > maxBytes) return reply(413, { error: `body larger than ${maxBytes / 1024} KB` });

	const chosen = this.getNodeParameter('scheme') as string;
	const scheme = chosen === 'platform' ? PLATFORM_SCHEMES[platform] : (chosen as SignatureScheme);
	if (!scheme) return reply(401, { error: 'no signature scheme configured for this platform' });
	let secret: string[] = [];
	if (scheme !== 'none') {
		const credentials = await this.getCredentials('affiliateWebhookSecretApi');
		secret = [credentials.secret, credentials.previousSecret].filter(
			(value): value is string => typeof value === 'string' && value !== '',
		);
	}
	const verdict = verifyWebhookSignature({
		scheme,
		secret,
		headers: request.headers,
		rawBody,
		toleranceSeconds: Number(options.toleranceSeconds ?? 300),
		options: {
			headerName: (this.getNodeParameter('headerName', '') as string) || undefined,
			algorithm: this.getNodeParameter('algorithm', 'sha256') as 'sha256',
			encoding: this.getNodeParameter('encoding', 'hex') as 'hex',
			prefix: (this.getNodeParameter('prefix', '') as string) || undefined,
		},
	});
	if (!verdict.valid) return reply(401, { error: 'invalid signature', reason: verdict.reason ?? 'rejected' });

	const text = rawBody.toString('utf8');
	// Valid JSON nested thousands of levels deep (10 KB is enough) overflows the stack of every recursive walk
	// after this one — the normalizer's, then n8n's own copies of the item — so it is refused like malformed JSON.
	if (nestingDepth(text) > MAX_JSON_DEPTH) return reply(400, { error: `body is nested deeper than ${MAX_JSON_DEPTH} levels` });
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return reply(400, { error: 'body is not valid JSON' });
	}

	const query = this.getQueryData() as Record<string, unknown>;
	const events = normalizeAffiliateWebhook({
		platform,
		headers: request.headers,
		body,
		options: {
			sourceTimeZone: sourceTimeZone || undefined,
			// UpPromote subscribes one URL per event: append ?topic=<event> to say which.
			topic: typeof query.topic === 'string' ? query.topic : undefined,
			deliveryId: verdict.deliveryId,
		},
	});
	const wanted = this.getNodeParameter('events', []) as string[];
	const selected = wanted.length === 0 ? events : events.filter((event) => wanted.includes(event.type));
	if (selected.length === 0) return reply(200, { received: true, started: false, reason: 'filtered out' });

	let fresh = selected;
	if (options.dropReplays !== false) {
		const store = this.getWorkflowStaticData('node');
		const nowSeconds = Math.floor(Date.now() / 1000);
		const ttlSeconds = Number(options.replayWindowHours ?? 72) * 3600;
		fresh = selected.filter((event) => !rememberDelivery(store, event.id, nowSeconds, { ttlSeconds }).duplicate);
	}
	if (fresh.length === 0) return reply(200, { received: true, started: false, reason: 'already received' });

	return { workflowData: [fresh.map((event) => ({ json: event as unknown as IDataObject }))] };
}
