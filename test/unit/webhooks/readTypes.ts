import { normalizeWebhookDelivery } from '../../../nodes/shared/webhooks';
import type { AffiliatePlatform } from '../../../nodes/shared/webhooks/platforms';
import { fixture } from './helpers';

/** What the event-name and status tables share: one delivery normalized at a fixed time, and record builders. */
export const NOW = new Date('2026-01-01T00:00:00Z');
export const json = (name: string): Record<string, unknown> => fixture(name);

export function normalize(platform: AffiliatePlatform, body: unknown, options: { topic?: string; headers?: Record<string, string> } = {}) {
	return normalizeWebhookDelivery({ platform, headers: options.headers ?? {}, body, options: { now: NOW, topic: options.topic } });
}
export const typeOf = (platform: AffiliatePlatform, body: unknown, options?: { topic?: string; headers?: Record<string, string> }) =>
	normalize(platform, body, options).events.map((event) => event.type);

export const fpCampaign = (state: string) => ({ ...json('firstpromoter/promoter-campaign.json'), state });
export const fpCommission = (status: string) => ({ ...json('firstpromoter/commission.json'), status });
export const fpPayout = (status: string) => ({ ...json('firstpromoter/payout.json'), status });
export const fpReferral = (state: string) => ({ ...json('firstpromoter/referral.json'), state });

