import type { INodeParameters } from 'n8n-workflow';

import type { Delivery } from '../../harness/webhook';
import { SIGNING_PLATFORMS, type SigningPlatform } from './platforms';

/** What the trigger must answer: a status that starts nothing, a run, or a 200 that starts nothing (and why). */
export type Expectation =
	| { status: 400 | 401 | 413 }
	| { started: true }
	| { started: false; reason: 'already received' | 'filtered out' }
	/** Odd but well-formed input: any answer below 500 that is not a crash. */
	| { handled: true };

export interface WebhookCase {
	title: string;
	platform: SigningPlatform;
	parameters: INodeParameters;
	/** Delivered in order; the expectation is about the last one. */
	deliveries: Delivery[];
	expect: Expectation;
}

const MINUTE = 60;
const now = () => Math.floor(Date.now() / 1000);

/**
 * The same signed delivery with every unsigned part a platform could read changed: topic headers, `?topic=`, delivery
 * ids the scheme does not sign (a Standard Webhooks `webhook-id` is signed, so it stays). Issue 14: still one event.
 */
function withUnsignedPartsChanged(delivery: Delivery): Delivery {
	const signsWebhookId = Object.keys(delivery.headers).some((name) => name.toLowerCase() === 'webhook-id');
	return {
		...delivery,
		headers: {
			...delivery.headers,
			'Refersion-Topic': 'APPROVED_CONVERSION',
			'X-UpPromote-Topic': 'referral.approved',
			'X-Event-Id': 'another-event-id',
			'X-Event-Type': 'commission.updated',
			'X-GitHub-Delivery': 'another-delivery-guid',
			...(signsWebhookId ? {} : { 'webhook-id': 'msg_unsigned', 'svix-id': 'msg_unsigned' }),
		},
		query: { topic: 'APPROVED_CONVERSION' },
	};
}

/** Valid JSON nested `levels` deep; at 5,000 levels (10 KB) no recursive walk gets through it. */
const nestedJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

function platformCases(platform: SigningPlatform): WebhookCase[] {
	const body = (n = 1) => JSON.stringify(platform.payload(n));
	const signed = (text: string, options = {}) => platform.sign(text, options);
	const withHeader = (value: string | undefined): Delivery => {
		const delivery = signed(body());
		const headers = { ...delivery.headers };
		const name = Object.keys(headers).find((key) => key.toLowerCase() === platform.signatureHeader.toLowerCase())!;
		if (value === undefined) delete headers[name];
		else headers[name] = value;
		return { ...delivery, headers };
	};
	const tampered = (): Delivery => {
		const delivery = signed(body());
		return { ...delivery, rawBody: String(delivery.rawBody).replace('ada@example.com', 'eve@example.com').replace('rob1@', 'eve1@') };
	};
	const huge = JSON.stringify({ ...platform.payload(1), padding: 'p'.repeat(1_100_000) });
	const cases: Array<Omit<WebhookCase, 'platform' | 'parameters'> & { parameters?: INodeParameters }> = [
		{ title: 'a valid delivery', deliveries: [signed(body())], expect: { started: true } },
		{ title: 'signed with the previous secret while rotating', deliveries: [signed(body(), { secret: platform.previousSecret })], expect: { started: true } },
		{ title: 'signed with a wrong secret', deliveries: [signed(body(), { secret: 'not-the-secret-0000000000000000' })], expect: { status: 401 } },
		{ title: 'no signature header', deliveries: [withHeader(undefined)], expect: { status: 401 } },
		{ title: 'an empty signature header', deliveries: [withHeader('')], expect: { status: 401 } },
		{ title: 'a garbage signature', deliveries: [withHeader('!!not-a-signature!!')], expect: { status: 401 } },
		{ title: 'a signature header with CRLF injection', deliveries: [withHeader('abc\r\nX-Injected: 1')], expect: { status: 401 } },
		{ title: 'a tampered body', deliveries: [tampered()], expect: { status: 401 } },
		{ title: 'the signature of another body', deliveries: [signed(body(1), { signedText: body(2) })], expect: { status: 401 } },
		{ title: 'a signed body that is not JSON', deliveries: [signed('{"id": 1, "email": ')], expect: { status: 400 } },
		{ title: 'a signed HTML body', deliveries: [signed('<html><body>hello</body></html>')], expect: { status: 400 } },
		{ title: 'a signed empty body', deliveries: [signed('')], expect: { status: 400 } },
		{ title: 'signed JSON behind a byte order mark', deliveries: [signed(`\ufeff${body()}`)], expect: { started: true } },
		{ title: 'signed JSON nested 5,000 levels deep', deliveries: [signed(nestedJson(5000))], expect: { status: 400 } },
		{ title: 'signed JSON nested 101 levels deep', deliveries: [signed(nestedJson(101))], expect: { status: 400 } },
		{ title: 'signed JSON nested 100 levels deep', deliveries: [signed(nestedJson(100))], expect: { handled: true } },
		{ title: 'signed JSON null', deliveries: [signed('null')], expect: { handled: true } },
		{ title: 'a signed JSON list', deliveries: [signed('[1,2,3]')], expect: { handled: true } },
		{ title: 'a signed body with prototype keys', deliveries: [signed('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')], expect: { handled: true } },
		{ title: 'a 1.1 MB body (over the 1 MB cap)', deliveries: [signed(huge)], expect: { status: 413 } },
		{ title: 'a 1.1 MB body with a wrong signature', deliveries: [signed(huge, { secret: 'wrong-secret-000000000000000000' })], expect: { status: 413 } },
		{ title: 'over a 1 KB cap set in the options', parameters: { options: { maxBodyKb: 1 } }, deliveries: [signed(JSON.stringify({ ...platform.payload(1), notes: 'n'.repeat(2000) }))], expect: { status: 413 } },
		{ title: 'a redelivery', deliveries: [signed(body()), signed(body())], expect: { started: false, reason: 'already received' } },
		{
			title: 'the same signed body resent with its unsigned topic and delivery headers changed',
			deliveries: [signed(body()), withUnsignedPartsChanged(signed(body()))],
			expect: { started: false, reason: 'already received' },
		},
		{ title: 'an event type outside the Events filter', parameters: { events: ['tier.reached'] }, deliveries: [signed(body())], expect: { started: false, reason: 'filtered out' } },
	];
	if (platform.timestamped) {
		cases.push(
			{ title: 'a stale timestamp (10 minutes old)', deliveries: [signed(body(), { at: now() - 10 * MINUTE })], expect: { status: 401 } },
			{ title: 'a timestamp 10 minutes ahead', deliveries: [signed(body(), { at: now() + 10 * MINUTE })], expect: { status: 401 } },
			{ title: 'a timestamp of last year', deliveries: [signed(body(), { at: now() - 365 * 24 * 60 * MINUTE })], expect: { status: 401 } },
			{
				title: 'a stale timestamp within a widened tolerance',
				parameters: { options: { toleranceSeconds: 3600 } },
				deliveries: [signed(body(), { at: now() - 10 * MINUTE })],
				expect: { started: true },
			},
			{
				title: 'a redelivery re-signed with a new timestamp',
				deliveries: [signed(body(), { at: now() - 30 }), signed(body(), { at: now() })],
				expect: { started: false, reason: 'already received' },
			},
		);
	}
	return cases.map((entry) => ({ ...entry, platform, parameters: { ...platform.parameters, ...entry.parameters } }));
}

/** Without a signature check the other defences still hold: size cap, JSON, redeliveries. */
function uncheckedCases(): WebhookCase[] {
	const platform = { ...SIGNING_PLATFORMS[1], id: 'no signature check', parameters: { platform: 'generic', scheme: 'none' } };
	const plain = (text: string): Delivery => ({ headers: { 'content-type': 'application/json' }, rawBody: text });
	const event = JSON.stringify({ type: 'conversion.created', id: 'plain-1', affiliate: { email: 'ada@example.com' } });
	return [
		{ title: 'a body that is not JSON', deliveries: [plain('not json')], expect: { status: 400 } },
		{ title: 'a 1.1 MB body', deliveries: [plain(JSON.stringify({ padding: 'p'.repeat(1_100_000) }))], expect: { status: 413 } },
		{ title: 'JSON nested 5,000 levels deep', deliveries: [plain(nestedJson(5000))], expect: { status: 400 } },
		{ title: 'a redelivery', deliveries: [plain(event), plain(event)], expect: { started: false, reason: 'already received' } },
	].map((entry) => ({ ...entry, platform, parameters: platform.parameters }) as WebhookCase);
}

export function webhookCases(): WebhookCase[] {
	return [...SIGNING_PLATFORMS.flatMap(platformCases), ...uncheckedCases()];
}
