import type { HeaderMap } from './headers';
import { PLATFORM_NORMALIZERS, type AffiliatePlatform } from './platforms';
import { normalizedEventSchema, type NormalizedAffiliateEvent } from './schema';

export interface NormalizeWebhookInput {
	platform: AffiliatePlatform;
	headers: HeaderMap;
	/** The parsed JSON body. */
	body: unknown;
	options?: {
		/** Zone for times sent without one (Refersion): IANA name or "+02:00"; default UTC. */
		sourceTimeZone?: string;
		/** The event name when it is not in the payload (UpPromote): e.g. from `?topic=` on the webhook URL. */
		topic?: string;
		/** The signature scheme's delivery id (Standard Webhooks `webhook-id`), the most stable id there is. */
		deliveryId?: string;
		now?: Date;
	};
}

/**
 * Turns one delivery into events of one shape (usually one; a Refersion payment carries one per affiliate).
 * Unknown topics are kept as `type: 'unknown'` with the raw payload. Every event is checked against the schema.
 */
export function normalizeAffiliateWebhook(input: NormalizeWebhookInput): NormalizedAffiliateEvent[] {
	const normalizer = PLATFORM_NORMALIZERS[input.platform];
	if (!normalizer) throw new Error(`Unknown affiliate platform "${String(input.platform)}"`);
	const events = normalizer({
		headers: input.headers ?? {},
		body: input.body,
		sourceTimeZone: input.options?.sourceTimeZone || 'UTC',
		topic: input.options?.topic,
		deliveryId: input.options?.deliveryId,
		now: input.options?.now ?? new Date(),
	});
	return events.map((event) => normalizedEventSchema.parse(event));
}
