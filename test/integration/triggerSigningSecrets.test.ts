import { createHmac } from 'node:crypto';

import { AffiliateWebhookTrigger } from '../../nodes/AffiliateWebhookTrigger/AffiliateWebhookTrigger.node';
import { SECRET_REUSE_MS } from '../../nodes/AffiliateWebhookTrigger/signingSecrets';
import { TestCredentialsHelper } from '../harness/credentialsHelper';
import { TriggerUnderTest } from '../harness/webhook';

/**
 * n8n 2 spends ~25 ms of CPU on every credential read in a webhook call (a fresh expression isolate), so the trigger
 * reuses a signing secret it read within SECRET_REUSE_MS — and reads again whenever that secret does not verify.
 */
const OLD_SECRET = 'refersion-signing-secret-FAKE-old-1a2b';
const NEW_SECRET = 'refersion-signing-secret-FAKE-new-3c4d';

/** What the credential holds now: the tests change it between deliveries, as a user editing it would. */
let stored = { secret: OLD_SECRET, previousSecret: '' };
let reads = 0;
let now = 1_900_000_000_000;

beforeEach(() => {
	stored = { secret: OLD_SECRET, previousSecret: '' };
	reads = 0;
	jest.spyOn(TestCredentialsHelper.prototype, 'getDecrypted').mockImplementation(async () => {
		reads += 1;
		return { ...stored };
	});
	jest.spyOn(Date, 'now').mockImplementation(() => now);
});
afterEach(() => jest.restoreAllMocks());

let serial = 0;
/** A trigger of its own per test (its own credential id), so no test sees a secret another one read. */
function freshTrigger(): TriggerUnderTest {
	serial += 1;
	return new TriggerUnderTest(new AffiliateWebhookTrigger(), { platform: 'refersion', scheme: 'platform', options: { dropReplays: false } }, [
		{ id: `signing-secret-${serial}`, name: 'Signing secret', type: 'affiliateWebhookSecretApi', data: {} },
	]);
}

function delivery(secret: string, affiliateId: number) {
	const rawBody = Buffer.from(JSON.stringify({ id: affiliateId, code: `a${affiliateId}`, status: 'ACTIVE', email: `a${affiliateId}@example.com` }));
	const signature = createHmac('sha256', secret).update(rawBody).digest('base64');
	return { headers: { 'Refersion-Signature': signature, 'Refersion-Topic': 'AFFILIATE_STATUS_CHANGE', 'content-type': 'application/json' }, rawBody };
}

test('a burst of deliveries reads the signing secret once; a forged one is refused after a fresh read', async () => {
	const trigger = freshTrigger();
	for (let i = 0; i < 5; i++) {
		now += 100;
		expect((await trigger.deliver(delivery(OLD_SECRET, i))).status).toBe(200);
	}
	expect(reads).toBe(1);
	expect((await trigger.deliver(delivery('not-the-secret', 9))).status).toBe(401);
	expect(reads).toBe(2);
});

test('a secret just changed in the credential is used at once: a delivery the remembered one refuses reads it again', async () => {
	const trigger = freshTrigger();
	expect((await trigger.deliver(delivery(OLD_SECRET, 1))).status).toBe(200);
	stored = { secret: NEW_SECRET, previousSecret: '' };
	now += 1000;
	expect((await trigger.deliver(delivery(NEW_SECRET, 2))).status).toBe(200);
	now += 1000;
	expect((await trigger.deliver(delivery(NEW_SECRET, 3))).status).toBe(200);
	expect(reads).toBe(2);
});

test(`a secret removed from the credential still verifies for at most ${SECRET_REUSE_MS / 1000} s, then gets 401`, async () => {
	const trigger = freshTrigger();
	expect((await trigger.deliver(delivery(OLD_SECRET, 1))).status).toBe(200);
	stored = { secret: NEW_SECRET, previousSecret: '' };
	now += SECRET_REUSE_MS - 1;
	expect((await trigger.deliver(delivery(OLD_SECRET, 2))).status).toBe(200);
	now += 2;
	const refused = await trigger.deliver(delivery(OLD_SECRET, 3));
	expect(refused.status).toBe(401);
	expect(refused.items).toBeUndefined();
	expect(reads).toBe(2);
});
