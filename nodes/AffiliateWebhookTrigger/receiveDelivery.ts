import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { isSupportedTimeZone, verifyWebhookSignature, type AffiliatePlatform, type SignatureScheme } from '../shared/webhooks';
import { fallbackEvent } from './fallbackEvent';
import { parseVerifiedBody } from './parseBody';
import { verifyWithSigningSecrets } from './signingSecrets';
import { startEvents } from './startEvents';
import { positiveOption } from './numericOption';

const PLATFORM_SCHEMES: Record<string, SignatureScheme | undefined> = {
	refersion: 'refersion',
	rewardful: 'rewardful',
	uppromote: 'uppromote',
	firstpromoter: 'firstpromoter',
};

/**
 * One delivery: size cap, signature on the raw bytes, JSON — each refusal answered with a status and a short reason,
 * starting nothing — then normalization, event filter, redelivery check and the run (startEvents).
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
	const maxBytes = positiveOption(options.maxBodyKb, 1024) * 1024;
	if (rawBody.length > maxBytes) return reply(413, { error: `body larger than ${maxBytes / 1024} KB` });

	const chosen = this.getNodeParameter('scheme') as string;
	const scheme = chosen === 'platform' ? PLATFORM_SCHEMES[platform] : (chosen as SignatureScheme);
	if (!scheme) return reply(401, { error: 'no signature scheme configured for this platform' });
	const signatureOptions = {
		headerName: (this.getNodeParameter('headerName', '') as string) || undefined,
		algorithm: this.getNodeParameter('algorithm', 'sha256') as 'sha256',
		encoding: this.getNodeParameter('encoding', 'hex') as 'hex',
		prefix: (this.getNodeParameter('prefix', '') as string) || undefined,
	};
	const toleranceSeconds = positiveOption(options.toleranceSeconds, 300);
	const verify = (secret: string[]) =>
		verifyWebhookSignature({ scheme, secret, headers: request.headers, rawBody, toleranceSeconds, options: signatureOptions });
	// Reading the credential is the costliest step of a delivery in n8n 2: the secrets are reused briefly (signingSecrets).
	const verdict = scheme === 'none' ? verify([]) : await verifyWithSigningSecrets.call(this, verify);
	if (!verdict.valid) return reply(401, { error: 'invalid signature', reason: verdict.reason ?? 'rejected' });

	const parsed = parseVerifiedBody(rawBody);
	if (!parsed.ok) return reply(400, { error: parsed.error });
	try {
		return startEvents.call(this, { platform, verdict, body: parsed.body, options, reply });
	} catch (error) {
		// The sender did everything right; a 500 would only make it retry into the same failure until it gives up.
		this.logger.error(`Affiliate Webhook Trigger: the delivery is passed on as unknown after an error: ${String((error as Error)?.message ?? error).slice(0, 120)}`, {
			workflowId: this.getWorkflow().id,
		});
		const event = fallbackEvent(platform, parsed.body, verdict.deliveryId);
		return { workflowData: [[{ json: event as unknown as IDataObject }]] };
	}
}
