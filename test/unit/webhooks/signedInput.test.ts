import {
	normalizeWebhookDelivery,
	verifyWebhookSignature,
	type AffiliatePlatform,
	type NormalizedAffiliateEvent,
	type SchemeOptions,
	type SignatureScheme,
} from '../../../nodes/shared/webhooks';
import { fixtureText } from './helpers';
import { encode, hmacOf, standardWebhooksSignature, stripeSignature, type Algorithm, type Encoding } from './signing';

/**
 * Issue 14: ids and types only from signed input. Each case signs one body as its platform does, then delivers the
 * same signed bytes again with the unsigned parts changed — a topic header, `?topic=`, a delivery-id header — through
 * the verifier and the normalizer as the trigger chains them (the verdict says what was signed). The event id must
 * not move, and the type may only move where the body cannot contradict it.
 */
const NOW_SECONDS = 1_767_225_600;
const NOW = new Date(NOW_SECONDS * 1000);
const SECRET = 'aff_signing_secret_7f3c9a21d4e8b6';
const SW_SECRET = `whsec_${Buffer.from('signed-input-test-key-32-bytes!!').toString('base64')}`;

interface Delivery {
	headers: Record<string, string>;
	rawBody: string;
	topic?: string;
}

interface SchemeSetup {
	scheme: SignatureScheme;
	platform: AffiliatePlatform;
	secret: string;
	options?: SchemeOptions;
	sign(rawBody: string, deliveryId?: string): Record<string, string>;
}

const bodyHmac = (header: string, algorithm: Algorithm, encoding: Encoding, prefix = '') => (rawBody: string) => ({
	[header]: `${prefix}${encode(hmacOf(algorithm, SECRET, rawBody), encoding)}`,
});

const SCHEMES: Record<string, SchemeSetup> = {
	refersion: { scheme: 'refersion', platform: 'refersion', secret: SECRET, sign: bodyHmac('Refersion-Signature', 'sha256', 'base64') },
	rewardful: { scheme: 'rewardful', platform: 'rewardful', secret: SECRET, sign: bodyHmac('X-Rewardful-Signature', 'sha256', 'hex') },
	uppromote: { scheme: 'uppromote', platform: 'uppromote', secret: SECRET, sign: bodyHmac('X-UpPromote-Signature', 'sha256', 'hex') },
	firstpromoter: { scheme: 'firstpromoter', platform: 'firstpromoter', secret: SECRET, sign: bodyHmac('X-Webhook-Signature', 'sha256', 'hex') },
	github: { scheme: 'github', platform: 'generic', secret: SECRET, sign: bodyHmac('X-Hub-Signature-256', 'sha256', 'hex', 'sha256=') },
	'generic-hmac': {
		scheme: 'generic-hmac',
		platform: 'generic',
		secret: SECRET,
		options: { headerName: 'X-Signature', algorithm: 'sha512', encoding: 'base64' },
		sign: bodyHmac('X-Signature', 'sha512', 'base64'),
	},
	stripe: {
		scheme: 'stripe',
		platform: 'generic',
		secret: SECRET,
		sign: (rawBody) => ({ 'Stripe-Signature': `t=${NOW_SECONDS},v1=${stripeSignature(SECRET, String(NOW_SECONDS), rawBody)}` }),
	},
	'standard-webhooks': {
		scheme: 'standard-webhooks',
		platform: 'generic',
		secret: SW_SECRET,
		sign: (rawBody, deliveryId = 'msg_signed_1') => ({
			'webhook-id': deliveryId,
			'webhook-timestamp': String(NOW_SECONDS),
			'webhook-signature': `v1,${standardWebhooksSignature(SW_SECRET, deliveryId, String(NOW_SECONDS), rawBody)}`,
		}),
	},
};

/** Verifies, then normalizes with what the verdict says was signed — the trigger's chain. */
function receive(setup: SchemeSetup, delivery: Delivery): NormalizedAffiliateEvent[] {
	const verdict = verifyWebhookSignature({
		scheme: setup.scheme,
		secret: setup.secret,
		headers: delivery.headers,
		rawBody: delivery.rawBody,
		nowSeconds: NOW_SECONDS,
		options: setup.options,
	});
	expect(verdict).toMatchObject({ valid: true });
	const { events } = normalizeWebhookDelivery({
		platform: setup.platform,
		headers: delivery.headers,
		body: JSON.parse(delivery.rawBody),
		options: { topic: delivery.topic, deliveryId: verdict.deliveryId, signedHeaders: verdict.signedHeaders, now: NOW },
	});
	return events;
}

/** One signed body, delivered with each set of unsigned extras: the ids and types of every delivery. */
function resend(schemeName: string, rawBody: string, extras: Array<{ headers?: Record<string, string>; topic?: string }>) {
	const setup = SCHEMES[schemeName];
	const signature = setup.sign(rawBody);
	return extras.map((extra) => {
		const events = receive(setup, { headers: { ...signature, ...extra.headers }, rawBody, topic: extra.topic });
		expect(events).toHaveLength(1);
		return { id: events[0].id, type: events[0].type };
	});
}

describe('Refersion: the topic header and ?topic= are unsigned', () => {
	const pending = fixtureText('refersion/conversion-pending.json');

	test('a pending conversion resent as APPROVED_CONVERSION keeps its id and stays a new conversion', () => {
		const [original, swapped, viaQuery, none] = resend('refersion', pending, [
			{ headers: { 'Refersion-Topic': 'NEW_CONVERSION' } },
			{ headers: { 'Refersion-Topic': 'APPROVED_CONVERSION' } },
			{ topic: 'APPROVED_CONVERSION' },
			{},
		]);
		expect(original.type).toBe('conversion.created');
		for (const delivery of [swapped, viaQuery, none]) expect(delivery).toEqual(original);
	});

	test('a denied conversion resent as APPROVED_CONVERSION stays denied, with its id', () => {
		const [original, swapped] = resend('refersion', fixtureText('refersion/conversion-denied.json'), [
			{ headers: { 'Refersion-Topic': 'DENIED_CONVERSION' } },
			{ headers: { 'Refersion-Topic': 'APPROVED_CONVERSION' } },
		]);
		expect(swapped).toEqual({ id: original.id, type: 'conversion.denied' });
	});

	test('a pending affiliate resent as a status change or a new affiliate keeps its id and is no approval', () => {
		const deliveries = resend('refersion', fixtureText('refersion/affiliate-new.json'), [
			{ headers: { 'Refersion-Topic': 'NEW_AFFILIATE' } },
			{ headers: { 'Refersion-Topic': 'AFFILIATE_STATUS_CHANGE' } },
			{ headers: { 'Refersion-Topic': 'APPROVED_CONVERSION' } },
		]);
		expect(new Set(deliveries.map((delivery) => delivery.id)).size).toBe(1);
		for (const delivery of deliveries) expect(delivery.type).not.toMatch(/approved/);
	});

	test('a payment resent under a conversion topic is still the payment', () => {
		const [original, swapped] = resend('refersion', fixtureText('refersion/payment-marketplace.json'), [
			{ headers: { 'Refersion-Topic': 'NEW_PAYMENT' } },
			{ headers: { 'Refersion-Topic': 'APPROVED_CONVERSION' } },
		]);
		expect(swapped).toEqual(original);
	});
});

describe('no unsigned name turns a pending or denied record into a payment', () => {
	const conversion = JSON.parse(fixtureText('refersion/conversion-pending.json')) as Record<string, unknown>;
	const everyRefersionTopic = ['NEW_CONVERSION', 'APPROVED_CONVERSION', 'NEW_PAYMENT', 'BONUS_TIER_MOVEMENT', 'NEW_AFFILIATE', 'NEW_CONVERSION_TRIGGER'].map(
		(topic) => ({ headers: { 'Refersion-Topic': topic } }),
	);

	test.each([null, 'a3y7', [{ id: 4711 }], undefined])('Refersion: a conversion whose affiliate is %p stays that conversion under any topic', (affiliate) => {
		for (const status of ['PENDING', 'DENIED']) {
			const deliveries = resend('refersion', JSON.stringify({ ...conversion, status, affiliate }), [{}, ...everyRefersionTopic]);
			expect(new Set(deliveries.map((delivery) => delivery.id)).size).toBe(1);
			expect(new Set(deliveries.map((delivery) => delivery.type))).toEqual(new Set([status === 'DENIED' ? 'conversion.denied' : 'conversion.created']));
		}
	});

	test.each<[scheme: string, name: string, body: Record<string, unknown>]>([
		['uppromote', 'payment.paid', { id: 9001, status: 'pending', commission: '12.05', affiliate: { id: 501 } }],
		['rewardful', 'commission.paid', { object: { id: 'cm_1', state: 'due', amount: 1250, currency: 'USD' } }],
		['rewardful', 'payout.paid', { object: { id: 'po_1', state: 'pending', amount: 1250 } }],
		['github', 'commission.paid', { data: { id: 1, status: 'denied', amount: 59 } }],
		['github', 'payout.paid', { data: { id: 1, status: 'pending', amount: 59 } }],
	])('%s: a body whose status is not paid, named %s, is no payment and keeps its id; said paid, it is one', (scheme, name, body) => {
		const text = JSON.stringify(body);
		const [named, none] = resend(scheme, text, [{ topic: name }, {}]);
		expect(named.id).toBe(none.id);
		expect(named.type).not.toMatch(/paid/);
		const [paid] = resend(scheme, text.replace(/"(pending|due|denied)"/, '"paid"'), [{ topic: name }]);
		expect(paid.type).toBe(name === 'payment.paid' ? 'commission.paid' : name);
	});
});

describe('generic: a status sent as `state` counts', () => {
	test('?topic=affiliate.approved cannot approve an affiliate whose `state` is pending', () => {
		const body = JSON.stringify({ affiliate: { id: 'af_1', email: 'ada@example.com', state: 'pending' } });
		const [named, none] = resend('github', body, [{ topic: 'affiliate.approved' }, {}]);
		expect(named).toEqual({ id: none.id, type: 'affiliate.updated' });
	});
});

describe('UpPromote: ?topic= and topic headers are unsigned', () => {
	const pendingReferral = fixtureText('uppromote/referral.json');

	test('?topic=referral.approved on a pending referral keeps its id and stays a new conversion', () => {
		const [original, approvedQuery, approvedHeader] = resend('uppromote', pendingReferral, [
			{ topic: 'referral.new' },
			{ topic: 'referral.approved' },
			{ headers: { 'X-UpPromote-Topic': 'referral.approved' } },
		]);
		expect(original.type).toBe('conversion.created');
		expect(approvedQuery).toEqual(original);
		expect(approvedHeader).toEqual(original);
	});

	test('?topic=affiliate.approved on a pending affiliate keeps its id and is no approval', () => {
		const [original, swapped] = resend('uppromote', fixtureText('uppromote/affiliate.json'), [{ topic: 'affiliate.new' }, { topic: 'affiliate.approved' }]);
		expect(original.type).toBe('affiliate.created');
		expect(swapped.id).toBe(original.id);
		expect(swapped.type).not.toBe('affiliate.approved');
	});

	test('a payment named referral.approved is still the payment', () => {
		const [original, swapped] = resend('uppromote', fixtureText('uppromote/payment.json'), [{ topic: 'payment.paid' }, { topic: 'referral.approved' }]);
		expect(swapped).toEqual({ id: original.id, type: 'commission.paid' });
	});
});

describe('FirstPromoter: X-Event-Id and X-Event-Type are unsigned', () => {
	test('a body without event_id keeps one id whatever X-Event-Id says; one with it keeps its own', () => {
		const body = JSON.stringify({ event_type: 'referral.created', data: { id: 7, email: 'buyer@example.com', promoter: { email: 'ada@example.com' } } });
		const deliveries = resend('firstpromoter', body, [{ headers: { 'X-Event-Id': 'a' } }, { headers: { 'X-Event-Id': 'b' } }, {}]);
		expect(new Set(deliveries.map((delivery) => delivery.id)).size).toBe(1);
		const signedId = JSON.stringify({ event_id: 'evt-1', event_type: 'commission.created', data: { id: 9, status: 'pending' } });
		const [swapped] = resend('firstpromoter', signedId, [{ headers: { 'X-Event-Id': 'evt-2', 'X-Event-Type': 'commission.updated' } }]);
		expect(swapped).toEqual({ id: 'firstpromoter:evt-1', type: 'commission.created' });
	});
});

describe('Rewardful: ?topic= is unsigned', () => {
	test('a signed event.type wins over ?topic=; without one, ?topic= cannot approve a suspended affiliate', () => {
		const body = JSON.stringify({ event: { id: 'evt_9', type: 'referral.lead' }, object: JSON.parse(fixtureText('rewardful/referral.json')) });
		const [original, swapped] = resend('rewardful', body, [{}, { topic: 'affiliate.confirmed' }]);
		expect(swapped).toEqual({ id: original.id, type: 'referral.created' });
		const unnamed = JSON.stringify({ object: { id: 'aff_1', email: 'ada@example.com', state: 'suspended' } });
		const [confirmed, none] = resend('rewardful', unnamed, [{ topic: 'affiliate.confirmed' }, {}]);
		expect(confirmed).toEqual({ id: none.id, type: 'affiliate.deactivated' });
	});
});

describe.each(['github', 'generic-hmac', 'stripe'])('%s (body-only) on the generic platform', (schemeName) => {
	const withId = JSON.stringify({ type: 'affiliate.approved', id: 'evt_body_1', affiliate: { email: 'ada@example.com', status: 'approved' } });
	const withoutId = JSON.stringify({ type: 'conversion.created', affiliate: { email: 'ada@example.com' }, amount: 59 });
	const unsignedIds: Array<{ headers?: Record<string, string> }> = [
		{ headers: { 'webhook-id': 'msg_a' } },
		{ headers: { 'webhook-id': 'msg_b', 'svix-id': 'msg_c' } },
		{ headers: { 'X-GitHub-Delivery': '6f1c2a4e-0001' } },
		{ headers: { 'X-GitHub-Delivery': '6f1c2a4e-0002' } },
		{},
	];

	test('one signed body re-sent with new webhook-id / svix-id / X-GitHub-Delivery values is one event: the body’s id', () => {
		const deliveries = resend(schemeName, withId, unsignedIds);
		expect(new Set(deliveries.map((delivery) => delivery.id))).toEqual(new Set(['generic:evt_body_1']));
	});

	test('a signed body without an id keeps one derived id whatever those headers say', () => {
		const deliveries = resend(schemeName, withoutId, unsignedIds);
		expect(new Set(deliveries.map((delivery) => delivery.id)).size).toBe(1);
	});

	test('?topic= cannot approve a body whose affiliate is pending', () => {
		const pending = JSON.stringify({ affiliate: { id: 'af_1', email: 'ada@example.com', status: 'pending' } });
		const [named, none] = resend(schemeName, pending, [{ topic: 'affiliate.approved' }, {}]);
		expect(named.id).toBe(none.id);
		expect(named.type).toBe('affiliate.updated');
	});
});

describe('Standard Webhooks signs its webhook-id', () => {
	test('the verdict names the signed headers; the signed webhook-id is the event id, one per signed message', () => {
		const setup = SCHEMES['standard-webhooks'];
		const rawBody = fixtureText('generic/okendo-sent-referral.json');
		const headers = setup.sign(rawBody, 'msg_1');
		const verdict = verifyWebhookSignature({ scheme: setup.scheme, secret: setup.secret, headers, rawBody, nowSeconds: NOW_SECONDS });
		expect(verdict).toMatchObject({ valid: true, deliveryId: 'msg_1', signedHeaders: ['webhook-id', 'webhook-timestamp'] });
		const first = receive(setup, { headers: { ...headers, 'X-GitHub-Delivery': 'unsigned' }, rawBody });
		const second = receive(setup, { headers: setup.sign(rawBody, 'msg_2'), rawBody });
		expect([first[0].id, second[0].id]).toEqual(['generic:msg_1', 'generic:msg_2']);
	});
});
