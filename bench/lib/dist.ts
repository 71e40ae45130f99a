import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

import type * as Webhooks from '../../nodes/shared/webhooks';
import type { RateGate as RateGateClass } from '../../nodes/shared/klaviyo/rateGate';
import { BENCH_BUILD } from './build';

/**
 * The compiled package (see BENCH_BUILD), loaded with require: the bench measures the JavaScript n8n would load.
 * Types come from the sources.
 */
function load<T>(relative: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(join(BENCH_BUILD, relative)) as T;
}

/** Requires every module the bench uses at once, at start-up, before anything can recompile under it. */
export function loadAll(): { nodes: ActionNodes; webhooks: WebhookModule; RateGate: typeof RateGateClass } {
	return { nodes: loadActionNodes(), webhooks: loadWebhooks(), RateGate: loadRateGate() };
}

type NodeClass = new () => INodeType;

export interface ActionNodes {
	upsert: NodeClass;
	addToList: NodeClass;
	track: NodeClass;
}

export function loadActionNodes(): ActionNodes {
	return {
		upsert: load<{ KlaviyoUpsertAffiliateProfile: NodeClass }>(
			'nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node.js',
		).KlaviyoUpsertAffiliateProfile,
		addToList: load<{ KlaviyoAddToList: NodeClass }>('nodes/KlaviyoAddToList/KlaviyoAddToList.node.js').KlaviyoAddToList,
		track: load<{ KlaviyoTrackReferralEvent: NodeClass }>('nodes/KlaviyoTrackReferralEvent/KlaviyoTrackReferralEvent.node.js')
			.KlaviyoTrackReferralEvent,
	};
}

export type WebhookModule = Pick<typeof Webhooks, 'verifyWebhookSignature' | 'normalizeAffiliateWebhook' | 'normalizedEventSchema'>;

export function loadWebhooks(): WebhookModule {
	return load<WebhookModule>('nodes/shared/webhooks/index.js');
}

/** The nodes' own rate gate, lent to the baseline so it paces as well as any per-record tool could. */
export function loadRateGate(): typeof RateGateClass {
	return load<{ RateGate: typeof RateGateClass }>('nodes/shared/klaviyo/rateGate.js').RateGate;
}
