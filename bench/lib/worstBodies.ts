import { createHmac } from 'node:crypto';

import type { parseVerifiedBody } from '../../nodes/AffiliateWebhookTrigger/parseBody';
import { eventsAllowedFor } from '../../nodes/shared/webhooks/normalize';
import type { AffiliatePlatform, normalizeWebhookDelivery, SignatureScheme, verifyWebhookSignature } from '../../nodes/shared/webhooks';

/**
 * The most expensive signed bodies we know how to build at a given size: what anyone holding the secret (or anyone at
 * all, with Signature Check None) can send the trigger. Each shape fills `bytes` with the one thing a reader could be
 * slow on — a long digit run where an amount or a time is read, deep nesting, a wide list or object, thousands of
 * affiliates and payments, one huge string where a name or status is read. The unit test times each at n and 2n
 * bytes (growth), the `bodies` bench at the trigger's cap (absolute time).
 */
export interface WorstShape {
	name: string;
	platform: AffiliatePlatform;
	/** The `Refersion-Topic` header, for the Refersion shapes that need one to be read the slow way. */
	topic?: string;
	/** JSON text of at most `bytes` bytes (ASCII, so characters are bytes). */
	build(bytes: number): string;
	/**
	 * For bodies too deep for the trigger (it refuses more than 100 levels with a 400, before JSON.parse): the same
	 * value built directly, for the normalizer as a library caller could hand it over. (Built, not parsed: V8's own
	 * JSON.parse takes most of a second on 250,000 nested lists.)
	 */
	deepValue?(bytes: number): unknown;
}

/** A list or object `depth` levels deep around `inner`, built without recursion. */
function nested(depth: number, wrap: (inner: unknown) => unknown, inner: unknown): unknown {
	let value = inner;
	for (let level = 0; level < depth; level++) value = wrap(value);
	return value;
}

/** `head` + as many `unit(i)` (joined by `,`) as fit + `tail`; every unit must be the same length. */
function repeated(bytes: number, head: string, unit: (index: number) => string, tail: string): string {
	const room = bytes - head.length - tail.length;
	const count = Math.max(1, Math.floor((room + 1) / (unit(0).length + 1)));
	const units: string[] = [];
	for (let index = 0; index < count; index++) units.push(unit(index));
	return `${head}${units.join(',')}${tail}`;
}

/** A string field filled to size: `before` + `"` + filler + `"` + `after`. */
function longString(bytes: number, before: string, filler: (length: number) => string, after: string): string {
	return `${before}"${filler(Math.max(1, bytes - before.length - after.length - 2))}"${after}`;
}

/** Digits with one stray character at the end: the input that made `\d+\.?\d*` backtrack quadratically. */
const digitRun = (length: number) => `${'1'.repeat(Math.max(0, length - 1))}x`;
const junk = (length: number) => 'ab'.repeat(Math.ceil(length / 2)).slice(0, length);
/** Many short words: the event-name and status readers split text into words. */
const words = (length: number) => 'approved not '.repeat(Math.ceil(length / 13)).slice(0, length);
const id6 = (index: number) => String(100000 + (index % 900000));

export const WORST_SHAPES: WorstShape[] = [
	{
		name: 'amount digit run: Refersion conversion total',
		platform: 'refersion',
		topic: 'NEW_CONVERSION',
		build: (bytes) => longString(bytes, '{"id":9,"order_id":"1","status":"pending","currency":"USD","affiliate":{"id":1},"total":', digitRun, '}'),
	},
	{
		name: 'amount digit run: Refersion payment total',
		platform: 'refersion',
		build: (bytes) => longString(bytes, '{"affiliates":{"1":{"id":1}},"payments":[{"affiliate_id":1,"id":1,"total":', digitRun, '}]}'),
	},
	{
		name: 'amount digit run: Refersion tier reward',
		platform: 'refersion',
		build: (bytes) => longString(bytes, '{"id":3,"affiliate_id":1,"reward":{"id":1,"amount_given":', digitRun, '}}'),
	},
	{
		name: 'amount digit run: Rewardful sale cents',
		platform: 'rewardful',
		build: (bytes) => longString(bytes, '{"event":{"id":"e1","type":"sale.created"},"object":{"id":"s1","sale_amount_cents":', digitRun, '}}'),
	},
	{
		name: 'amount digit run: FirstPromoter commission',
		platform: 'firstpromoter',
		build: (bytes) => longString(bytes, '{"event_id":"e1","event_type":"commission.created","data":{"id":1,"sale_amount":', digitRun, '}}'),
	},
	{
		name: 'amount digit run: UpPromote referral',
		platform: 'uppromote',
		build: (bytes) => longString(bytes, '{"order_id":1,"status":"pending","total_sales":', digitRun, '}'),
	},
	{
		name: 'amount digit run: generic conversion',
		platform: 'generic',
		build: (bytes) => longString(bytes, '{"type":"conversion.created","id":"e1","data":{"amount":', digitRun, '}}'),
	},
	{
		name: 'time digit run: Refersion updated',
		platform: 'refersion',
		topic: 'NEW_CONVERSION',
		build: (bytes) => longString(bytes, '{"id":9,"order_id":"1","status":"pending","total":"1","affiliate":{"id":1},"updated":', digitRun, '}'),
	},
	{
		name: 'time junk with a zone: generic timestamp',
		platform: 'generic',
		// Passes both cheap checks (a hh:mm, a zone at the end), so it reaches Date.parse whole.
		build: (bytes) => longString(bytes, '{"type":"conversion.created","id":"e1","timestamp":', (length) => `00:00 ${junk(length - 12)} +0000`, '}'),
	},
	{
		name: 'deep nesting: lists (hashed for the id)',
		platform: 'uppromote',
		build: (bytes) => {
			const depth = Math.floor((bytes - 32) / 2);
			return `{"email":"a@b.c","data":${'['.repeat(depth)}${']'.repeat(depth)}}`;
		},
		deepValue: (bytes) => ({ email: 'a@b.c', data: nested(Math.floor((bytes - 32) / 2), (inner) => [inner], []) }),
	},
	{
		name: 'deep nesting: objects (hashed for the id)',
		platform: 'uppromote',
		build: (bytes) => {
			const depth = Math.floor((bytes - 32) / 6);
			return `{"email":"a@b.c","data":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
		},
		deepValue: (bytes) => ({ email: 'a@b.c', data: nested(Math.floor((bytes - 32) / 6), (inner) => ({ a: inner }), 1) }),
	},
	{
		name: 'nesting at the limit (100 deep), side by side',
		platform: 'uppromote',
		build: (bytes) => repeated(bytes, '{"email":"a@b.c","data":[', () => `${'['.repeat(98)}${']'.repeat(98)}`, ']}'),
	},
	{
		name: 'wide list (hashed for the id)',
		platform: 'uppromote',
		build: (bytes) => repeated(bytes, '{"email":"a@b.c","items":[', () => '0', ']}'),
	},
	{
		name: 'wide object (hashed for the id)',
		platform: 'uppromote',
		build: (bytes) => repeated(bytes, '{"email":"a@b.c",', (index) => `"k${id6(index)}":0`, '}'),
	},
	{
		name: 'wide object: generic referral (role fields looked for)',
		platform: 'generic',
		build: (bytes) => repeated(bytes, '{"type":"referral.created","data":{', (index) => `"k${id6(index)}":0`, '}}'),
	},
	{
		name: 'wide object: Refersion affiliate record',
		platform: 'refersion',
		topic: 'AFFILIATE_STATUS_CHANGE',
		build: (bytes) => repeated(bytes, '{"id":1,"code":"a","email":"a@b.c","status":"active",', (index) => `"k${id6(index)}":0`, '}'),
	},
	{
		// The most events one delivery may start at this body cap (eventsAllowedFor), each affiliate as short as it comes,
		// and payments listed beside them filling the rest, tied round the affiliates by affiliate_id to be grouped and
		// summed: the costliest payment the trigger still fans out.
		name: 'Refersion payments listed beside many affiliates',
		platform: 'refersion',
		topic: 'NEW_PAYMENT',
		build: (bytes) => {
			const count = eventsAllowedFor(bytes);
			const affiliates = Array.from({ length: count }, (_, index) => `"${id6(index)}":{}`).join(',');
			const payment = (index: number) => `{"affiliate_id":${id6(index % count)},"total":"5.00"}`;
			const room = bytes - 40 - affiliates.length;
			const payments = Array.from({ length: Math.max(0, Math.floor(room / (payment(0).length + 1))) }, (_, index) => payment(index));
			return `{"affiliates":{${affiliates}},"payments":[${payments.join(',')}]}`;
		},
	},
	{
		name: 'Refersion payments: every affiliate with one id',
		platform: 'refersion',
		topic: 'NEW_PAYMENT',
		// Every affiliate's event carries all the payments' ids (the payout id lists them): a sixth of the body in
		// affiliates, the rest in long payment ids, so whatever is done per event with that list shows.
		build: (bytes) => {
			const affiliate = (index: number) => `"${id6(index)}":{"id":"1"}`;
			const payment = (index: number) => `{"affiliate_id":"1","id":"${id6(index).repeat(100)}"}`;
			const affiliateCount = Math.floor(bytes / 6 / (affiliate(0).length + 1));
			const paymentCount = Math.max(1, Math.floor((bytes - 40 - affiliateCount * (affiliate(0).length + 1)) / (payment(0).length + 1)));
			const affiliates = Array.from({ length: affiliateCount }, (_, index) => affiliate(index));
			const payments = Array.from({ length: paymentCount }, (_, index) => payment(index));
			return `{"affiliates":{${affiliates.join(',')}},"payments":[${payments.join(',')}]}`;
		},
	},
	{
		// As many affiliates as one delivery may start, each with its payments nested, as many as fill the body evenly.
		name: 'Refersion payment: many affiliates, payments nested',
		platform: 'refersion',
		topic: 'NEW_PAYMENT',
		build: (bytes) => {
			const count = eventsAllowedFor(bytes);
			const payment = (index: number) => `{"id":"${id6(index)}","total":"1.00"}`;
			const entry = (index: number, payments: number) =>
				`"${id6(index)}":{"id":"${id6(index)}","payments":[${Array.from({ length: payments }, (_, paid) => payment(paid)).join(',')}]}`;
			// The payments that fit, shared out evenly: the first `extra` affiliates get one more.
			const payments = Math.max(count, Math.floor((bytes - 20 - count * (entry(0, 0).length + 1)) / (payment(0).length + 1)));
			const extra = payments % count;
			const entries = Array.from({ length: count }, (_, index) => entry(index, Math.floor(payments / count) + (index < extra ? 1 : 0)));
			return `{"affiliates":{${entries.join(',')}}}`;
		},
	},
	{
		// Every affiliate's payment with its own status, each a run of known words that ends in an unknown one: the status
		// is read against the payment (settleType), and every text is a new one to split into words.
		name: 'Refersion payment: a different compound status on every payment',
		platform: 'refersion',
		topic: 'NEW_PAYMENT',
		build: (bytes) => {
			const count = eventsAllowedFor(bytes);
			const status = (index: number) => `${'paid'.repeat(8)}${id6(index)}`;
			const entry = (index: number) => `"${id6(index)}":{"payments":[{"id":"${id6(index)}","status":"${status(index)}"}]}`;
			return `{"affiliates":{${Array.from({ length: Math.min(count, Math.floor((bytes - 20) / (entry(0).length + 1))) }, (_, index) => entry(index)).join(',')}}}`;
		},
	},
	{
		// Every payment's status contradicts the payment and differs from the others: each is read, each raises its own
		// warning (found by the second review).
		name: 'Refersion payment: a different contradicting status on every payment',
		platform: 'refersion',
		topic: 'NEW_PAYMENT',
		build: (bytes) => {
			const count = eventsAllowedFor(bytes);
			const entry = (index: number) => `"${id6(index)}":{"payments":[{"id":"${id6(index)}","status":"failed in review ${id6(index)}"}]}`;
			return `{"affiliates":{${Array.from({ length: Math.min(count, Math.floor((bytes - 20) / (entry(0).length + 1))) }, (_, index) => entry(index)).join(',')}}}`;
		},
	},
	{
		// No real payment looks like this (a real affiliate entry is a record of 150 bytes and more): found by review,
		// the most events a megabyte can name, each an empty entry. More than one delivery may start (one per 100 bytes
		// of the body cap): kept whole as one unknown event, with a warning, before any is built.
		name: 'Refersion payment: 100,000 empty affiliate entries',
		platform: 'refersion',
		topic: 'NEW_PAYMENT',
		build: (bytes) => repeated(bytes, '{"affiliates":{', (index) => `"${id6(index)}":0`, '}}'),
	},
	{
		name: 'long string: Refersion email and name',
		platform: 'refersion',
		topic: 'AFFILIATE_STATUS_CHANGE',
		build: (bytes) => {
			const half = Math.floor((bytes - 80) / 2);
			return `{"id":1,"code":"a","status":"active","email":"${'A'.repeat(half)}@x","first_name":"${' a'.repeat(Math.floor(half / 2))}"}`;
		},
	},
	{
		name: 'long string: Refersion affiliate status',
		platform: 'refersion',
		topic: 'AFFILIATE_STATUS_CHANGE',
		build: (bytes) => longString(bytes, '{"id":1,"code":"a","email":"a@b.c","status":', words, '}'),
	},
	{
		name: 'long string: generic event name',
		platform: 'generic',
		build: (bytes) => longString(bytes, '{"id":"e1","type":', words, '}'),
	},
	{
		name: 'long string: generic status',
		platform: 'generic',
		build: (bytes) => longString(bytes, '{"id":"e1","type":"affiliate.approved","data":{"affiliate":{"email":"a@b.c","status":', words, '}}}'),
	},
	{
		name: 'long string: Rewardful event type',
		platform: 'rewardful',
		build: (bytes) => longString(bytes, '{"event":{"id":"e1","type":', words, '},"object":{"id":"a1"}}'),
	},
	{
		name: 'long string: FirstPromoter event type',
		platform: 'firstpromoter',
		build: (bytes) => longString(bytes, '{"event_id":"e1","data":{"id":1},"event_type":', (length) => `promoter${words(length - 8)}`, '}'),
	},
	{
		name: 'long string: UpPromote status',
		platform: 'uppromote',
		build: (bytes) => longString(bytes, '{"id":1,"email":"a@b.c","status":', words, '}'),
	},
	{
		// Rewardful's event id is the event's id as sent: hashed for the replay store's key and the fact id.
		name: 'long string: Rewardful event id (the replay key)',
		platform: 'rewardful',
		build: (bytes) => longString(bytes, '{"object":{"id":"a1","state":"active"},"event":{"type":"affiliate.confirmed","id":', junk, '}}'),
	},
];

/** The platform's own scheme; generic bodies go over Standard Webhooks, as Okendo-style senders use it. */
const SCHEME_OF: Record<AffiliatePlatform, SignatureScheme> = {
	refersion: 'refersion',
	rewardful: 'rewardful',
	uppromote: 'uppromote',
	firstpromoter: 'firstpromoter',
	generic: 'standard-webhooks',
};

const SIGNATURE_HEADER: Record<Exclude<AffiliatePlatform, 'generic'>, [name: string, encoding: 'hex' | 'base64']> = {
	refersion: ['refersion-signature', 'base64'],
	rewardful: ['x-rewardful-signature', 'hex'],
	uppromote: ['x-uppromote-signature', 'hex'],
	firstpromoter: ['x-webhook-signature', 'hex'],
};

export interface SignedWorstBody {
	shape: WorstShape;
	scheme: SignatureScheme;
	secret: string;
	headers: Record<string, string>;
	rawBody: Buffer;
	nowSeconds: number;
}

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW_SECONDS = 1_767_607_200;

/** The shape at `bytes`, signed as its platform signs. */
export function signedWorstBody(shape: WorstShape, bytes: number): SignedWorstBody {
	const rawBody = Buffer.from(shape.build(bytes), 'utf8');
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (shape.topic && shape.platform === 'refersion') headers['refersion-topic'] = shape.topic;
	if (shape.platform === 'generic') {
		const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
		const id = 'msg_worst';
		headers['webhook-id'] = id;
		headers['webhook-timestamp'] = String(NOW_SECONDS);
		headers['webhook-signature'] = `v1,${createHmac('sha256', key).update(`${id}.${NOW_SECONDS}.`).update(rawBody).digest('base64')}`;
	} else {
		const [name, encoding] = SIGNATURE_HEADER[shape.platform];
		headers[name] = createHmac('sha256', SECRET).update(rawBody).digest(encoding);
	}
	return { shape, scheme: SCHEME_OF[shape.platform], secret: SECRET, headers, rawBody, nowSeconds: NOW_SECONDS };
}

/** The trigger's steps before a workflow runs, passed in: the sources in the unit test, the compiled package in the bench. */
export interface TriggerSteps {
	verifyWebhookSignature: typeof verifyWebhookSignature;
	parseVerifiedBody: typeof parseVerifiedBody;
	normalizeWebhookDelivery: typeof normalizeWebhookDelivery;
}

export interface Received {
	/** 400 when the trigger refuses the body (nested too deep); 200 otherwise. */
	status: 200 | 400;
	events: string[];
	warnings: number;
}

/** What the trigger does with the body up to the replay store: verify, parse, normalize (as receiveDelivery does). */
export function receiveWorstBody(steps: TriggerSteps, signed: SignedWorstBody): Received {
	const { shape, scheme, secret, headers, rawBody, nowSeconds } = signed;
	const verdict = steps.verifyWebhookSignature({ scheme, secret, headers, rawBody, nowSeconds });
	if (!verdict.valid) throw new Error(`${shape.name}: the signature does not verify (${verdict.reason ?? ''})`);
	const parsed = steps.parseVerifiedBody(rawBody);
	if (!parsed.ok) return { status: 400, events: [], warnings: 0 };
	const { events, warnings } = steps.normalizeWebhookDelivery({
		platform: shape.platform,
		headers,
		body: parsed.body,
		options: { deliveryId: verdict.deliveryId, signedHeaders: verdict.signedHeaders, now: new Date(nowSeconds * 1000) },
	});
	return { status: 200, events: events.map((event) => event.id), warnings: warnings.length };
}
