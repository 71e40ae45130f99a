import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

import type * as ParseBody from '../../nodes/AffiliateWebhookTrigger/parseBody';
import type * as Webhooks from '../../nodes/shared/webhooks';
import type * as ReplayStore from '../../nodes/shared/webhooks/replayStore';
import type { RateGate as RateGateClass } from '../../nodes/shared/klaviyo/rateGate';
import { BENCH_BUILD } from './build';
import type { TriggerSteps } from './worstBodies';

/**
 * The compiled package (see BENCH_BUILD), loaded with require: the bench measures the JavaScript n8n would load.
 * Types come from the sources.
 */
function load<T>(relative: string): T {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(join(BENCH_BUILD, relative)) as T;
}

/** Requires every module the bench uses at once, at start-up, before anything can recompile under it. */
export function loadAll(): { nodes: ActionNodes; webhooks: WebhookModule; RateGate: typeof RateGateClass; bodies: BodiesModules } {
	return { nodes: loadActionNodes(), webhooks: loadWebhooks(), RateGate: loadRateGate(), bodies: loadBodiesModules() };
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

/** What the `bodies` scenario runs: the trigger's steps before a workflow (verify, parse, normalize) and the replay store. */
export type BodiesModules = TriggerSteps & Pick<typeof ReplayStore, 'rememberDelivery' | 'rememberDeliveries'>;

export function loadBodiesModules(): BodiesModules {
	const webhooks = load<typeof Webhooks>('nodes/shared/webhooks/index.js');
	const { parseVerifiedBody } = load<typeof ParseBody>('nodes/AffiliateWebhookTrigger/parseBody.js');
	const { rememberDelivery, rememberDeliveries } = load<typeof ReplayStore>('nodes/shared/webhooks/replayStore.js');
	return {
		verifyWebhookSignature: webhooks.verifyWebhookSignature,
		normalizeWebhookDelivery: webhooks.normalizeWebhookDelivery,
		parseVerifiedBody,
		rememberDelivery,
		rememberDeliveries,
	};
}

/** The nodes' own rate gate, lent to the baseline so it paces as well as any per-record tool could. */
export function loadRateGate(): typeof RateGateClass {
	return load<{ RateGate: typeof RateGateClass }>('nodes/shared/klaviyo/rateGate.js').RateGate;
}
