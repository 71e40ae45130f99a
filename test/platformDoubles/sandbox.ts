import { join } from 'node:path';

import type { N8nInstance } from '../e2e/n8nInstance';
import { FIRSTPROMOTER_ACCOUNT, FIRSTPROMOTER_KEY, startFirstPromoterDouble } from './firstpromoter';
import { REWARDFUL_SECRET, startRewardfulDouble } from './rewardful';

/** Affiliates each platform double starts with in `npm start`: a few pages of 100, a fifth of them not approved. */
export const SANDBOX_AFFILIATES = 300;

export interface SandboxPlatforms {
	rewardfulUrl: string;
	firstPromoterUrl: string;
	close(): Promise<void>;
}

/**
 * The Rewardful and FirstPromoter doubles for the sandbox, seeded, and the credentials examples 09 and 10 use
 * (ids `rewardfulApiCred`, `firstPromoterCred`) pointed at them and imported with n8n's CLI.
 */
export async function startSandboxPlatforms(n8n: N8nInstance): Promise<SandboxPlatforms> {
	const rewardful = await startRewardfulDouble({ seed: SANDBOX_AFFILIATES });
	// Conversions too: example 10 reads them.
	const firstPromoter = await startFirstPromoterDouble({ seed: SANDBOX_AFFILIATES, referrals: SANDBOX_AFFILIATES / 2 });
	const close = async () => {
		await Promise.all([rewardful.close(), firstPromoter.close()]);
	};
	try {
		n8n.writeJson('platform-credentials.json', [
			{ id: 'rewardfulApiCred', name: 'Rewardful', type: 'rewardfulApi', data: { apiSecret: REWARDFUL_SECRET, baseUrl: rewardful.url } },
			{ id: 'firstPromoterCred', name: 'FirstPromoter', type: 'firstPromoterApi', data: { apiKey: FIRSTPROMOTER_KEY, accountId: FIRSTPROMOTER_ACCOUNT, baseUrl: firstPromoter.url } },
		]);
		await n8n.cli(['import:credentials', `--input=${join(n8n.userFolder, 'platform-credentials.json')}`]);
	} catch (error) {
		await close();
		throw error;
	}
	return { rewardfulUrl: rewardful.url, firstPromoterUrl: firstPromoter.url, close };
}
