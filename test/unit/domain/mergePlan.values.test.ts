import { runInNewContext } from 'node:vm';

import {
	KEPT_REASONS,
	planProfileMerge,
	type ProfileMergeMode,
	type ProfileMergeOptions,
} from '../../../nodes/shared/domain';
import { outcomeOf } from './mergePlanHelpers';

const EVERY_MODE: Array<[label: string, options: ProfileMergeOptions]> = [
	['keepExisting', { mode: 'keepExisting' }],
	['fillEmpty', { mode: 'fillEmpty' }],
	[
		'overwriteSelected (everything selected)',
		{ mode: 'overwriteSelected', overwrite: ['first_name', 'location', 'properties'] },
	],
];

describe('empty incoming values never clear Klaviyo data', () => {
	const EMPTY_VALUES: Array<[label: string, value: unknown]> = [
		['null', null],
		['undefined', undefined],
		['an empty string', ''],
		['a whitespace-only string', ' \t '],
		['an empty list', []],
		['an empty object', {}],
	];
	const PATHS: Array<[label: string, path: string, incoming: (value: unknown) => Record<string, unknown>]> = [
		['a standard field', 'first_name', (value) => ({ first_name: value })],
		['a location field', 'location.city', (value) => ({ location: { city: value } })],
		['a custom property', 'properties.Tier', (value) => ({ properties: { Tier: value } })],
		['an identifier', 'phone_number', (value) => ({ phone_number: value })],
	];
	const existing = {
		email: 'ann@example.com',
		first_name: 'Ann',
		phone_number: '+15555551234',
		location: { city: 'Boston' },
		properties: { Tier: 'gold' },
	};

	const cases = EMPTY_VALUES.flatMap(([valueLabel, value]) =>
		PATHS.flatMap(([pathLabel, path, incoming]) =>
			[...EVERY_MODE, ['a new profile', undefined] as const].map(
				([modeLabel, options]) => [pathLabel, valueLabel, modeLabel, path, incoming(value), options] as const,
			),
		),
	);

	test.each(cases)('%s given %s (%s) is kept back, never sent', (_, __, modeLabel, path, incoming, options) => {
		const plan = planProfileMerge(modeLabel === 'a new profile' ? null : existing, incoming, options);
		expect(outcomeOf(plan, path)).toMatchObject({
			sent: undefined,
			change: undefined,
			kept: { reason: KEPT_REASONS.emptyIncoming },
		});
	});

	test('nothing is sent at all when every incoming value is empty', () => {
		const incoming = { first_name: '', location: { city: null }, properties: { Tier: '  ' } };
		expect(planProfileMerge(existing, incoming).attributes).toEqual({});
	});
});

describe('0 and false are real values', () => {
	test.each<[label: string, value: unknown]>([
		['0', 0],
		['false', false],
	])('a custom property set to %s is sent over an existing value', (_, value) => {
		const plan = planProfileMerge({ properties: { Active: 7 } }, { properties: { Active: value } });
		expect(plan.attributes).toEqual({ properties: { Active: value } });
	});

	test('latitude 0 fills an empty location field', () => {
		const plan = planProfileMerge({ location: {} }, { location: { latitude: 0 } });
		expect(plan.changes).toEqual({ 'location.latitude': { from: null, to: 0 } });
	});
});

describe('a value equal to the existing one is a no-op', () => {
	type Attributes = Record<string, unknown>;
	const EQUAL: Array<[label: string, existing: Attributes, incoming: Attributes, path: string]> = [
		['a string', { first_name: 'Ann' }, { first_name: 'Ann' }, 'first_name'],
		['a location string', { location: { city: 'Boston' } }, { location: { city: 'Boston' } }, 'location.city'],
		['a number', { properties: { Referrals: 3 } }, { properties: { Referrals: 3 } }, 'properties.Referrals'],
		['a boolean', { properties: { VIP: false } }, { properties: { VIP: false } }, 'properties.VIP'],
		['a list', { properties: { Tags: ['a', 'b'] } }, { properties: { Tags: ['a', 'b'] } }, 'properties.Tags'],
		[
			'an object with its keys in another order',
			{ properties: { Offer: { id: 1, name: 'Ten' } } },
			{ properties: { Offer: { name: 'Ten', id: 1 } } },
			'properties.Offer',
		],
		[
			'a latitude as text and as a number',
			{ location: { latitude: '42.3601' } },
			{ location: { latitude: 42.3601 } },
			'location.latitude',
		],
	];
	const cases = EQUAL.flatMap(([label, existing, incoming, path]) =>
		EVERY_MODE.map(([modeLabel, options]) => [label, modeLabel, existing, incoming, path, options] as const),
	);

	test.each(cases)('%s (%s) is not sent and not a change', (_, __, existing, incoming, path, options) => {
		expect(outcomeOf(planProfileMerge(existing, incoming, options), path)).toEqual({
			sent: undefined,
			change: undefined,
			kept: { existing: expect.anything(), incoming: expect.anything(), reason: KEPT_REASONS.unchanged },
		});
	});

	test.each<[label: string, existing: unknown, incoming: unknown]>([
		['lists in another order', ['a', 'b'], ['b', 'a']],
		['a number and the same digits as text', 3, '3'],
		['a nested value', { tier: { level: 1 } }, { tier: { level: 2 } }],
	])('%s are different values, so the property is sent', (_, existing, incoming) => {
		const plan = planProfileMerge({ properties: { Data: existing } }, { properties: { Data: incoming } });
		expect(plan.changes['properties.Data']).toEqual({ from: existing, to: incoming });
	});
});

describe('identifiers', () => {
	const MODES: ProfileMergeMode[] = ['keepExisting', 'fillEmpty', 'overwriteSelected'];

	test.each(MODES)('are sent even when unchanged, in %s mode', (mode) => {
		const plan = planProfileMerge({ email: 'ann@example.com' }, { email: 'ann@example.com' }, { mode });
		expect(plan.attributes).toEqual({ email: 'ann@example.com' });
	});

	test.each<[label: string, field: string, existing: string, incoming: string]>([
		['an email differing only in case', 'email', 'Ann@Example.com', 'ann@example.COM'],
		['an email with surrounding spaces', 'email', 'ann@example.com', ' ann@example.com '],
		['a phone number formatted differently', 'phone_number', '+1 555-555-1234', '+15555551234'],
		['the same external id', 'external_id', 'crm-1', 'crm-1'],
	])('%s is not reported as a change', (_, field, existing, incoming) => {
		const plan = planProfileMerge({ [field]: existing }, { [field]: incoming });
		expect(outcomeOf(plan, field)).toEqual({ sent: incoming, change: undefined, kept: undefined });
	});

	test.each<[label: string, found: object, field: string, existing: string, incoming: string]>([
		['a different phone number', { email: 'ann@example.com' }, 'phone_number', '+15555550000', '+15555551234'],
		['a different external id', { email: 'ann@example.com' }, 'external_id', 'crm-1', 'crm-2'],
		['a different email', { phone_number: '+15555550100' }, 'email', 'ann@example.com', 'ann@example.org'],
	])('%s next to the identifier that found the profile follows the mode, and is reported as a change when sent', (_, found, field, existing, incoming) => {
		const before = { ...found, [field]: existing };
		const after = { ...found, [field]: incoming };
		const selected = planProfileMerge(before, after, { mode: 'overwriteSelected', overwrite: [field] });
		expect(selected.changes[field]).toEqual({ from: existing, to: incoming });
		expect(selected.attributes).toEqual(after);
		const kept = planProfileMerge(before, after, { mode: 'keepExisting' });
		expect(outcomeOf(kept, field)).toEqual({ sent: undefined, change: undefined, kept: { existing, incoming, reason: KEPT_REASONS.keepExisting } });
		expect(kept.attributes).toEqual(found);
	});

	test('an email that differs only in its Unicode form (NFC or NFD) is the same identifier', () => {
		const nfd = 'jose\u0301@exa\u0301mple.com';
		const plan = planProfileMerge({ email: nfd, phone_number: '+15555550100' }, { email: nfd.normalize('NFC'), phone_number: '+15555550199' }, { mode: 'keepExisting' });
		expect(plan.attributes).toEqual({ email: nfd.normalize('NFC') });
		expect(plan.changes).toEqual({});
		expect(plan.kept.phone_number.reason).toBe(KEPT_REASONS.keepExisting);
	});
});

describe('property names that shadow Object.prototype members are ordinary names (issue 14)', () => {
	// JSON.parse makes `__proto__` an own key, as a parsed webhook or a Klaviyo answer does.
	const incoming = JSON.parse('{"email":"ann@example.com","properties":{"__proto__":"p","constructor":"c","toString":"t","Plan":"pro"}}');

	test('every one is sent as an own key, and listed as a change from null on a profile that lacks it', () => {
		const plan = planProfileMerge({ email: 'ann@example.com', properties: { toString: 't' } }, incoming);
		expect(Object.keys(plan.attributes.properties!).sort()).toEqual(['Plan', '__proto__', 'constructor']);
		expect(JSON.parse(JSON.stringify(plan.attributes)).properties).toEqual(JSON.parse('{"__proto__":"p","constructor":"c","Plan":"pro"}'));
		expect(plan.changes['properties.constructor']).toEqual({ from: null, to: 'c' });
		expect(plan.changes['properties.__proto__']).toEqual({ from: null, to: 'p' });
		expect(plan.kept['properties.toString'].reason).toBe(KEPT_REASONS.unchanged);
		expect(Object.getPrototypeOf(plan.attributes.properties)).toBe(Object.prototype);
	});
});

test('a profile parsed in another realm (a VM context) is still compared field by field', () => {
	const existing = runInNewContext('({ email: "ann@example.com", location: { city: "Denver" } })') as Record<string, unknown>;
	const plan = planProfileMerge(existing, { email: 'ann@example.com', location: { city: 'Boston' } });
	expect(plan.kept['location.city']).toMatchObject({ existing: 'Denver', reason: KEPT_REASONS.fillEmpty });
	expect(plan.attributes.location).toBeUndefined();
});
