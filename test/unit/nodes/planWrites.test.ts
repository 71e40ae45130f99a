import type { IDataObject } from 'n8n-workflow';

import { planProfileWrites } from '../../../nodes/KlaviyoUpsertAffiliateProfile/planWrites';
import type { ProfileRequest } from '../../../nodes/KlaviyoUpsertAffiliateProfile/readItem';
import type { KlaviyoProfile } from '../../../nodes/shared/klaviyo/profiles';

const names = {
	count: 'Affiliate Number of Successful Referrals',
	revenue: 'Affiliate Total Successful Referral Revenue',
	latestDate: 'Affiliate Latest Successful Referral Date',
	countedIds: 'Affiliate Counted Referral IDs',
};

function request(itemIndex: number, incoming: IDataObject, extra: Partial<ProfileRequest> = {}): ProfileRequest {
	const identifiers = (['email', 'phone_number', 'external_id'] as const)
		.filter((field) => incoming[field] !== undefined)
		.map((field) => ({ field, value: String(incoming[field]) }));
	return { itemIndex, identifiers, incoming, hasStandardFields: true, mode: 'fillEmpty', overwrite: [], ignored: {}, ...extra };
}

const ann: KlaviyoProfile = {
	id: 'P1',
	attributes: { email: 'ann@example.com', phone_number: '+15555550100', first_name: 'Ann', last_name: null, properties: {} },
};

test('two items for the same new person become one write, applied in input order', () => {
	const writes = planProfileWrites(
		[
			request(0, { email: 'new@example.com', first_name: 'Nia', properties: { 'Affiliate Code': 'a1' } }),
			request(1, { email: 'NEW@example.com', first_name: 'Other', last_name: 'Lee' }),
		],
		new Map([
			[0, null],
			[1, null],
		]),
	);
	expect(writes).toHaveLength(1);
	expect(writes[0].itemIndexes).toEqual([0, 1]);
	// fillEmpty: the second item must not overwrite the first name the first item just set.
	expect(writes[0].attributes).toMatchObject({ first_name: 'Nia', last_name: 'Lee', properties: { 'Affiliate Code': 'a1' } });
	expect(writes[0].items.get(1)!.kept.first_name.reason).toMatch(/fillEmpty/);
});

test('an existing profile with nothing new needs no write', () => {
	const writes = planProfileWrites([request(0, { email: 'ann@example.com', first_name: 'Ann' })], new Map([[0, ann]]));
	expect(writes[0].needsWrite).toBe(false);
	expect(writes[0].items.get(0)!.changes).toEqual({});
});

test.each([
	['keepExisting', [], false],
	['fillEmpty', [], false],
	['overwriteSelected', [], false],
	['overwriteSelected', ['phone_number'], true],
] as const)('a different phone on a profile found by email follows %s (overwrite %j → sent %s)', (mode, overwrite, sent) => {
	const writes = planProfileWrites(
		[request(0, { email: 'ann@example.com', phone_number: '+15555550199' }, { mode, overwrite: [...overwrite] })],
		new Map([[0, ann]]),
	);
	expect(writes[0].attributes.phone_number !== undefined).toBe(sent);
	if (!sent) expect(writes[0].items.get(0)!.kept.phone_number.existing).toBe('+15555550100');
});

test('fillEmpty sends a phone when the existing profile has none', () => {
	const noPhone: KlaviyoProfile = { id: 'P2', attributes: { email: 'bo@example.com', phone_number: null } };
	const writes = planProfileWrites([request(0, { email: 'bo@example.com', phone_number: '+15555550123' })], new Map([[0, noPhone]]));
	expect(writes[0].attributes.phone_number).toBe('+15555550123');
});

test('referral totals: a replayed referral id in the same batch is counted once', () => {
	const totals = {
		names,
		referralId: 'conv-1',
		updates: { count: { mode: 'add' as const, value: 1 }, revenue: { mode: 'add' as const, value: 20 } },
	};
	const writes = planProfileWrites(
		[
			request(0, { email: 'ann@example.com' }, { totals }),
			request(1, { email: 'ann@example.com' }, { totals }),
		],
		new Map([
			[0, ann],
			[1, ann],
		]),
	);
	const properties = writes[0].attributes.properties as Record<string, unknown>;
	expect(properties[names.count]).toBe(1);
	expect(properties[names.revenue]).toBe(20);
	expect(writes[0].items.get(0)!.referralTotals!.counted).toBe(true);
	expect(writes[0].items.get(1)!.referralTotals!.counted).toBe(false);
});

test('without a read (properties only) the profile is not compared and is always written', () => {
	const writes = planProfileWrites(
		[request(0, { email: 'x@example.com', properties: { 'Affiliate Code': 'z' } }, { hasStandardFields: false })],
		new Map([[0, undefined]]),
	);
	expect(writes[0]).toMatchObject({ compared: false, needsWrite: true });
});
