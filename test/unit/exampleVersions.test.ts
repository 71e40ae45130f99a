import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { AffiliatePlatform } from '../../nodes/AffiliatePlatform/AffiliatePlatform.node';
import { AffiliateWebhookTrigger } from '../../nodes/AffiliateWebhookTrigger/AffiliateWebhookTrigger.node';
import { KlaviyoAddToList } from '../../nodes/KlaviyoAddToList/KlaviyoAddToList.node';
import { KlaviyoTrackReferralEvent } from '../../nodes/KlaviyoTrackReferralEvent/KlaviyoTrackReferralEvent.node';
import { KlaviyoUpsertAffiliateProfile } from '../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';

/**
 * A newcomer imports an example as it is: a node saved below its newest version keeps the old behaviour (an old
 * trigger drops unclassified deliveries, an old Track keys events on the delivery, not the fact).
 */
const EXAMPLES = join(__dirname, '..', '..', 'examples');

const newest = new Map(
	[AffiliatePlatform, AffiliateWebhookTrigger, KlaviyoAddToList, KlaviyoTrackReferralEvent, KlaviyoUpsertAffiliateProfile].map((NodeClass) => {
		const { name, version } = new NodeClass().description as INodeTypeDescription;
		return [`n8n-nodes-klaviyo-affiliates.${name}`, Math.max(...([] as number[]).concat(version))];
	}),
);

test('every node of ours in every example is at its newest version', () => {
	const behind: string[] = [];
	for (const file of readdirSync(EXAMPLES).filter((name) => name.endsWith('.json'))) {
		const { nodes } = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as { nodes: Array<{ name: string; type: string; typeVersion: number }> };
		for (const node of nodes) {
			const wanted = newest.get(node.type);
			if (wanted !== undefined && node.typeVersion !== wanted) behind.push(`${file}: "${node.name}" v${node.typeVersion} (newest ${wanted})`);
		}
	}
	expect(newest.size).toBe(5);
	expect(behind).toEqual([]);
});
