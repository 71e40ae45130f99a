import { createHmac, randomBytes } from 'node:crypto';

import type { AffiliatePlatform, SignatureScheme } from '../../nodes/shared/webhooks';
import { normalizeWebhookDelivery } from '../../nodes/shared/webhooks/normalize';
import { DEFAULT_REPLAY_MAX_ENTRIES, rememberDelivery } from '../../nodes/shared/webhooks/replayStore';

export interface SignedDelivery {
	label: string;
	platform: AffiliatePlatform;
	scheme: SignatureScheme;
	secret: string;
	headers: Record<string, string>;
	rawBody: Buffer;
}

export const TARGET_BODY_BYTES = 2048;

/** Adds line items until the JSON is about `TARGET_BODY_BYTES`: real conversions carry the order's items. */
function padded(build: (items: object[]) => object): string {
	const items: object[] = [];
	let text = JSON.stringify(build(items));
	for (let i = 1; text.length < TARGET_BODY_BYTES - 120; i++) {
		items.push({ sku: `SKU-${1000 + i}`, name: `Organic cotton tee, size ${['S', 'M', 'L'][i % 3]}`, price: '19.00', quantity: 1 });
		text = JSON.stringify(build(items));
	}
	return text;
}

/** A Refersion NEW_CONVERSION delivery, signed as Refersion does: base64 HMAC-SHA256 of the raw body. */
export function refersionDelivery(): SignedDelivery {
	const secret = randomBytes(24).toString('hex');
	const body = padded((items) => ({
		id: 880123,
		created: '2020-02-14 18:48:42',
		updated: '2020-02-14 18:48:42',
		status: 'PENDING',
		is_recurring: false,
		total_items: '59.00',
		total: '59.00',
		commission_total: '5.90',
		currency: 'USD',
		payment_status: 'UNPAID',
		affiliate: { id: 4711, code: 'a3y7', first_name: 'Ada', last_name: 'Lovelace', email: 'Ada@Example.com' },
		offer: { id: 12, name: 'Spring Offer', type: 'PERCENT_OF_SALE', amount: '10.00' },
		customer: { name: 'Grace Hopper', email: 'Grace@Example.com', browser_ip: '203.0.113.7' },
		coupon_code: 'ADA10',
		order_id: '1001',
		click: { created: '2020-02-14 18:40:00', referer: 'https://blog.example.com', landed_url: 'https://shop.example.com/?rfsn=4711.abc' },
		source: 'SHOPIFY',
		items,
	}));
	const rawBody = Buffer.from(body, 'utf8');
	const signature = createHmac('sha256', secret).update(rawBody).digest('base64');
	return {
		label: 'Refersion',
		platform: 'refersion',
		scheme: 'refersion',
		secret,
		headers: { 'content-type': 'application/json', 'refersion-topic': 'NEW_CONVERSION', 'refersion-signature': signature },
		rawBody,
	};
}

/**
 * The same Refersion conversion under another conversion id, signed again: a distinct delivery, as a platform sends
 * for each new conversion (a replay store drops repeated ids).
 */
export function withConversionId(delivery: SignedDelivery, conversionId: number): SignedDelivery {
	const text = delivery.rawBody.toString('utf8');
	const changed = text.replace(/^\{"id":\d+,/, `{"id":${conversionId},`);
	if (changed === text) throw new Error('the Refersion body does not start with its conversion id');
	const rawBody = Buffer.from(changed, 'utf8');
	const signature = createHmac('sha256', delivery.secret).update(rawBody).digest('base64');
	return { ...delivery, headers: { ...delivery.headers, 'refersion-signature': signature }, rawBody };
}

/**
 * A replay store at its cap, as the trigger keeps it after its first 5,000 deliveries: the ids of `count` earlier
 * conversions of this delivery (conversion ids below `firstConversionId`), laid out by the package's own store.
 */
export function fullReplayStore(delivery: SignedDelivery, firstConversionId: number, count = DEFAULT_REPLAY_MAX_ENTRIES): Record<string, unknown> {
	const store: Record<string, unknown> = {};
	const nowSeconds = Math.floor(Date.now() / 1000);
	for (let id = firstConversionId - count; id < firstConversionId; id++) {
		const body = JSON.parse(withConversionId(delivery, id).rawBody.toString('utf8')) as Record<string, unknown>;
		const [event] = normalizeWebhookDelivery({ platform: 'refersion', body, headers: delivery.headers }).events;
		rememberDelivery(store, event.id, nowSeconds);
	}
	return store;
}

/** An Okendo-style referral over Standard Webhooks: `v1,` base64 HMAC-SHA256 of `id.timestamp.body`. */
export function standardWebhooksDelivery(): SignedDelivery {
	const key = randomBytes(24);
	const secret = `whsec_${key.toString('base64')}`;
	const body = padded((items) => ({
		type: 'Sent Okendo Referral',
		timestamp: '2026-01-05T10:00:00Z',
		platform: 'okendo',
		data: {
			referral_id: 'rf_1',
			referrer: { email: 'Referrer@Example.com', first_name: 'Rita', phone: '+15555550100' },
			recipient: { email: 'Friend@Example.com', first_name: 'Fred' },
			shareable_link: 'https://shop.example.com/r/rita',
			coupon_code: 'WELCOME10',
			items,
		},
	}));
	const rawBody = Buffer.from(body, 'utf8');
	const id = 'msg_2Lh9KZ4hY3q6Yx1R0c6b0RkT2pW';
	const timestamp = String(Math.floor(Date.now() / 1000));
	const signature = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest('base64');
	return {
		label: 'Standard Webhooks',
		platform: 'generic',
		scheme: 'standard-webhooks',
		secret,
		headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` },
		rawBody,
	};
}
