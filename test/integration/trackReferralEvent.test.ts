import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KlaviyoTrackReferralEvent } from '../../nodes/KlaviyoTrackReferralEvent/KlaviyoTrackReferralEvent.node';
import { EVENT_PRESETS } from '../../nodes/KlaviyoTrackReferralEvent/presets';
import type { KlaviyoDouble } from '../double/types';
import { callsByOperation, expectNoResponseViolations, runWithApiKey, useKlaviyoDouble } from './support';

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
