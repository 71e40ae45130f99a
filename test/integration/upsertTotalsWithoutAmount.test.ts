import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KlaviyoUpsertAffiliateProfile } from '../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';
import { referralRecord } from '../../nodes/shared/platforms/referrals';
import type { KlaviyoDouble } from '../double/types';
import { runNode } from '../harness/runWorkflow';
import { apiKeyCredential, callsByOperation, expectNoResponseViolations, useKlaviyoDouble } from './support';
import { profileByEmail } from './upsertSupport';

/**
 * Issue 20: with Referral Totals, a referral without an amount — every conversion the Affiliate Platform node pulls —
 * used to fail the whole item, losing its count and date too. From version 2 it counts, its date applies, the revenue
 * total is left as it is, and the output item says so in `warnings`. Version 1 fails the item as before.
 */
const getDouble = useKlaviyoDouble();

const COUNT = 'Affiliate Number of Successful Referrals';
const REVENUE = 'Affiliate Total Successful Referral Revenue';
const LATEST = 'Affiliate Latest Successful Referral Date';
const COUNTED = 'Affiliate Counted Referral IDs';

/** Totals on, everything else left empty: read from the item (affiliate.email, conversion.id, occurredAt). */
const TOTALS = { referralTotals: true, affiliateFields: [], referralCountMode: 'add', referralRevenueMode: 'add', referralDateMode: 'add' };

const WITHOUT_AMOUNT =
	'Referral Revenue Value: the item has no amount (conversion.amount or an amount column), so the revenue total was left unchanged';
/** The output's warning: what was applied instead, and — for Add with a new referral id — what that id now means. */
const warningFor = (referralId: string | null, applied: string | null = 'the count and the latest date were applied') =>
	[
		WITHOUT_AMOUNT,
		applied,
		referralId && `referral ID "${referralId}" is now remembered as counted, so a later delivery of it with an amount will be skipped and its revenue not added`,
	]
		.filter(Boolean)
		.join('; ');

/** A converted referral exactly as Affiliate Platform → Get Many Referrals outputs it: no amount. */
function pulledConversion(email: string, id: string, occurredAt = '2026-04-01T10:00:00Z'): IDataObject {
	const affiliate = { id: `aff-${email}`, code: null, email, firstName: null, lastName: null, phone: null, referralLink: null, couponCode: null, offerId: null, offerName: null, status: 'approved' };
	const snapshot = { id, affiliate, customerEmail: 'buyer@example.com', customerFirstName: null, converted: true, status: 'conversion', occurredAt, updatedAt: occurredAt, raw: {} };
	return referralRecord('rewardful', snapshot, new Date()).event as unknown as IDataObject;
}

const upsertAt = (double: KlaviyoDouble, items: IDataObject[], parameters: INodeParameters = {}, { typeVersion, continueOnFail }: { typeVersion?: number; continueOnFail?: boolean } = {}) =>
	runNode({
		nodeType: new KlaviyoUpsertAffiliateProfile(),
		typeVersion,
		parameters: { authentication: 'apiKey', ...TOTALS, ...parameters },
		items,
		credentials: [apiKeyCredential(double)],
		continueOnFail,
	});

const propertiesOf = (double: KlaviyoDouble, email: string) => profileByEmail(double, email)!.attributes.properties;

function seedAnn(double: KlaviyoDouble) {
	double.seed({
		profiles: [{ id: 'ANN', attributes: { email: 'ann@example.com', properties: { [COUNT]: 4, [REVENUE]: 100, [LATEST]: '2026-03-01T10:00:00Z', [COUNTED]: ['C-0'] } } }],
	});
}

describe('version 2: a referral without an amount counts, and leaves the revenue total as it is', () => {
	test('new node: the default version is 2', () => {
		const { description } = new KlaviyoUpsertAffiliateProfile();
		expect(description).toMatchObject({ version: [1, 2], defaultVersion: 2 });
	});

	test('a new profile: count 1, the date, the counted id, no revenue property; the output carries the warning', async () => {
		const double = getDouble();
		const { output, error } = await upsertAt(double, [pulledConversion('new@example.com', 'C-1')]);
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ status: 'created', referralTotals: { counted: true, replaySafe: true }, warnings: [warningFor('C-1')] });
		expect(output[0].json).not.toHaveProperty('warning');
		const properties = propertiesOf(double, 'new@example.com');
		expect(properties).toEqual({ [COUNT]: 1, [LATEST]: '2026-04-01T10:00:00Z', [COUNTED]: ['C-1'] });
		expect(properties).not.toHaveProperty(REVENUE);
		expectNoResponseViolations(double);
	});

	test.each([
		// A replayed Add changes nothing; a replayed Set would have written the revenue again, and says why it did not.
		['Add', 'add', warningFor('C-1'), undefined],
		['Set', 'set', warningFor(null), [WITHOUT_AMOUNT]],
	])('%s on an existing profile with revenue 100: count + 1, the later date, revenue still 100; the same item again counts nothing', async (_, mode, warning, replayWarnings) => {
		const double = getDouble();
		seedAnn(double);
		const parameters = { referralRevenueMode: mode };
		const first = await upsertAt(double, [pulledConversion('ann@example.com', 'C-1')], parameters);
		expect(first.output[0].json).toMatchObject({ status: 'updated', warnings: [warning] });
		expect(first.output[0].json.changes).not.toHaveProperty(`properties.${REVENUE}`);
		const expected = { [COUNT]: 5, [REVENUE]: 100, [LATEST]: '2026-04-01T10:00:00Z', [COUNTED]: ['C-0', 'C-1'] };
		expect(propertiesOf(double, 'ann@example.com')).toEqual(expected);

		const again = await upsertAt(double, [pulledConversion('ann@example.com', 'C-1')], parameters);
		expect(again.error).toBeUndefined();
		expect(again.output[0].json).toMatchObject({ status: 'unchanged', referralTotals: { counted: false } });
		expect(again.output[0].json.warnings).toEqual(replayWarnings);
		expect(propertiesOf(double, 'ann@example.com')).toEqual(expected);
		expect(callsByOperation(double.requests()).create_or_update_profile).toBe(1);
	});

	test('a flat row without an amount column is read the same way', async () => {
		const double = getDouble();
		const { output } = await upsertAt(double, [{ email: 'row@example.com', conversion_id: 'R-1' }], { referralId: '={{ $json.conversion_id }}', referralDateMode: 'none' });
		expect(output[0].json.warnings).toEqual([warningFor('R-1', 'the count was applied')]);
		expect(propertiesOf(double, 'row@example.com')).toEqual({ [COUNT]: 1, [COUNTED]: ['R-1'] });
	});

	test.each([
		['mapped to an expression that gives nothing', { referralRevenueValue: '={{ $json.conversion.amount }}' }],
		['left empty', {}],
	])('Referral Revenue Value %s, amount null: the same', async (_, parameters) => {
		const double = getDouble();
		const { output, error } = await upsertAt(double, [pulledConversion('new@example.com', 'C-1')], parameters);
		expect(error).toBeUndefined();
		expect(output[0].json.warnings).toEqual([warningFor('C-1')]);
	});

	test('in one batch, the conversion with an amount adds it, the one without is counted with a warning of its own', async () => {
		const double = getDouble();
		seedAnn(double);
		const withAmount = pulledConversion('ann@example.com', 'C-1');
		(withAmount.conversion as IDataObject).amount = 59.9;
		const { output } = await upsertAt(double, [withAmount, pulledConversion('ann@example.com', 'C-2', '2026-05-01T00:00:00Z')]);
		expect(output.map((item) => item.json.warnings)).toEqual([undefined, [warningFor('C-2')]]);
		expect(propertiesOf(double, 'ann@example.com')).toEqual({
			[COUNT]: 6,
			[REVENUE]: 159.9,
			[LATEST]: '2026-05-01T00:00:00Z',
			[COUNTED]: ['C-0', 'C-1', 'C-2'],
		});
	});

	test('Preview Only: the same plan and warning, nothing written', async () => {
		const double = getDouble();
		seedAnn(double);
		const { output } = await upsertAt(double, [pulledConversion('ann@example.com', 'C-1')], { options: { previewOnly: true } });
		expect(output[0].json).toMatchObject({ status: 'would update', warnings: [warningFor('C-1')] });
		expect(output[0].json.changes).toEqual({
			[`properties.${COUNT}`]: { from: 4, to: 5 },
			[`properties.${LATEST}`]: { from: '2026-03-01T10:00:00Z', to: '2026-04-01T10:00:00Z' },
			[`properties.${COUNTED}`]: { from: ['C-0'], to: ['C-0', 'C-1'] },
		});
		expect(Object.keys(callsByOperation(double.requests()))).toEqual(['get_profiles']);
	});
});

describe('version 2, bulk import path', () => {
	test('Batch Mode "Bulk Import Job": a new and an existing profile, each counted with its warning', async () => {
		const double = getDouble();
		seedAnn(double);
		const items = [pulledConversion('ann@example.com', 'C-1'), pulledConversion('new@example.com', 'C-2')];
		const { output, error } = await upsertAt(double, items, { options: { batchMode: 'bulk', bulkPollIntervalMs: 50 } });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toMatchObject([
			{ status: 'updated', write: 'bulk import job', warnings: [warningFor('C-1')] },
			{ status: 'created', write: 'bulk import job', warnings: [warningFor('C-2')] },
		]);
		expect(propertiesOf(double, 'ann@example.com')).toMatchObject({ [COUNT]: 5, [REVENUE]: 100 });
		expect(propertiesOf(double, 'new@example.com')).toEqual({ [COUNT]: 1, [LATEST]: '2026-04-01T10:00:00Z', [COUNTED]: ['C-2'] });
		expect(callsByOperation(double.requests()).create_or_update_profile).toBeUndefined();
	});

	test('Auto with 101 pulled conversions: one bulk job, every one counted, none fails', async () => {
		const double = getDouble();
		const items = Array.from({ length: 101 }, (_, index) => pulledConversion(`aff${index}@example.com`, `C-${index}`));
		const { output, error } = await upsertAt(double, items, { options: { bulkPollIntervalMs: 50 } });
		expect(error).toBeUndefined();
		expect(output.filter((item) => item.json.write === 'bulk import job' && (item.json.warnings as string[]).length === 1)).toHaveLength(101);
		expect(callsByOperation(double.requests()).bulk_import_profiles).toBe(1);
		const profiles = double.state().profiles;
		expect(profiles).toHaveLength(101);
		expect(profiles.every((profile) => profile.attributes.properties[COUNT] === 1 && !(REVENUE in profile.attributes.properties))).toBe(true);
	});
});

describe('what still fails, in both versions', () => {
	test.each([1, 2])('version %i: a mapped revenue that is not a number fails its item, naming the field and the item', async (typeVersion) => {
		const double = getDouble();
		const items = [
			{ ...pulledConversion('good@example.com', 'C-1'), revenue: '59' },
			{ ...pulledConversion('bad@example.com', 'C-2'), revenue: 'fifty' },
		];
		const { output } = await upsertAt(double, items, { referralRevenueValue: '={{ $json.revenue }}' }, { typeVersion, continueOnFail: true });
		expect(output[0].json).toMatchObject({ status: 'created' });
		expect(output[1].json.error).toBe('Invalid "Referral Revenue Value" in item 2: must be a number, got "fifty"');
		expect(propertiesOf(double, 'good@example.com')[REVENUE]).toBe(59);
		expect(profileByEmail(double, 'bad@example.com')).toBeUndefined();
	});

	test.each([
		['a CSV row whose amount column is not a number', { email: 'row@example.com', referral_id: 'R-9', amount: '$59' }, '$59'],
		['an event whose conversion amount is not a number', { ...pulledConversion('evt@example.com', 'C-9'), conversion: { id: 'C-9', amount: 'fifty' } }, 'fifty'],
	])('version 2: %s is refused by name, not taken for no amount', async (_label, item, shown) => {
		const double = getDouble();
		const { output } = await upsertAt(double, [item as IDataObject], {}, { continueOnFail: true });
		expect(output[0].json.error).toBe(`Invalid "Referral Revenue Value" in item 1: left empty, it is read from the item's amount, which is not a number: "${shown}"`);
		expect(double.requests()).toHaveLength(0);
	});

	test('version 1 (saved workflows): an item without an amount still fails as before, and nothing is written', async () => {
		const double = getDouble();
		const { error } = await upsertAt(double, [pulledConversion('new@example.com', 'C-1')], {}, { typeVersion: 1 });
		expect(error?.message).toBe('Invalid "Referral Revenue Value" in item 1: must be a number, got ""');
		expect(double.requests()).toHaveLength(0);
	});
});
