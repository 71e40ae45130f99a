import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KlaviyoTrackReferralEvent } from '../../nodes/KlaviyoTrackReferralEvent/KlaviyoTrackReferralEvent.node';
import { EVENT_PRESETS } from '../../nodes/KlaviyoTrackReferralEvent/presets';
import type { KlaviyoDouble } from '../double/types';
import { runNode } from '../harness/runWorkflow';
import { apiKeyCredential, callsByOperation, expectNoResponseViolations, runWithApiKey, useKlaviyoDouble } from './support';

const getDouble = useKlaviyoDouble();

/** A normalized event as the Affiliate Webhook Trigger emits it. */
function conversion(id: string, email = 'aff@example.com'): IDataObject {
	return {
		id,
		platform: 'refersion',
		type: 'conversion.created',
		occurredAt: '2026-03-01T10:00:00Z',
		affiliate: { id: '77', email, referralLink: 'https://shop.example/r/77', couponCode: 'AFF77' },
		conversion: { id: 'c1', orderId: 'ORD-1', amount: 59, commission: 5.9, currency: 'USD' },
	};
}

const track = (double: KlaviyoDouble, parameters: INodeParameters, items: IDataObject[], continueOnFail = false) =>
	runWithApiKey(double, new KlaviyoTrackReferralEvent(), parameters, items, continueOnFail);

/** Bulk event jobs take simulated time in the double before their events show. */
async function settle(double: KlaviyoDouble): Promise<void> {
	for (let i = 0; i < 200 && double.state().jobs.some((job) => job.status !== 'complete'); i++) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

test.each(EVENT_PRESETS.filter((preset) => preset.roles[0] === 'affiliate').map((preset) => [preset.value, preset.metric]))(
	'preset %s records "%s" with the affiliate and conversion properties',
	async (event, metric) => {
		const double = getDouble();
		const { output, error } = await track(double, { event }, [conversion('evt-1')]);
		expect(error).toBeUndefined();
		expect(output[0].json).toMatchObject({ metric, status: 'accepted', email: 'aff@example.com', value: 59 });
		const [recorded] = double.state().events;
		expect(recorded).toMatchObject({ metric, value: 59, value_currency: 'USD', time: '2026-03-01T10:00:00Z' });
		expect(recorded.properties).toMatchObject({ 'Referral Link': 'https://shop.example/r/77', 'Coupon Code': 'AFF77', 'Order ID': 'ORD-1', 'Commission Amount': 5.9 });
		expect(recorded.unique_id).toBe(output[0].json.uniqueId);
		expectNoResponseViolations(double);
	},
);

test('a metric-name prefix keeps names stable per platform', async () => {
	const double = getDouble();
	await track(double, { event: 'commissionPaid', options: { metricPrefix: 'Refersion ' } }, [conversion('evt-2')]);
	expect(double.state().events[0].metric).toBe('Refersion Commission Paid');
});

test('referrer and recipient: one input item records the event on both profiles, paired to it', async () => {
	const double = getDouble();
	const item = {
		id: 'ref-9',
		platform: 'okendo',
		occurredAt: '2026-03-02T08:00:00Z',
		referral: { referrerEmail: 'rita@example.com', recipientEmail: 'rob@example.com', couponCode: 'WELCOME10' },
	};
	const { output } = await track(double, { event: 'receivedReferralCoupon', role: 'both' }, [item]);
	expect(output).toHaveLength(2);
	expect(output.map((o) => [o.json.role, o.json.email])).toEqual([
		['referrer', 'rita@example.com'],
		['recipient', 'rob@example.com'],
	]);
	expect(output.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	const events = double.state().events;
	expect(events).toHaveLength(2);
	expect(events.every((e) => e.metric === 'Received Referral Coupon' && e.properties['Coupon Code'] === 'WELCOME10')).toBe(true);
});

describe('referral presets for one person', () => {
	/** As the trigger normalizes an Okendo-style referral: the affiliate is the referrer. */
	const referral = (type: string) => ({
		id: `okendo-${type}`,
		platform: 'generic',
		type,
		occurredAt: '2026-03-03T09:00:00Z',
		affiliate: { email: 'rita@example.com' },
		referral: { referrerEmail: 'rita@example.com', recipientEmail: 'rob@example.com', couponCode: 'WELCOME10' },
	});

	test.each([
		['receivedReferralCoupon', 'referrer', 'Received Referral Coupon', 'rita@example.com'],
		['receivedReferralCoupon', 'recipient', 'Received Referral Coupon', 'rob@example.com'],
		['redeemedReferralCoupon', 'referrer', 'Redeemed Referral Coupon', 'rita@example.com'],
		['redeemedReferralCoupon', 'recipient', 'Redeemed Referral Coupon', 'rob@example.com'],
	])('%s for the %s lands on that person only', async (event, role, metric, email) => {
		const double = getDouble();
		const { output, error } = await track(double, { event, role }, [referral('coupon.redeemed')]);
		expect(error).toBeUndefined();
		expect(output.map((o) => [o.json.role, o.json.email])).toEqual([[role, email]]);
		const events = double.state().events;
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ metric, properties: { 'Coupon Code': 'WELCOME10' } });
		expect(double.state().profiles.find((p) => p.id === events[0].profile_id)?.attributes.email).toBe(email);
	});

	test('Sent Referral is recorded on the referrer', async () => {
		const double = getDouble();
		const { output } = await track(double, { event: 'sentReferral' }, [referral('referral.created')]);
		expect(output[0].json).toMatchObject({ metric: 'Sent Referral', role: 'referrer', email: 'rita@example.com' });
	});

	test('a recipient the item does not name is an error naming the field, never the referrer', async () => {
		const double = getDouble();
		const item = { ...referral('coupon.issued'), referral: { referrerEmail: 'rita@example.com' } };
		const { output } = await track(double, { event: 'receivedReferralCoupon', role: 'recipient' }, [item], true);
		expect(String(output[0].json.error)).toMatch(/Email/);
		expect(double.state().events).toHaveLength(0);
	});
});

test('rows without a source event ID: sent, and the run says how Klaviyo will deduplicate them', async () => {
	const double = getDouble();
	const row = { email: 'row@example.com', amount: 10 };
	const { output, run } = await track(double, { event: 'affiliateConversion' }, [row, conversion('evt-h')]);
	expect(output.map((item) => item.json.status)).toEqual(['accepted', 'accepted']);
	expect(output[0].json.uniqueId).toBeNull();
	const hints = Object.values(run.data.resultData.runData).flatMap((tasks) => tasks.flatMap((task) => task.hints ?? []));
	expect(hints.map((hint) => hint.message)).toEqual([expect.stringMatching(/^1 of 2 events had no Source Event ID/)]);
});

test('the same input run twice leaves exactly one event per real-world event', async () => {
	const double = getDouble();
	const items = [conversion('evt-a'), conversion('evt-b'), conversion('evt-a')];
	const first = await track(double, { event: 'affiliateConversion' }, items);
	expect(first.output.map((o) => o.json.status)).toEqual(['accepted', 'accepted', 'duplicate']);
	await track(double, { event: 'affiliateConversion' }, items);
	expect(double.state().events).toHaveLength(2);
});

test('an explicit unique id is used as given', async () => {
	const double = getDouble();
	await track(double, { event: 'affiliateApproved', uniqueIdMode: 'explicit', uniqueId: '={{ "approved-" + $json.affiliate.id }}' }, [
		conversion('x'),
	]);
	expect(double.state().events[0].unique_id).toBe('approved-77');
});

test.each([
	[{ event: 'custom', metricName: 'x'.repeat(130) }, /"Metric Name"/],
	[{ event: 'affiliateApproved', time: '1999-12-31T00:00:00Z' }, /"Time"/],
	[{ event: 'affiliateApproved', valueCurrency: 'DOLLARS' }, /"Value Currency"/],
	[{ event: 'affiliateApproved', email: 'nope' }, /"Email"/],
])('bad input %j is an error item naming the field', async (parameters, message) => {
	const double = getDouble();
	const { output } = await track(double, parameters, [conversion('e')], true);
	expect(output[0].json.error).toMatch(message);
	expect(double.state().events).toHaveLength(0);
});

test('5,000 events use at most 5 bulk calls, grouped per profile', async () => {
	const double = getDouble();
	const items = Array.from({ length: 5000 }, (_, i) => conversion(`evt-${i}`, `a${i % 700}@example.com`));
	const { output, error } = await track(double, { event: 'affiliateConversion' }, items);
	expect(error).toBeUndefined();
	expect(output.every((o) => o.json.status === 'accepted')).toBe(true);
	const calls = callsByOperation(double.requests());
	expect(calls.bulk_create_events).toBeLessThanOrEqual(5);
	expect(calls.create_event).toBeUndefined();
	await settle(double);
	expect(double.state().events).toHaveLength(5000);
});

test('a 429 storm mid-batch loses nothing and duplicates nothing', async () => {
	const double = getDouble();
	double.setFaults([
		{ operationId: 'create_event', fault: { kind: 'throttle', retryAfterSeconds: 1 }, share: 0.3, times: 15 },
		{ operationId: 'create_event', fault: { kind: 'status', status: 503 }, share: 0.1, times: 5 },
	]);
	const items = Array.from({ length: 60 }, (_, i) => conversion(`storm-${i}`));
	const { output, error } = await track(double, { event: 'affiliateConversion' }, items);
	expect(error).toBeUndefined();
	expect(output.every((o) => o.json.status === 'accepted')).toBe(true);
	const events = double.state().events;
	expect(events).toHaveLength(60);
	expect(new Set(events.map((e) => e.unique_id)).size).toBe(60);
	expect(double.requests().filter((r) => r.fault).length).toBeGreaterThan(0);
});

describe('Okendo naming, and the profile of whoever acted', () => {
	/** A referral event as the trigger normalizes it, `actor` saying whose act it is (null: the payload did not say). */
	const okendoEvent = (type: string, actor: 'referrer' | 'recipient' | null) => ({
		id: `generic:msg_${type}_${actor}`,
		platform: 'okendo',
		type,
		occurredAt: '2026-03-07T08:00:00Z',
		affiliate: { email: 'rita@example.com' },
		referral: { id: 'ref_1', referrerEmail: 'rita@example.com', recipientEmail: 'rob@example.com', couponCode: 'WELCOME10', actor },
	});
	const emailOf = (double: KlaviyoDouble, profileId: string) => double.state().profiles.find((p) => p.id === profileId)?.attributes.email;
	/** What landed in Klaviyo: [metric, email of its profile]. */
	const landed = (double: KlaviyoDouble) => double.state().events.map((e) => [e.metric, emailOf(double, e.profile_id)]);

	test.each([
		['sentReferral', 'referral.created', 'referrer', 'Sent Okendo Referral', 'rita@example.com'],
		['receivedReferralCoupon', 'coupon.issued', 'referrer', 'Received Okendo Referral Coupon', 'rita@example.com'],
		['receivedReferralCoupon', 'coupon.issued', 'recipient', 'Received Okendo Referral Coupon', 'rob@example.com'],
		['redeemedReferralCoupon', 'coupon.redeemed', 'referrer', 'Redeemed Okendo Referral Coupon', 'rita@example.com'],
		['redeemedReferralCoupon', 'coupon.redeemed', 'recipient', 'Redeemed Okendo Referral Coupon', 'rob@example.com'],
	] as const)('%s (%s) acted by the %s → "%s" on %s only, with no prefix', async (event, type, actor, metric, email) => {
		const double = getDouble();
		const { output, error } = await track(double, { naming: 'okendo', event, options: { metricPrefix: 'Okendo ' } }, [okendoEvent(type, actor)]);
		expect(error).toBeUndefined();
		expect(output.map((o) => [o.json.metric, o.json.role])).toEqual([[metric, actor]]);
		expect(landed(double)).toEqual([[metric, email]]);
		expectNoResponseViolations(double);
	});

	/** The same parameters on a node saved at `typeVersion` (n8n keeps no parameter left at its default). */
	const trackAtVersion = (double: KlaviyoDouble, typeVersion: number, parameters: INodeParameters, item: IDataObject) =>
		runNode({
			nodeType: new KlaviyoTrackReferralEvent(),
			typeVersion,
			parameters: { authentication: 'apiKey', ...parameters },
			items: [item],
			credentials: [apiKeyCredential(double)],
		});

	test('version 3: an event that names both people but not who acted fails, saying how to fix it', async () => {
		const double = getDouble();
		const { output } = await track(double, { naming: 'okendo', event: 'redeemedReferralCoupon' }, [okendoEvent('coupon.redeemed', null)], true);
		expect(String(output[0].json.error)).toMatch(/Invalid "Profile" in item 1: .*names both the referrer and the recipient.*no role, or role fields that disagree.*customer_role.*Referrer or Recipient/);
		expect(double.state().events).toHaveLength(0);
	});

	test('a saved version-2 node keeps putting such an event on the referrer', async () => {
		const double = getDouble();
		const { error } = await trackAtVersion(double, 2, { naming: 'okendo', event: 'redeemedReferralCoupon' }, okendoEvent('coupon.redeemed', null));
		expect(error).toBeUndefined();
		expect(landed(double)).toEqual([['Redeemed Okendo Referral Coupon', 'rita@example.com']]);
	});

	test('an explicit Profile wins over who acted; Okendo’s name is the same on both profiles', async () => {
		const double = getDouble();
		await track(double, { naming: 'okendo', event: 'redeemedReferralCoupon', role: 'both' }, [okendoEvent('coupon.redeemed', 'recipient')]);
		expect(landed(double)).toEqual([
			['Redeemed Okendo Referral Coupon', 'rita@example.com'],
			['Redeemed Okendo Referral Coupon', 'rob@example.com'],
		]);
	});

	test.each([
		['a referral coupon', { event: 'redeemedReferralCoupon' }, 'rita@example.com', 'rob@example.com'],
		['a custom metric', { event: 'custom', metricName: 'Referral Opt-In' }, 'aff@example.com', 'rob@example.com'],
	])('%s left at the default Profile: version 2 follows who acted, a saved version-1 node keeps its old default', async (_, parameters, v1Email, v2Email) => {
		const double = getDouble();
		const item = { ...okendoEvent('coupon.redeemed', 'recipient'), affiliate: { email: 'aff@example.com' } };
		expect((await trackAtVersion(double, 1, parameters, item)).error).toBeUndefined();
		expect((await trackAtVersion(double, 2, parameters, item)).error).toBeUndefined();
		expect(landed(double).map(([, email]) => email)).toEqual([v1Email, v2Email]);
	});

	test.each([
		[{}, 'recipient', 'rob@example.com'],
		[{ role: 'recipient' }, 'referrer', 'rob@example.com'],
		[{ role: 'referrer' }, 'recipient', 'rita@example.com'],
	] as const)('a custom metric keeps the profile choice: %j, acted by the %s → %s', async (choice, actor, email) => {
		const double = getDouble();
		const item = { ...okendoEvent('unknown', actor), affiliate: { email: 'aff@example.com' } };
		const { error } = await track(double, { event: 'custom', metricName: 'Opted In to Okendo Referrals', ...choice }, [item]);
		expect(error).toBeUndefined();
		expect(landed(double)).toEqual([['Opted In to Okendo Referrals', email]]);
	});

	test.each([
		[{ event: 'redeemedReferralCoupon', role: '={{ "affiliate" }}' }, /"Profile".*fromEvent, referrer, recipient, both/],
		[{ event: 'sentReferral', naming: '={{ "refersion" }}' }, /"Naming".*package, okendo/],
	])('a bad choice from an expression (%j) is an error item naming the field', async (parameters, message) => {
		const double = getDouble();
		const { output } = await track(double, parameters, [okendoEvent('coupon.redeemed', null)], true);
		expect(String(output[0].json.error)).toMatch(message);
		expect(double.state().events).toHaveLength(0);
	});
});

describe('who acted, at the edges', () => {
	const referralItem = (actor: unknown, recipientEmail = 'rob@example.com') => ({
		id: 'generic:msg_edge',
		platform: 'okendo',
		type: 'coupon.redeemed',
		occurredAt: '2026-03-07T08:00:00Z',
		referral: { id: 'ref_1', referrerEmail: 'rita@example.com', recipientEmail, actor },
	});
	const emails = (double: KlaviyoDouble) =>
		double.state().events.map((e) => double.state().profiles.find((p) => p.id === e.profile_id)?.attributes.email);

	test('a referrer who is also the recipient gets the act once, in every unique-ID mode', async () => {
		for (const uniqueIds of [{}, { uniqueIdMode: 'explicit', uniqueId: 'u-1' }, { uniqueIdMode: 'none' }]) {
			const double = getDouble();
			double.reset();
			const { output, error } = await track(double, { event: 'redeemedReferralCoupon', role: 'both', ...uniqueIds }, [referralItem('recipient', 'RITA@example.com')]);
			expect(error).toBeUndefined();
			expect(output.map((o) => o.json.status)).toEqual(['accepted', 'duplicate']);
			expect(emails(double)).toEqual(['rita@example.com']);
		}
	});

	test('"From the Event" reads the actor in any case; one it cannot read fails the item, naming the field', async () => {
		const double = getDouble();
		await track(double, { event: 'redeemedReferralCoupon' }, [referralItem(' Recipient ')]);
		expect(emails(double)).toEqual(['rob@example.com']);
		const { output } = await track(double, { event: 'redeemedReferralCoupon' }, [referralItem('friend'), referralItem({ role: 'x' })], true);
		expect(output.map((o) => String(o.json.error))).toEqual([
			expect.stringMatching(/"Profile".*referral\.actor.*"referrer" or "recipient".*got "friend"/),
			expect.stringMatching(/"Profile".*referral\.actor.*got .*role.*x/),
		]);
		// An explicit Profile does not read the actor, so an unreadable one does not matter there.
		const { error } = await track(double, { event: 'redeemedReferralCoupon', role: 'recipient' }, [{ ...referralItem('friend'), id: 'generic:msg_edge_2' }]);
		expect(error).toBeUndefined();
		expect(emails(double)).toEqual(['rob@example.com', 'rob@example.com']);
	});
});

test('who acted, but the item does not name them: the error says whose profile, never falls back to the other person', async () => {
	const double = getDouble();
	const item = { id: 'generic:m', platform: 'okendo', type: 'coupon.redeemed', referral: { referrerEmail: 'rita@example.com', actor: 'recipient' } };
	const { output } = await track(double, { event: 'redeemedReferralCoupon' }, [item], true);
	expect(String(output[0].json.error)).toMatch(/"Email".*for the recipient \(referral\.recipientEmail\): the item has none/);
	expect(double.state().events).toHaveLength(0);
	// The Email field says where an empty one is taken from, and that a mapped one overrides who acted.
	const email = new KlaviyoTrackReferralEvent().description.properties.find((property) => property.name === 'email')!;
	expect(email.description).toMatch(/referral\.recipientEmail.*"From the Event", leave it empty/);
});

test('Okendo naming: the node says which event names it writes, and that the prefix is not put before them', () => {
	const { properties } = new KlaviyoTrackReferralEvent().description;
	const notice = properties.find((property) => property.name === 'okendoNamingNotice')!;
	expect(notice.displayOptions).toEqual({ show: { naming: ['okendo'] } });
	for (const metric of ['Sent Okendo Referral', 'Received Okendo Referral Coupon', 'Redeemed Okendo Referral Coupon']) {
		expect(notice.displayName).toContain(`"${metric}"`);
	}
	expect(notice.displayName).toMatch(/whatever the Metric Name Prefix/);
});
