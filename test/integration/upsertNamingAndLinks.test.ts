import { KlaviyoUpsertAffiliateProfile } from '../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';
import { expectNoResponseViolations, useKlaviyoDouble } from './support';
import { profileByEmail, upsert } from './upsertSupport';

// Upsert's naming choice and Referral Link Template (issue: the seeds' own names), through n8n-core against the double.

const getDouble = useKlaviyoDouble();

describe('Okendo naming', () => {
	test('the link and the totals land under exactly Okendo’s four property names, never behind a prefix', async () => {
		const double = getDouble();
		const okendo = {
			naming: 'okendo',
			referralTotals: true,
			referralId: '={{ $json.conversion }}',
			referralRevenueValue: '={{ $json.amount }}',
			referralDateValue: '={{ $json.at }}',
			options: { propertyPrefix: 'Partner ' },
		};
		const item = { email: 'rita@example.com', link: 'https://shop.example/r/rita', conversion: 'R-1', amount: 80, at: '2026-03-07T08:00:00Z' };
		const { error } = await upsert(double, [item], okendo);
		await upsert(double, [item], okendo);
		expect(error).toBeUndefined();
		expect(profileByEmail(double, 'rita@example.com')!.attributes.properties).toEqual({
			'Okendo Referral Shareable Link': 'https://shop.example/r/rita',
			'Okendo Number of Successful Referrals': 1,
			'Okendo Total Successful Referral Revenue': 80,
			'Okendo Latest Successful Referral Date': '2026-03-07T08:00:00Z',
			// The package's replay bookkeeping (Okendo has no such property), named after the totals it guards.
			'Okendo Counted Referral IDs': ['R-1'],
		});
		expectNoResponseViolations(double);
	});

	test('switching to Okendo naming does not count again what Property Name Prefix "Okendo " already counted', async () => {
		const double = getDouble();
		// What the node wrote before Naming existed, set up to produce Okendo's totals names with the prefix.
		const before = { referralTotals: true, referralId: '={{ $json.conversion }}', referralRevenueValue: '={{ $json.amount }}', options: { propertyPrefix: 'Okendo ' } };
		const item = { email: 'rita@example.com', conversion: 'R-1', amount: 80, at: '2026-03-07T08:00:00Z' };
		await upsert(double, [item], { ...before, affiliateFields: [] });
		for (const options of [{}, { propertyPrefix: 'Okendo ' }]) {
			const { output, error } = await upsert(double, [item], { ...before, affiliateFields: [], naming: 'okendo', options });
			expect(error).toBeUndefined();
			expect(output[0].json.referralTotals).toMatchObject({ counted: false });
		}
		expect(profileByEmail(double, 'rita@example.com')!.attributes.properties).toMatchObject({
			'Okendo Number of Successful Referrals': 1,
			'Okendo Total Successful Referral Revenue': 80,
		});
	});

	test('the node says which property names Okendo naming writes, and that the prefix is not put before them', () => {
		const { properties } = new KlaviyoUpsertAffiliateProfile().description;
		const notice = properties.find((property) => property.name === 'okendoNamingNotice')!;
		expect(notice.displayOptions).toEqual({ show: { naming: ['okendo'] } });
		expect(notice.displayName).toContain(
			'"Okendo Referral Shareable Link", "Okendo Number of Successful Referrals", "Okendo Total Successful Referral Revenue", "Okendo Latest Successful Referral Date", whatever the Property Name Prefix',
		);
		const totalsNotice = properties.find((property) => property.name === 'referralTotalsNotice')!;
		expect(totalsNotice.displayName).toContain('"Okendo Counted Referral IDs" with Okendo naming');
	});
});

describe('Referral Link Template', () => {
	/** A Refersion "affiliate approved" as the trigger normalizes it: no referral link. */
	const approved = (code: string | null, referralLink: string | null = null) => ({
		id: `refersion:${code}`,
		platform: 'refersion',
		type: 'affiliate.approved',
		affiliate: { id: '7007', code, email: `${code?.replace(/\W/g, '') ?? 'nocode'}@example.com`, referralLink },
	});
	const fromItem = { email: '', referralLink: '', affiliateFields: ['affiliateCode', 'referralLink'] };
	const template = 'https://yourstore.com/?rfsn={code}&aff={ID}';

	test('builds the link, URL-encoded, only for items that carry no link', async () => {
		const double = getDouble();
		const items = [approved('ada 7&x'), approved('bea8', 'https://platform.example/r/bea8')];
		const { error } = await upsert(double, items, { ...fromItem, referralLinkTemplate: template });
		expect(error).toBeUndefined();
		expect(profileByEmail(double, 'ada7x@example.com')!.attributes.properties['Affiliate Referral Link']).toBe('https://yourstore.com/?rfsn=ada%207%26x&aff=7007');
		expect(profileByEmail(double, 'bea8@example.com')!.attributes.properties['Affiliate Referral Link']).toBe('https://platform.example/r/bea8');
	});

	test('a mapped link wins over the template; an empty one falls back to it', async () => {
		const double = getDouble();
		const items = [{ ...approved('cy9'), mapped: 'https://mapped.example/cy9' }, approved('dee0')];
		await upsert(double, items, { ...fromItem, referralLink: '={{ $json.mapped ?? "" }}', referralLinkTemplate: template });
		expect(profileByEmail(double, 'cy9@example.com')!.attributes.properties['Affiliate Referral Link']).toBe('https://mapped.example/cy9');
		expect(profileByEmail(double, 'dee0@example.com')!.attributes.properties['Affiliate Referral Link']).toBe('https://yourstore.com/?rfsn=dee0&aff=7007');
	});

	test('an affiliate without a code keeps the rest of its profile; the output says why no link was sent', async () => {
		const double = getDouble();
		const { output, error } = await upsert(double, [approved(null)], { ...fromItem, affiliateFields: ['affiliateId', 'referralLink'], referralLinkTemplate: template });
		expect(error).toBeUndefined();
		expect(profileByEmail(double, 'nocode@example.com')!.attributes.properties).toEqual({ 'Affiliate ID': '7007' });
		expect(output[0].json.kept).toMatchObject({
			'properties.Affiliate Referral Link': { incoming: template, reason: 'not sent: the item has no affiliate code for {code}' },
		});
	});

	test.each([
		['https://yourstore.com/?rfsn={email}', /"Referral Link Template".*unknown placeholder \{email\}/],
		['https://yourstore.com/', /"Referral Link Template".*needs \{code\} or \{id\}/],
		['yourstore.com/?rfsn={code}', /"Referral Link Template".*must be a full web address starting with https:\/\//],
	])('a template the node cannot use (%s) is an error item naming the field', async (referralLinkTemplate, message) => {
		const double = getDouble();
		const { output } = await upsert(double, [approved('ada7')], { ...fromItem, referralLinkTemplate }, true);
		expect(String(output[0].json.error)).toMatch(message);
		expect(double.state().profiles).toHaveLength(0);
	});
});
