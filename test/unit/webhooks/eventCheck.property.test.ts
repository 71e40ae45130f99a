import fc from 'fast-check';

import { surelyNormalizedEvent } from '../../../nodes/shared/webhooks/eventCheck';
import { normalizedEventSchema, normalizeWebhookDelivery, type AffiliatePlatform } from '../../../nodes/shared/webhooks';
import { fixture } from './helpers';

/**
 * The quick check may only ever say yes to what the schema accepts: the schema is the rule. (It may say no to more:
 * those events then go to the schema.) And it must say yes to the events our readers build, or it saves nothing.
 */
const valid = () => ({
	id: 'refersion:1',
	factId: null,
	platform: 'refersion',
	type: 'conversion.created',
	sourceType: 'NEW_CONVERSION',
	occurredAt: '2020-02-14T18:48:42.000Z',
	affiliate: { id: '1', code: null, email: null, firstName: null, lastName: null, phone: null, referralLink: null, couponCode: null, offerId: null, offerName: null, status: null },
	conversion: { id: '9', orderId: null, amount: 59, commission: 5.9, currency: 'USD', status: null, customerEmail: null },
	payout: { id: null, amount: null, currency: null },
	tier: { id: null, name: null, milestone: null, amount: 1 },
	referral: {
		id: null,
		referrerEmail: null,
		referrerPhone: null,
		referrerFirstName: null,
		recipientEmail: null,
		recipientPhone: null,
		recipientFirstName: null,
		couponCode: null,
		orderId: null,
		amount: null,
		currency: null,
		actor: 'referrer',
	},
	raw: {},
});

const oddValue = fc.oneof(
	fc.constantFrom<unknown>(null, undefined, '', ' ', 'x', 0, -0, 1.5, NaN, Infinity, -Infinity, true, [], {}, new Date(0), Object.create(null)),
	fc.constantFrom('2020-02-30T00:00:00Z', '2020-02-29T00:00:00Z', '2021-02-29T00:00:00Z', '2020-01-01T24:00:00Z', '2020-01-01T00:60Z', '0050-01-01T00:00:00Z', '2020-01-01T00:00:00+01:00', '2020-01-01 00:00:00Z', '2020-01-01T00:00:00.123456Z'),
	fc.constantFrom('affiliate.approved', 'unknown', 'Affiliate.Approved', 'referrer', 'recipient', 'friend'),
	fc.string(),
	fc.double(),
);

type Path = string[];
const PATHS: Path[] = [
	...Object.keys(valid()).map((key) => [key]),
	...['affiliate', 'conversion', 'payout', 'tier', 'referral'].flatMap((part) => Object.keys((valid() as unknown as Record<string, Record<string, unknown>>)[part]).map((key) => [part, key])),
	['extra'],
	['affiliate', 'extra'],
	['referral', 'extra'],
];

function mutate(event: Record<string, unknown>, path: Path, value: unknown, remove: boolean): void {
	const holder = path.length === 1 ? event : (event[path[0]] as Record<string, unknown> | undefined);
	if (!holder || typeof holder !== 'object') return;
	const key = path[path.length - 1];
	if (remove) delete holder[key];
	else holder[key] = value;
}

test('a yes from the quick check is always a yes from the schema', () => {
	fc.assert(
		fc.property(fc.array(fc.tuple(fc.constantFrom(...PATHS), oddValue, fc.boolean()), { maxLength: 4 }), (changes) => {
			const event = valid() as Record<string, unknown>;
			for (const [path, value, remove] of changes) mutate(event, path, value, remove);
			if (surelyNormalizedEvent(event)) expect(normalizedEventSchema.safeParse(event).success).toBe(true);
		}),
		{ numRuns: 20_000 },
	);
});

test('it says no to the ones the schema refuses (a sample)', () => {
	const cases: Array<[Path, unknown]> = [
		[['occurredAt'], '2021-02-29T00:00:00Z'],
		[['id'], ''],
		[['type'], 'affiliate.Approved'],
		[['affiliate', 'email'], undefined],
		[['conversion', 'amount'], NaN],
		[['referral', 'actor'], 'friend'],
		[['extra'], 1],
	];
	for (const [path, value] of cases) {
		const event = valid() as Record<string, unknown>;
		mutate(event, path, value, false);
		expect({ path, surely: surelyNormalizedEvent(event) }).toEqual({ path, surely: false });
		expect(normalizedEventSchema.safeParse(event).success).toBe(false);
	}
});

test.each<[AffiliatePlatform, string, Record<string, string>?]>([
	['refersion', 'refersion/conversion-pending.json', { 'Refersion-Topic': 'NEW_CONVERSION' }],
	['refersion', 'refersion/payment-two-affiliates.json', { 'Refersion-Topic': 'NEW_PAYMENT' }],
	['refersion', 'refersion/bonus-tier-movement.json'],
	['generic', 'generic/okendo-coupon-redeemed.json'],
	['uppromote', 'uppromote/referral.json'],
	['firstpromoter', 'firstpromoter/legacy-promoter-accepted.json'],
])('the events our readers build pass it as they are (%s, %s)', (platform, name, headers = {}) => {
	const { events } = normalizeWebhookDelivery({ platform, headers, body: fixture(name), options: { now: new Date('2026-01-01T00:00:00Z') } });
	for (const event of events) expect(surelyNormalizedEvent(event)).toBe(true);
});

test('occurredAt accepts exactly what zod’s datetime() accepts (the schema used it before)', () => {
	const { z } = require('zod') as typeof import('zod');
	const zodDatetime = z.string().datetime();
	const { isIsoUtcTime } = require('../../../nodes/shared/webhooks/schema') as typeof import('../../../nodes/shared/webhooks/schema');
	const digits = (length: number) => fc.stringMatching(new RegExp(`^[0-9]{${length}}$`));
	const time = fc
		.tuple(digits(4), digits(2), digits(2), digits(2), digits(2), fc.option(digits(2)), fc.option(fc.stringMatching(/^[0-9]{1,9}$/)), fc.constantFrom('Z', 'z', '+00:00', ''))
		.map(([y, mo, d, h, mi, s, fraction, zone]) => `${y}-${mo}-${d}T${h}:${mi}${s === null ? '' : `:${s}${fraction === null ? '' : `.${fraction}`}`}${zone}`);
	fc.assert(
		fc.property(fc.oneof(time, fc.string()), (text) => {
			expect(isIsoUtcTime(text)).toBe(zodDatetime.safeParse(text).success);
		}),
		{ numRuns: 20_000 },
	);
});
