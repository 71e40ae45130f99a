import { createHmac, randomBytes } from 'node:crypto';

import { Workflow, type INodeParameters } from 'n8n-workflow';

import { AffiliateWebhookTrigger } from '../../nodes/AffiliateWebhookTrigger/AffiliateWebhookTrigger.node';
import { checkSigningSecret } from '../../nodes/AffiliateWebhookTrigger/checkSigningSecret';
import { DEFAULT_CLAIM_LEASE_SECONDS } from '../../nodes/shared/webhooks/replayStore';
import type { StoredCredential } from '../harness/credentialsHelper';
import { nodeTypesFor } from '../harness/runWorkflow';
import { TriggerUnderTest } from '../harness/webhook';

/** Set by a test to make the normalizer fail as a bug in our own code would; every other test uses the real one. */
let mockNormalizerFault: Error | undefined;
jest.mock('../../nodes/shared/webhooks/normalize', () => {
	const actual = jest.requireActual<typeof import('../../nodes/shared/webhooks/normalize')>('../../nodes/shared/webhooks/normalize');
	return {
		...actual,
		normalizeWebhookDelivery: (...args: Parameters<typeof actual.normalizeWebhookDelivery>) => {
			if (mockNormalizerFault) throw mockNormalizerFault;
			return actual.normalizeWebhookDelivery(...args);
		},
	};
});
/** The same, for a step after normalization (the Events filter), which only the last-resort catch covers. */
let mockFilterFault: Error | undefined;
jest.mock('../../nodes/AffiliateWebhookTrigger/eventFilter', () => {
	const actual = jest.requireActual<typeof import('../../nodes/AffiliateWebhookTrigger/eventFilter')>('../../nodes/AffiliateWebhookTrigger/eventFilter');
	return {
		...actual,
		applyEventFilter: (...args: Parameters<typeof actual.applyEventFilter>) => {
			if (mockFilterFault) throw mockFilterFault;
			return actual.applyEventFilter(...args);
		},
	};
});
afterEach(() => {
	mockNormalizerFault = undefined;
	mockFilterFault = undefined;
});

const REFERSION_SECRET = 'refersion-signing-secret-FAKE-9f8e7d';
const secretCredential = (secret: string, previousSecret = ''): StoredCredential => ({
	id: 'secret',
	name: 'Signing secret',
	type: 'affiliateWebhookSecretApi',
	data: { secret, previousSecret },
});

const trigger = (parameters: INodeParameters, credential = secretCredential(REFERSION_SECRET), typeVersion = 1) =>
	new TriggerUnderTest(new AffiliateWebhookTrigger(), { platform: 'refersion', scheme: 'platform', ...parameters }, [credential], typeVersion);

function refersionDelivery(topic: string, payload: object, secret = REFERSION_SECRET, bytesBefore = '') {
	const rawBody = Buffer.from(bytesBefore + JSON.stringify(payload), 'utf8');
	const signature = createHmac('sha256', secret).update(rawBody).digest('base64');
	return { headers: { 'Refersion-Signature': signature, 'Refersion-Topic': topic, 'content-type': 'application/json' }, rawBody };
}

const approvedAffiliate = {
	id: 1001,
	code: 'a3y7',
	status: 'ACTIVE',
	first_name: 'Ada',
	last_name: 'Lovelace',
	email: 'Ada@Example.com',
	phone_number: '555-555-1234',
	offer: { id: 12, name: 'Spring 20%' },
};

test('a signed delivery starts the workflow with one normalized event', async () => {
	const node = trigger({});
	const result = await node.deliver(refersionDelivery('AFFILIATE_STATUS_CHANGE', approvedAffiliate));
	expect(result.items).toHaveLength(1);
	expect(result.items![0]).toMatchObject({
		platform: 'refersion',
		type: 'affiliate.approved',
		affiliate: { id: '1001', code: 'a3y7', email: 'ada@example.com', firstName: 'Ada', offerId: '12', offerName: 'Spring 20%' },
	});
});

test('a bad signature is answered 401, starts nothing, and says why without the secret', async () => {
	const node = trigger({});
	const delivery = refersionDelivery('AFFILIATE_STATUS_CHANGE', approvedAffiliate, 'some-other-secret');
	const result = await node.deliver(delivery);
	expect(result.status).toBe(401);
	expect(result.items).toBeUndefined();
	expect(result.response.noWebhookResponse).toBe(true);
	expect(JSON.stringify(result.body)).not.toContain(REFERSION_SECRET);
	expect(result.body).toEqual({ error: 'invalid signature', reason: 'no matching signature' });
});

test('a tampered body is refused', async () => {
	const node = trigger({});
	const delivery = refersionDelivery('AFFILIATE_STATUS_CHANGE', approvedAffiliate);
	const result = await node.deliver({ ...delivery, rawBody: delivery.rawBody.toString().replace('Ada', 'Eve') });
	expect(result.status).toBe(401);
});

test('a redelivery is answered 200 and starts nothing', async () => {
	const node = trigger({});
	const delivery = refersionDelivery('NEW_CONVERSION', { id: 9, status: 'PENDING', total: '59.00', affiliate: { id: 1001, email: 'ada@example.com' } });
	expect((await node.deliver(delivery)).items).toHaveLength(1);
	const again = await node.deliver(delivery);
	expect(again.status).toBe(200);
	expect(again.items).toBeUndefined();
	expect(again.body).toMatchObject({ started: false, reason: 'already received' });
	// The same conversion approved later is a different event.
	const approved = refersionDelivery('APPROVED_CONVERSION', { id: 9, status: 'APPROVED', total: '59.00', affiliate: { id: 1001 } });
	expect((await node.deliver(approved)).items).toHaveLength(1);
});

test('the event filter answers 200 and starts nothing for other types', async () => {
	const node = trigger({ events: ['conversion.created'] });
	const result = await node.deliver(refersionDelivery('AFFILIATE_STATUS_CHANGE', approvedAffiliate));
	expect(result).toMatchObject({ status: 200, items: undefined, body: { started: false, reason: 'filtered out' } });
});

test('one payment delivery for several affiliates starts one item per affiliate', async () => {
	const node = trigger({});
	const payment = {
		affiliates: {
			'1001': { id: 1001, first_name: 'Ada', email: 'ada@example.com', payments: [{ id: 501, commission_total: '12.50', currency: 'USD', created: '2026-03-01 10:00:00' }] },
			'1002': { id: 1002, first_name: 'Bo', email: 'bo@example.com', payments: [{ id: 502, commission_total: '7.00', currency: 'USD', created: '2026-03-01 10:00:00' }] },
		},
	};
	const result = await node.deliver(refersionDelivery('NEW_PAYMENT', payment));
	expect(result.items!.map((item) => [item.type, (item.affiliate as { email: string }).email, (item.payout as { amount: number }).amount])).toEqual([
		['commission.paid', 'ada@example.com', 12.5],
		['commission.paid', 'bo@example.com', 7],
	]);
	expect(new Set(result.items!.map((item) => item.id)).size).toBe(2);
});

test('the bound on events per delivery follows Max Body Size: a payment naming more affiliates starts one unknown item', async () => {
	// 2 KB: at most 20 events. Each entry here is 11 bytes, as no real one is (see eventsAllowedFor).
	const payment = (count: number) => ({ affiliates: Object.fromEntries(Array.from({ length: count }, (_, index) => [String(1000 + index), { id: 1000 + index }])) });
	const atBound = await trigger({ options: { maxBodyKb: 2 } }).deliver(refersionDelivery('NEW_PAYMENT', payment(20)));
	expect(atBound.items).toHaveLength(20);
	const over = await trigger({ options: { maxBodyKb: 2 } }).deliver(refersionDelivery('NEW_PAYMENT', payment(21)));
	expect(over.status).toBe(200);
	expect(over.items).toHaveLength(1);
	expect(over.items![0]).toMatchObject({ type: 'unknown', raw: payment(21) });
	expect(String((over.items![0].warnings as string[])[0])).toContain('names 21 events, more than the 20');
	// The default cap (1024 KB) lets the same payment through.
	expect((await trigger({}).deliver(refersionDelivery('NEW_PAYMENT', payment(21)))).items).toHaveLength(21);
});

test('malformed JSON is answered 400, a body over the cap 413; neither starts anything', async () => {
	const node = trigger({ options: { maxBodyKb: 1 } });
	const badJson = '{"id": 1, "email": ';
	const signature = createHmac('sha256', REFERSION_SECRET).update(badJson).digest('base64');
	const malformed = await node.deliver({ headers: { 'Refersion-Signature': signature }, rawBody: badJson });
	expect(malformed).toMatchObject({ status: 400, items: undefined });
	const huge = await node.deliver(refersionDelivery('AFFILIATE_DETAILS_CHANGE', { ...approvedAffiliate, notes: 'x'.repeat(2000) }));
	expect(huge).toMatchObject({ status: 413, items: undefined });
});

test('Refersion times are read in the Source Time Zone; a mistyped zone is a 500 naming the option, never a silent UTC', async () => {
	const conversion = { id: 55, affiliate_id: 1001, order_id: 'ORD-9', total: '59.00', commission_total: '5.90', currency: 'USD', created: '2026-01-15 09:30:00' };
	const inNewYork = await trigger({ options: { sourceTimeZone: 'America/New_York' } }).deliver(refersionDelivery('NEW_CONVERSION', conversion));
	expect(inNewYork.items![0]).toMatchObject({ type: 'conversion.created', occurredAt: '2026-01-15T14:30:00.000Z' });
	const mistyped = await trigger({ options: { sourceTimeZone: 'America/NewYork' } }).deliver(refersionDelivery('NEW_CONVERSION', conversion));
	expect(mistyped).toMatchObject({ status: 500, items: undefined });
	expect(JSON.stringify(mistyped.body)).toContain('Source Time Zone');
});

describe('Standard Webhooks (e.g. Okendo referrals)', () => {
	const key = randomBytes(24);
	const secret = `whsec_${key.toString('base64')}`;
	const sign = (id: string, timestamp: number, body: string, signingKey = key) =>
		`v1,${createHmac('sha256', signingKey).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
	const delivery = (id: string, timestamp: number, payload: object, signingKey = key) => {
		const rawBody = JSON.stringify(payload);
		return {
			headers: { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(id, timestamp, rawBody, signingKey) },
			rawBody,
		};
	};
	const referral = { type: 'referral.coupon_issued', data: { referrer: { email: 'rita@example.com' }, recipient: { email: 'rob@example.com' }, coupon_code: 'WELCOME10' } };
	const now = () => Math.floor(Date.now() / 1000);

	test('a valid delivery is normalized with referrer, recipient and the webhook-id as its id', async () => {
		const node = trigger({ platform: 'generic', scheme: 'standard-webhooks' }, secretCredential(secret));
		const result = await node.deliver(delivery('msg_1', now(), referral));
		expect(result.items![0]).toMatchObject({
			id: 'generic:msg_1',
			type: 'coupon.issued',
			referral: { referrerEmail: 'rita@example.com', recipientEmail: 'rob@example.com', couponCode: 'WELCOME10' },
		});
	});

	test('an old timestamp is refused even with a valid signature', async () => {
		const node = trigger({ platform: 'generic', scheme: 'standard-webhooks' }, secretCredential(secret));
		const result = await node.deliver(delivery('msg_2', now() - 301, referral));
		expect(result.status).toBe(401);
		expect(result.body).toMatchObject({ reason: 'timestamp outside the 300 s tolerance' });
	});

	test('while rotating, deliveries signed with the previous secret are accepted', async () => {
		const oldKey = randomBytes(24);
		const node = trigger(
			{ platform: 'generic', scheme: 'standard-webhooks' },
			secretCredential(secret, `whsec_${oldKey.toString('base64')}`),
		);
		const result = await node.deliver(delivery('msg_3', now(), referral, oldKey));
		expect(result.items).toHaveLength(1);
	});
});

test('"None" accepts unsigned deliveries', async () => {
	const node = new TriggerUnderTest(new AffiliateWebhookTrigger(), { platform: 'generic', scheme: 'none' }, []);
	const result = await node.deliver({ headers: {}, rawBody: JSON.stringify({ type: 'affiliate.approved', data: { affiliate: { email: 'x@example.com' } } }) });
	expect(result.items![0]).toMatchObject({ type: 'affiliate.approved' });
});

test.each([
	[{ secret: '' }, 'Error'],
	[{ secret: ' padded ' }, 'Error'],
	[{ secret: 'whsec_not*base64' }, 'Error'],
	[{ secret: 'whsec_dGhpcyBpcyBzaXh0ZWVuIGJ5dGVzIQ==' }, 'OK'],
	[{ secret: 'plain-shared-secret' }, 'OK'],
])('the credential test checks the secret %j → %s', (data, status) => {
	expect(checkSigningSecret(data).status).toBe(status);
});

describe('never a 500 for a verified delivery', () => {
	test('a UTF-8 byte order mark before signed JSON is skipped after the signature check', async () => {
		const result = await trigger({}).deliver(refersionDelivery('AFFILIATE_STATUS_CHANGE', approvedAffiliate, REFERSION_SECRET, '\uFEFF'));
		expect(result.items).toHaveLength(1);
		expect(result.items![0]).toMatchObject({ type: 'affiliate.approved', affiliate: { email: 'ada@example.com' } });
	});

	test('our own code failing after the check passes the delivery on as unknown with raw, not a 500', async () => {
		mockNormalizerFault = new TypeError("Cannot read properties of undefined (reading 'id')");
		const result = await trigger({}).deliver(refersionDelivery('AFFILIATE_STATUS_CHANGE', approvedAffiliate));
		expect(result.status).toBe(200);
		expect(result.items).toHaveLength(1);
		expect(result.items![0]).toMatchObject({ platform: 'refersion', type: 'unknown', raw: approvedAffiliate });
		expect(result.items![0].warnings).toEqual([expect.stringContaining('could not be normalized')]);
	});

	test('a failure in a later step is caught as a last resort: the delivery still starts the workflow as unknown', async () => {
		mockFilterFault = new RangeError('Maximum call stack size exceeded');
		const result = await trigger({ events: ['affiliate.approved'] }).deliver(refersionDelivery('AFFILIATE_STATUS_CHANGE', approvedAffiliate));
		expect(result.status).toBe(200);
		expect(result.items).toEqual([expect.objectContaining({ platform: 'refersion', type: 'unknown', raw: approvedAffiliate })]);
	});

	test('a field the normalizer could not read is named on the item, in `warnings`', async () => {
		const conversion = { id: 56, affiliate_id: 1001, total: 'lots', currency: 'USD', created: '2026-01-15 09:30:00' };
		const result = await trigger({}).deliver(refersionDelivery('NEW_CONVERSION', conversion));
		expect(result.items![0]).toMatchObject({ type: 'conversion.created', conversion: { amount: null } });
		expect(result.items![0].warnings).toEqual([expect.stringContaining('total')]);
		const clean = await trigger({}).deliver(refersionDelivery('NEW_CONVERSION', { ...conversion, id: 57, total: '59.00' }));
		expect(clean.items![0]).not.toHaveProperty('warnings');
	});
});

describe('the Events filter and unclassified deliveries', () => {
	const mystery = () => refersionDelivery('SOMETHING_NEW', { id: 4242, note: 'a topic the trigger cannot classify' });

	test('version 2: an unknown delivery passes a filter that does not tick it', async () => {
		const result = await trigger({ events: ['affiliate.approved'] }, undefined, 2).deliver(mystery());
		expect(result.items).toHaveLength(1);
		expect(result.items![0]).toMatchObject({ type: 'unknown', raw: { id: 4242 } });
	});

	test('version 2, opted out: the answer names what the filter left out', async () => {
		const result = await trigger({ events: ['affiliate.approved'], passUnclassified: false }, undefined, 2).deliver(mystery());
		expect(result).toMatchObject({ status: 200, items: undefined, body: { started: false, reason: 'filtered out', filtered: ['unknown'] } });
	});

	test('version 1 keeps its saved behaviour (unknown dropped under a filter), says so, and can opt in', async () => {
		const kept = await trigger({ events: ['affiliate.approved'] }).deliver(mystery());
		expect(kept).toMatchObject({ status: 200, items: undefined, body: { reason: 'filtered out', filtered: ['unknown'] } });
		const optedIn = await trigger({ events: ['affiliate.approved'], passUnclassified: true }).deliver(mystery());
		expect(optedIn.items![0]).toMatchObject({ type: 'unknown' });
	});

	test('the answer for a filtered delivery names the types left out', async () => {
		const result = await trigger({ events: ['conversion.created'] }, undefined, 2).deliver(refersionDelivery('AFFILIATE_STATUS_CHANGE', approvedAffiliate));
		expect(result.body).toEqual({ received: true, started: false, reason: 'filtered out', filtered: ['affiliate.approved'] });
	});
});

describe('Respond: When the Workflow Finishes', () => {
	const whenFinished = () => trigger({ responseMode: 'lastNode' });
	const conversion = (id: number) => refersionDelivery('NEW_CONVERSION', { id, status: 'PENDING', total: '59.00', affiliate: { id: 1001, email: 'ada@example.com' } });

	test('the webhook answers in the mode chosen: n8n answers after the run (500 if it fails) only when asked', () => {
		const nodeType = new AffiliateWebhookTrigger();
		const responseModeOf = (parameters: INodeParameters) => {
			const node = { id: 'n', name: 'Trigger', type: 'test.trigger', typeVersion: 2, position: [0, 0] as [number, number], parameters };
			const workflow = new Workflow({ id: 'w', nodes: [node], connections: {}, active: true, nodeTypes: nodeTypesFor({ 'test.trigger': nodeType }) });
			return workflow.expression.getSimpleParameterValue(node, nodeType.description.webhooks![0].responseMode, 'webhook', {});
		};
		expect(responseModeOf({})).toBe('onReceived');
		expect(responseModeOf({ responseMode: 'lastNode' })).toBe('lastNode');
	});

	test('a redelivery after a failed run runs again; once a run succeeded, redeliveries start nothing', async () => {
		const node = whenFinished();
		const first = await node.deliver(conversion(9));
		expect(first.items).toHaveLength(1);
		first.answer(500);
		const retry = await node.deliver(conversion(9));
		expect(retry.items).toHaveLength(1);
		expect(retry.items![0].id).toBe(first.items![0].id);
		retry.answer(200);
		const again = await node.deliver(conversion(9));
		expect(again).toMatchObject({ status: 200, items: undefined, body: { started: false, reason: 'already received' } });
	});

	test('the same event while its run is in progress is answered 503 (retry later), and runs if that run fails', async () => {
		const node = whenFinished();
		const first = await node.deliver(conversion(11));
		const overlapping = await node.deliver(conversion(11));
		expect(overlapping).toMatchObject({ status: 503, items: undefined });
		const other = await node.deliver(conversion(12));
		expect(other.items).toHaveLength(1);
		first.answer(500);
		expect((await node.deliver(conversion(11))).items).toHaveLength(1);
	});

	test('a wall clock set forward or back does not let a second run of a running event in', async () => {
		const node = whenFinished();
		const wallClock = Date.now();
		await node.deliver(conversion(21));
		const clock = jest.spyOn(Date, 'now').mockReturnValue(wallClock + 3600_000);
		try {
			expect(await node.deliver(conversion(21))).toMatchObject({ status: 503, items: undefined });
			clock.mockReturnValue(wallClock - 86_400_000);
			expect(await node.deliver(conversion(21))).toMatchObject({ status: 503, items: undefined });
		} finally {
			clock.mockRestore();
		}
	});

	test('a run that never ends (its sender gone) holds the event for the lease only, then a redelivery runs', async () => {
		const node = whenFinished();
		const first = await node.deliver(conversion(31));
		first.hangUp();
		const monotonic = jest.spyOn(performance, 'now');
		try {
			expect(await node.deliver(conversion(31))).toMatchObject({ status: 503 });
			const later = performance.now() + (DEFAULT_CLAIM_LEASE_SECONDS + 1) * 1000;
			monotonic.mockReturnValue(later);
			expect((await node.deliver(conversion(31))).items).toHaveLength(1);
		} finally {
			monotonic.mockRestore();
		}
	});

	test('a sender that hung up mid-run: the answer n8n still writes when the run ends settles the event', async () => {
		const node = whenFinished();
		const succeeded = await node.deliver(conversion(61));
		succeeded.hangUp();
		succeeded.answerAfterHangUp(200);
		expect(await node.deliver(conversion(61))).toMatchObject({ status: 200, items: undefined, body: { reason: 'already received' } });
		const failed = await node.deliver(conversion(62));
		failed.hangUp();
		failed.answerAfterHangUp(500);
		expect((await node.deliver(conversion(62))).items).toHaveLength(1);
	});

	test('a run from the Test URL and one from the Production URL do not count as each other’s redelivery', async () => {
		const node = whenFinished();
		const tested = await node.deliver({ ...conversion(41), mode: 'manual' });
		expect(tested.items).toHaveLength(1);
		tested.answer(200);
		const live = await node.deliver(conversion(41));
		expect(live.items).toHaveLength(1);
		live.answer(200);
		expect(await node.deliver({ ...conversion(41), mode: 'manual' })).toMatchObject({ status: 200, body: { reason: 'already received' } });
	});
});
