import {
	KEPT_REASONS,
	OVERWRITABLE_PROFILE_FIELDS,
	PROFILE_MERGE_MODES,
	planProfileMerge,
	type ProfileMergeOptions,
} from '../../../nodes/shared/domain';
import { outcomeOf } from './mergePlanHelpers';

const EXISTING = {
	email: 'ann@example.com',
	first_name: 'Ann',
	last_name: 'Lee',
	location: { city: 'Boston', country: 'US', zip: '02110' },
	properties: { 'Affiliate Code': 'ann5', Tier: 'gold', Notes: 'vip' },
	id: '01HXYZ',
	created: '2024-01-01T00:00:00+00:00',
	updated: '2025-01-01T00:00:00+00:00',
	last_event_date: null,
};

describe('a new profile', () => {
	const incoming = {
		email: 'ann@example.com',
		phone_number: '+15555551234',
		first_name: 'Ann',
		last_name: '',
		location: { city: 'Boston', zip: null },
		properties: { 'Affiliate Code': 'ann5', Tier: ' ' },
	};

	test.each(PROFILE_MERGE_MODES)('gets every non-empty incoming field, whatever the mode (%s)', (mode) => {
		expect(planProfileMerge(null, incoming, { mode }).attributes).toEqual({
			email: 'ann@example.com',
			phone_number: '+15555551234',
			first_name: 'Ann',
			location: { city: 'Boston' },
			properties: { 'Affiliate Code': 'ann5' },
		});
	});

	test('reports every sent field, identifiers included, as a change from null', () => {
		expect(planProfileMerge(null, incoming).changes).toEqual({
			email: { from: null, to: 'ann@example.com' },
			phone_number: { from: null, to: '+15555551234' },
			first_name: { from: null, to: 'Ann' },
			'location.city': { from: null, to: 'Boston' },
			'properties.Affiliate Code': { from: null, to: 'ann5' },
		});
	});

	test('keeps back only the empty fields', () => {
		const kept = Object.keys(planProfileMerge(null, incoming).kept);
		expect(kept).toEqual(['last_name', 'location.zip', 'properties.Tier']);
	});
});

describe('overwriteSelected: what the overwrite list selects', () => {
	const incoming = {
		first_name: 'Annie',
		last_name: 'Li',
		location: { city: 'Denver', country: 'CA', zip: '80202' },
		properties: { Tier: 'silver' },
	};
	const CASES: Array<[label: string, overwrite: string[], sent: object]> = [
		['a top-level field by name', ['first_name'], { first_name: 'Annie', properties: { Tier: 'silver' } }],
		[
			'one location field by its dotted path',
			['location.city'],
			{ location: { city: 'Denver' }, properties: { Tier: 'silver' } },
		],
		[
			'every location field with "location"',
			['location'],
			{ location: { city: 'Denver', country: 'CA', zip: '80202' }, properties: { Tier: 'silver' } },
		],
		[
			'nothing extra with a property path, since properties are sent anyway',
			['properties.Tier'],
			{ properties: { Tier: 'silver' } },
		],
		[
			'nothing with a name that matches no field',
			['firstName', 'location.planet'],
			{ properties: { Tier: 'silver' } },
		],
	];

	test.each(CASES)('%s', (_, overwrite, sent) => {
		expect(planProfileMerge(EXISTING, incoming, { mode: 'overwriteSelected', overwrite }).attributes).toEqual(sent);
	});

	test('the names a node can offer include standard fields, the location group and location paths', () => {
		const offered = ['first_name', 'location', 'location.city'];
		expect(OVERWRITABLE_PROFILE_FIELDS).toEqual(expect.arrayContaining(offered));
	});
});

describe('alwaysSend: only the listed properties are affiliate properties', () => {
	const incoming = { properties: { 'Affiliate Code': 'ann10', Tier: 'silver', Source: 'refersion' } };
	const CASES: Array<[label: string, options: ProfileMergeOptions, sent: object]> = [
		[
			'every property is sent when alwaysSend is left out',
			{ mode: 'keepExisting' },
			{ 'Affiliate Code': 'ann10', Tier: 'silver', Source: 'refersion' },
		],
		[
			'keepExisting sends the affiliate properties only',
			{ mode: 'keepExisting', alwaysSend: ['Affiliate Code'] },
			{ 'Affiliate Code': 'ann10' },
		],
		[
			'fillEmpty sends the affiliate properties and fills the others where Klaviyo has none',
			{ mode: 'fillEmpty', alwaysSend: ['Affiliate Code'] },
			{ 'Affiliate Code': 'ann10', Source: 'refersion' },
		],
		[
			'overwriteSelected writes another property when it is selected by path',
			{ mode: 'overwriteSelected', alwaysSend: ['Affiliate Code'], overwrite: ['properties.Tier'] },
			{ 'Affiliate Code': 'ann10', Tier: 'silver' },
		],
		[
			'overwriteSelected writes every property with "properties"',
			{ mode: 'overwriteSelected', alwaysSend: [], overwrite: ['properties'] },
			{ 'Affiliate Code': 'ann10', Tier: 'silver', Source: 'refersion' },
		],
	];

	test.each(CASES)('%s', (_, options, sent) => {
		expect(planProfileMerge(EXISTING, incoming, options).attributes.properties).toEqual(sent);
	});
});

describe('fields that are never sent', () => {
	const CASES: Array<[label: string, incoming: Record<string, unknown>, path: string, reason: string]> = [
		['a read-only id', { id: '01HXYZ' }, 'id', KEPT_REASONS.readOnly],
		['a read-only timestamp', { updated: '2026-01-01T00:00:00Z' }, 'updated', KEPT_REASONS.readOnly],
		['an unknown top-level attribute', { nickname: 'Annie' }, 'nickname', KEPT_REASONS.unsupported],
		['an unknown location field', { location: { planet: 'Earth' } }, 'location.planet', KEPT_REASONS.unsupported],
		['location that is not an object', { location: 'Boston' }, 'location', KEPT_REASONS.notAnObject],
		['properties that are not an object', { properties: ['a'] }, 'properties', KEPT_REASONS.notAnObject],
	];

	test.each(CASES)('%s is kept back with its reason', (_, incoming, path, reason) => {
		const outcome = outcomeOf(planProfileMerge(EXISTING, incoming), path);
		expect(outcome).toMatchObject({ sent: undefined, kept: { reason } });
	});

	test('read-only fields of the existing profile never reach the attributes', () => {
		const incoming = { ...EXISTING, first_name: 'Annie' };
		const plan = planProfileMerge(EXISTING, incoming, { mode: 'overwriteSelected', overwrite: ['first_name'] });
		expect(plan.attributes).toEqual({ email: 'ann@example.com', first_name: 'Annie' });
	});
});

describe('the plan itself', () => {
	test('fillEmpty is the default mode', () => {
		const incoming = { first_name: 'Annie', title: 'Partner' };
		const explicit = planProfileMerge(EXISTING, incoming, { mode: 'fillEmpty' });
		expect(planProfileMerge(EXISTING, incoming)).toEqual(explicit);
	});

	test('location and properties are left out when none of their fields is sent', () => {
		const incoming = { email: 'ann@example.com', location: { city: 'Boston' }, properties: { Tier: 'gold' } };
		const plan = planProfileMerge(EXISTING, incoming);
		expect(plan.attributes).toEqual({ email: 'ann@example.com' });
	});

	test('an existing profile without a properties object takes the incoming properties', () => {
		const existing = { email: 'ann@example.com', properties: null };
		const plan = planProfileMerge(existing, { properties: { Tier: 'gold' } }, { mode: 'keepExisting' });
		expect(plan.changes).toEqual({ 'properties.Tier': { from: null, to: 'gold' } });
	});

	test('a kept field records both values and the reason', () => {
		const plan = planProfileMerge(EXISTING, { first_name: 'Annie' }, { mode: 'keepExisting' });
		const reason = KEPT_REASONS.keepExisting;
		expect(plan.kept).toEqual({ first_name: { existing: 'Ann', incoming: 'Annie', reason } });
	});

	test('a property key containing dots is reported under its full name', () => {
		const plan = planProfileMerge(null, { properties: { 'Referral v2.1 Link': 'https://x.test/a' } });
		expect(Object.keys(plan.changes)).toEqual(['properties.Referral v2.1 Link']);
	});

	test('neither argument is modified', () => {
		const existing = structuredClone(EXISTING);
		const incoming = { first_name: 'Annie', location: { city: '' }, properties: { Tier: 'silver' } };
		const incomingCopy = structuredClone(incoming);
		planProfileMerge(existing, incoming, { mode: 'overwriteSelected', overwrite: ['first_name'] });
		expect([existing, incoming]).toEqual([EXISTING, incomingCopy]);
	});
});
