import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';

import { normalizedEventSchema, normalizeWebhookDelivery, type AffiliatePlatform } from '../../../nodes/shared/webhooks';
import { fixture } from './helpers';

/**
 * Issue 14: a signed delivery never makes the normalizer throw. Property: for any body — random JSON, or a platform's
 * own payloads with random values of any type put in the positions the platform's fields live in — normalization
 * returns at least one event, every event passes the schema, and warnings are plain strings. The values lean towards
 * the ones that broke it before: epoch times in micro- and nanoseconds, amounts near the largest number, numbers as
 * text, empty and prototype-like keys.
 */
const NOW = new Date('2026-01-01T00:00:00Z');
const PLATFORMS: AffiliatePlatform[] = ['refersion', 'rewardful', 'uppromote', 'firstpromoter', 'generic'];
const RUNS_PER_PLATFORM = 150;

type Path = Array<string | number>;

/** Every position in a fixture: leaves and containers alike, so whole sections get replaced too. */
function positionsOf(value: unknown, path: Path = []): Path[] {
	if (Array.isArray(value)) return [path, ...value.flatMap((item, index) => positionsOf(item, [...path, index]))];
	if (typeof value === 'object' && value !== null) {
		return [path, ...Object.entries(value).flatMap(([key, item]) => positionsOf(item, [...path, key]))];
	}
	return [path];
}

/**
 * The event names the Rewardful and FirstPromoter fixtures stand for: those fixtures hold the object alone, and the
 * platforms wrap it in an envelope (the name, the id, the time), which is where several fields under test live.
 */
const ENVELOPED: Partial<Record<AffiliatePlatform, Record<string, string>>> = {
	rewardful: {
		'affiliate-coupon': 'affiliate_coupon.created',
		'affiliate-link': 'affiliate_link.created',
		affiliate: 'affiliate.confirmed',
		commission: 'commission.paid',
		payout: 'payout.paid',
		referral: 'referral.converted',
		sale: 'sale.created',
	},
	firstpromoter: {
		commission: 'commission.updated',
		payout: 'payout.updated',
		'promoter-campaign': 'promoter_campaign.updated',
		promoter: 'promoter.created',
		referral: 'referral.created',
	},
};

function envelope(platform: AffiliatePlatform, type: string, object: unknown): unknown {
	if (platform === 'rewardful') return { object, event: { id: `evt_${type}`, type, created_at: '2026-01-01T00:00:00Z' }, request: { id: 'req_1' } };
	return { event_id: `fp_${type}`, event_type: type, changes: { status: ['pending', 'approved'] }, data: object, timestamp: '2026-01-01T00:00:00Z' };
}

function fixturesOf(platform: AffiliatePlatform): unknown[] {
	const folder = join(__dirname, 'fixtures', platform);
	return readdirSync(folder).map((name) => {
		const body = fixture(`${platform}/${name}`);
		const type = ENVELOPED[platform]?.[name.replace(/\.json$/, '')];
		return type ? envelope(platform, type, body) : body;
	});
}

/** A copy of `body` with `value` at `path` (the root when the path is empty). */
function withValueAt(body: unknown, path: Path, value: unknown): unknown {
	if (path.length === 0) return value;
	// A root already replaced by a scalar gets an object again, so later positions still land somewhere.
	const copy = (typeof body === 'object' && body !== null ? structuredClone(body) : {}) as Record<string | number, unknown>;
	let node = copy;
	for (const key of path.slice(0, -1)) {
		if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
		node = node[key] as Record<string | number, unknown>;
	}
	node[path[path.length - 1]] = value;
	return copy;
}

const nastyNumber = fc.oneof(
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.double({ min: 1e9, max: 1e21, noNaN: true }),
	fc.constantFrom(1.7976931348623157e308, -1.7976931348623157e308, 1_767_225_600_123_456, 1_767_225_600_123_456_789, 0, -1, 5e-324),
	fc.integer(),
);
const nastyText = fc.oneof(
	fc.string(),
	nastyNumber.map(String),
	fc.constantFrom('', ' ', '59,90', '1,234.50', '1e400', 'NaN', 'Infinity', '2020-02-30 10:00:00', '+275760-09-13T00:00:00Z', '9999-12-31T23:59:59Z'),
	fc.constantFrom('__proto__', 'constructor', 'toString', 'APPROVED', 'approved', 'active', 'pending', 'denied', 'referrer', 'friend'),
	fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);
/** Epoch times in micro- and nanoseconds, as numbers and as digits (a year-55,000 date if read as milliseconds). */
const epochBeyondMilliseconds = fc
	.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
	.chain((date) => fc.constantFrom<unknown>(date.getTime() * 1000, String(date.getTime() * 1000), String(BigInt(date.getTime()) * 1_000_000n)));
/** Amounts no price has: near the largest number, so a sum of two overflows. */
const absurdAmount = fc.oneof(fc.double({ min: 1e15, max: 1.7976931348623157e308, noNaN: true }), fc.constant('9'.repeat(400)));
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 3, arbitrary: nastyText },
	{ weight: 3, arbitrary: nastyNumber },
	{ weight: 4, arbitrary: epochBeyondMilliseconds },
	{ weight: 3, arbitrary: absurdAmount },
	{ weight: 1, arbitrary: fc.constantFrom(null, true, false, undefined) },
	{ weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
	// A payments list (Refersion's shape) whose amounts add up past the largest number.
	{ weight: 1, arbitrary: fc.array(absurdAmount.map((amount) => ({ id: String(amount).slice(0, 12), commission_total: amount, currency: 'USD' })), { minLength: 2, maxLength: 3 }) },
);

const PROTOTYPE_WORDS = ['__proto__', 'constructor', 'toString'];
const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
const valueAt = (body: unknown, path: Path) => path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)?.[key], body);

/** Names the platform readers read, in the spellings they accept. */
const FIELDS_READ = [
	'status', 'state', 'previous_status', 'current_status', 'customer_role', 'customerRole', 'Customer Role', 'role', 'type', 'event_type',
	'changes', 'affiliate', 'referrer', 'recipient', 'payment_method', 'order_id', 'reward', 'trigger', 'affiliate_id', 'constructor', '__proto__',
];

const unsignedExtras = fc.record({
	topic: fc.option(fc.oneof(fc.string(), fc.constantFrom('APPROVED_CONVERSION', 'referral.approved', 'affiliate.approved', 'NEW_PAYMENT', 'affiliate.confirmed'))),
	header: fc.option(fc.string()),
});

function assertTotal(platform: AffiliatePlatform, body: unknown, extras: { topic: string | null; header: string | null }) {
	const headers = extras.header === null ? {} : { 'Refersion-Topic': extras.header, 'X-UpPromote-Topic': extras.header, 'X-Event-Type': extras.header };
	const result = normalizeWebhookDelivery({ platform, headers, body, options: { now: NOW, topic: extras.topic ?? undefined } });
	expect(result.events.length).toBeGreaterThan(0);
	for (const event of result.events) {
		const checked = normalizedEventSchema.safeParse(event);
		if (!checked.success) throw new Error(`${platform}: ${JSON.stringify(checked.error.issues)}`);
	}
	for (const warning of result.warnings) expect(typeof warning).toBe('string');
	// The last-resort net (a whole delivery kept as unknown) is for bugs: the field readers alone must cope.
	const netCaught = result.warnings.filter((warning) => /kept as unknown/.test(warning));
	if (netCaught.length > 0) throw new Error(`${platform}: ${netCaught.join('; ')}`);
}

describe.each(PLATFORMS)('%s', (platform) => {
	const bodies = fixturesOf(platform);
	const positioned = bodies.flatMap((body) => positionsOf(body).map((path) => ({ body, path })));
	// Fields the readers look for that a fixture may lack (a role, a status, a shape marker) are added as well:
	// changing only the positions a fixture already has never reaches the code that reads them.
	const added = fc.record({ at: fc.constantFrom(...positioned), key: fc.constantFrom(...FIELDS_READ) }).map(({ at, key }) => ({ body: at.body, path: [...at.path, key] }));
	const change = fc.record({ target: fc.oneof(fc.constantFrom(...positioned), added), value: nastyValue });
	const mutation = fc.record({ first: change, more: fc.array(change, { maxLength: 4 }), extras: unsignedExtras });

	// Exhaustive, not sampled: a table looked up with an untrusted word (`ROLE_WORDS[word]`) breaks only on a
	// prototype name in that one field, which random values almost never hit.
	test('a prototype name as the value of every field, present or added, is read as a plain word', () => {
		const containers = positioned.filter(({ body, path }) => isObject(valueAt(body, path)));
		const targets = [...positioned, ...containers.flatMap(({ body, path }) => FIELDS_READ.map((key) => ({ body, path: [...path, key] })))];
		for (const { body, path } of targets) {
			for (const word of PROTOTYPE_WORDS) assertTotal(platform, withValueAt(body, path, word), { topic: word, header: word });
		}
	});

	test('normalization is total: the platform’s payloads with random values in their fields, and random JSON', () => {
		fc.assert(
			fc.property(mutation, ({ first, more, extras }) => {
				let body = withValueAt(first.target.body, first.target.path, first.value);
				for (const next of more) if (next.target.body === first.target.body) body = withValueAt(body, next.target.path, next.value);
				assertTotal(platform, body, extras);
			}),
			{ numRuns: RUNS_PER_PLATFORM },
		);
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 4 }), unsignedExtras, (body, extras) => assertTotal(platform, body, extras)),
			{ numRuns: RUNS_PER_PLATFORM / 3 },
		);
	});
});
