import { fillReferralLinkTemplate, namesFor, NAMING_SCHEMES } from '../../../nodes/shared/domain';

// The exported API is what code outside n8n reads: check it through the package's root too.
const rootApi = require('../../../nodes/shared/domain') as { namesFor?: unknown };

describe('namesFor', () => {
	test('Okendo Referrals: the four properties and three metrics Okendo writes, character for character', () => {
		const names = namesFor('okendo');
		expect(names.properties).toMatchObject({
			referralLink: 'Okendo Referral Shareable Link',
			count: 'Okendo Number of Successful Referrals',
			revenue: 'Okendo Total Successful Referral Revenue',
			latestDate: 'Okendo Latest Successful Referral Date',
		});
		expect(names.metrics).toEqual({
			sentReferral: 'Sent Okendo Referral',
			receivedReferralCoupon: 'Received Okendo Referral Coupon',
			redeemedReferralCoupon: 'Redeemed Okendo Referral Coupon',
		});
		expect(names.prefixable).toBe(false);
	});

	test.each(['Partner ', '', 'Okendo '])('a property prefix (%j) never changes Okendo’s names nor their counted-ids list', (propertyPrefix) => {
		expect(namesFor('okendo', { propertyPrefix }).properties).toEqual(namesFor('okendo').properties);
	});

	test('each scheme remembers its own counted referrals: switching names does not skip counting', () => {
		expect(namesFor('okendo').properties.countedIds).not.toBe(namesFor('package').properties.countedIds);
	});

	test('the same totals share one counted-ids list: Okendo’s are what the prefix "Okendo " gave before Naming existed', () => {
		const { referralLink: _okendoLink, ...okendo } = namesFor('okendo').properties;
		const { referralLink: _packageLink, ...viaPrefix } = namesFor('package', { propertyPrefix: 'Okendo ' }).properties;
		expect(okendo).toEqual(viaPrefix);
		expect(okendo.countedIds).toBe('Okendo Counted Referral IDs');
	});

	test.each([
		[undefined, 'Affiliate '],
		['Partner ', 'Partner '],
		['', ''],
	])('the package’s names (prefix %j) are today’s names', (propertyPrefix, prefix) => {
		const names = namesFor('package', propertyPrefix === undefined ? {} : { propertyPrefix });
		expect(names.properties).toEqual({
			referralLink: `${prefix}Referral Link`,
			count: `${prefix}Number of Successful Referrals`,
			revenue: `${prefix}Total Successful Referral Revenue`,
			latestDate: `${prefix}Latest Successful Referral Date`,
			countedIds: `${prefix}Counted Referral IDs`,
		});
		expect(names.metrics).toEqual({
			sentReferral: 'Sent Referral',
			receivedReferralCoupon: 'Received Referral Coupon',
			redeemedReferralCoupon: 'Redeemed Referral Coupon',
		});
		expect(names.prefixable).toBe(true);
	});

	test.each(NAMING_SCHEMES)('%s: the five property names all differ (referral totals need that)', (scheme) => {
		const { properties } = namesFor(scheme);
		expect(new Set(Object.values(properties)).size).toBe(5);
	});

	test('an unknown scheme is refused, naming the choices', () => {
		expect(() => namesFor('refersion' as never)).toThrow(/package, okendo.*"refersion"/);
	});

	test('is exported from the domain index that index.js re-exports', () => {
		expect(rootApi.namesFor).toBe(namesFor);
	});
});

describe('fillReferralLinkTemplate', () => {
	test.each([
		['https://yourstore.com/?rfsn={code}', { code: 'ada7' }, 'https://yourstore.com/?rfsn=ada7'],
		['https://yourstore.com/?rfsn={code}&a={id}', { code: 'ada7', id: '7007' }, 'https://yourstore.com/?rfsn=ada7&a=7007'],
		['https://yourstore.com/r/{ID}', { id: '7007' }, 'https://yourstore.com/r/7007'],
		['https://yourstore.com/?rfsn={code}', { code: ' a&b c/ü ' }, 'https://yourstore.com/?rfsn=a%26b%20c%2F%C3%BC'],
		// A full web address in any case, a placeholder in the host too.
		['HTTP://{code}.yourstore.com/', { code: 'ada7' }, 'HTTP://ada7.yourstore.com/'],
	])('%s with %j → %s', (template, values, link) => {
		expect(fillReferralLinkTemplate(template, values)).toEqual({ ok: true, link });
	});

	test('a value the item lacks is reported as missing, not filled with nothing', () => {
		expect(fillReferralLinkTemplate('https://yourstore.com/?rfsn={code}', { id: '7' })).toEqual({
			ok: false,
			missing: 'code',
			reason: 'the item has no affiliate code for {code}',
		});
	});

	test.each([
		['https://yourstore.com/?rfsn={email}', /unknown placeholder \{email\}/],
		['https://yourstore.com/', /needs \{code\} or \{id\}/],
		['https://yourstore.com/?rfsn={{code}}', /a \{ or \} that is not part of \{code\} or \{id\}/],
		['https://yourstore.com/?rfsn={code', /a \{ or \} that is not part of/],
		['yourstore.com/?rfsn={code}', /must be a full web address starting with https:\/\//],
		['//yourstore.com/?rfsn={code}', /must be a full web address/],
		['javascript:alert({code})', /must be a full web address/],
		['https:// yourstore.com/?rfsn={code}', /must be a full web address/],
	])('a template the node cannot use (%s) is refused without a missing value', (template, reason) => {
		const result = fillReferralLinkTemplate(template, { code: 'ada7', id: '7007' });
		expect(result.ok).toBe(false);
		expect(result).not.toHaveProperty('missing');
		expect(!result.ok && result.reason).toMatch(reason);
	});
});
