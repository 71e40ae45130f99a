import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import {
	normalizeAffiliateWebhook,
	normalizedEventSchema,
	type AffiliatePlatform,
	type NormalizedAffiliateEvent,
} from '../../../nodes/shared/webhooks';
import { fixture } from './helpers';

/** What holds for every platform and every payload, however odd: the shape, nulls for absent values, no throwing. */
const PLATFORMS: AffiliatePlatform[] = ['refersion', 'rewardful', 'uppromote', 'firstpromoter', 'generic'];
const NOW = new Date('2026-01-01T00:00:00Z');

const normalize = (platform: AffiliatePlatform, body: unknown, headers: Record<string, string | string[]> = {}) =>
	normalizeAffiliateWebhook({ platform, headers, body, options: { now: NOW } });

/** Every fixture in the per-platform folders (fixtures/<platform>/<name>.json). */
const FIXTURES = readdirSync(join(__dirname, 'fixtures'), { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.flatMap((folder) =>
		readdirSync(join(__dirname, 'fixtures', folder.name))
			.filter((file) => file.endsWith('.json'))
			.map((file) => `${folder.name}/${file}`),
	);

const ODD_BODIES: Array<[string, unknown]> = [
	['null', null],
	['undefined', undefined],
	['a string', 'hello'],
	['a number', 42],
	['an empty array', []],
	['an array of events', [{ type: 'affiliate.created' }]],
	['an empty object', {}],
	['data: null', { data: null }],
	['affiliates that are not objects', { data: { affiliates: { 1: null, 2: 'x' } } }],
	['payments that are not objects', { payments: [null, 3, 'x'] }],
	['wrong types everywhere', { id: {}, status: 7, email: ['a'], total: 'lots', created: 'soon', affiliate: 'x', event: 'x', object: 5 }],
	['a prototype-named topic', { type: 'constructor', event_type: '__proto__', event: { type: 'toString' } }],
	['deep nesting', { data: { data: { data: { affiliate: { affiliate: {} } } } } }],
];

/** The same JSON with every object's keys in reverse order, as a re-serializing proxy could deliver it. */
function reordered(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(reordered);
	if (typeof value !== 'object' || value === null) return value;
	return Object.fromEntries(Object.entries(value).reverse().map(([key, member]) => [key, reordered(member)]));
}

function expectNullsNotUndefined(event: NormalizedAffiliateEvent) {
	for (const section of [event.affiliate, event.conversion, event.payout, event.tier, event.referral]) {
		if (section === undefined) continue;
		for (const [key, value] of Object.entries(section)) expect([key, value]).not.toEqual([key, undefined]);
	}
}

describe.each(PLATFORMS)('%s', (platform) => {
	test.each(FIXTURES)('turns fixture %s into valid events', (name) => {
		const events = normalize(platform, fixture(name));
		expect(events.length).toBeGreaterThan(0);
		for (const event of events) {
			expect(normalizedEventSchema.parse(event)).toEqual(event);
			expectNullsNotUndefined(event);
			expect(event.id.startsWith(`${platform}:`)).toBe(true);
			expect(event.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		}
	});

	test.each(FIXTURES)('gives fixture %s the same ids with every object’s keys in reverse order', (name) => {
		const ids = (body: unknown) => normalize(platform, body).map((event) => event.id).sort();
		expect(ids(reordered(fixture(name)))).toEqual(ids(fixture(name)));
	});

	test.each(ODD_BODIES)('turns %s into a valid event without throwing', (_, body) => {
		const events = normalize(platform, body, { 'x-weird': ['a', 'b'] });
		for (const event of events) expect(normalizedEventSchema.safeParse(event).success).toBe(true);
	});
});

test('an unknown platform is a configuration error and throws', () => {
	expect(() => normalizeAffiliateWebhook({ platform: 'tapfiliate' as AffiliatePlatform, headers: {}, body: {} })).toThrow(/Unknown affiliate platform/);
	expect(() => normalizeAffiliateWebhook({ platform: 'toString' as AffiliatePlatform, headers: {}, body: {} })).toThrow(/Unknown affiliate platform/);
});

test('the schema refuses a key outside the shape', () => {
	const [event] = normalize('generic', fixture('generic/affiliate-approved.json'));
	expect(normalizedEventSchema.safeParse({ ...event, extra: 1 }).success).toBe(false);
	expect(normalizedEventSchema.safeParse({ ...event, affiliate: { ...event.affiliate, tier: 'gold' } }).success).toBe(false);
	expect(normalizedEventSchema.safeParse({ ...event, affiliate: { ...event.affiliate, email: undefined } }).success).toBe(false);
});

test('without `now`, an event with no time of its own is stamped with the current time', () => {
	const before = Date.now();
	const [event] = normalizeAffiliateWebhook({ platform: 'generic', headers: {}, body: {} });
	expect(Date.parse(event.occurredAt)).toBeGreaterThanOrEqual(before - 1000);
	expect(Date.parse(event.occurredAt)).toBeLessThanOrEqual(Date.now() + 1000);
});
