import type { IWebhookFunctions } from 'n8n-workflow';

import type { Verdict } from '../shared/webhooks';

/**
 * How long a signing secret read from its credential is reused. n8n 2 resolves a credential read outside a running
 * workflow (a webhook call) in a fresh expression isolate: ~25 ms of CPU per delivery, 50× the trigger's own work.
 * A secret removed from the credential therefore still verifies for at most this long.
 */
export const SECRET_REUSE_MS = 10_000;

interface Remembered {
	secrets: string[];
	readAt: number;
}

/** Per workflow, trigger node and credential: another node, workflow or credential never shares an entry. */
const remembered = new Map<string, Remembered>();

async function readSecrets(this: IWebhookFunctions): Promise<string[]> {
	const credentials = await this.getCredentials('affiliateWebhookSecretApi');
	return [credentials.secret, credentials.previousSecret].filter((value): value is string => typeof value === 'string' && value !== '');
}

/**
 * Verifies with the secrets read within the last SECRET_REUSE_MS, and with freshly read ones when that fails — so
 * a secret just changed in the credential is used at once, and only a delivery that fails both is refused.
 */
export async function verifyWithSigningSecrets(this: IWebhookFunctions, verify: (secrets: string[]) => Verdict): Promise<Verdict> {
	const credentialId = this.getNode().credentials?.affiliateWebhookSecretApi?.id ?? '';
	const key = JSON.stringify([this.getWorkflow().id, this.getNode().name, credentialId]);
	const now = Date.now();
	const known = remembered.get(key);
	if (known && now - known.readAt < SECRET_REUSE_MS) {
		const verdict = verify(known.secrets);
		if (verdict.valid) return verdict;
	}
	const secrets = await readSecrets.call(this);
	remembered.set(key, { secrets, readAt: now });
	return verify(secrets);
}
