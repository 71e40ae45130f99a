import type { HeaderMap } from './headers';
import { PLATFORM_NORMALIZERS, type AffiliatePlatform } from './platforms';
import { own } from './platforms/fields';
import { normalizedEventSchema, type NormalizedAffiliateEvent } from './schema';

export interface NormalizeWebhookOptions {
	/**
	 * Zone of times sent without one (Refersion's "2020-02-14 18:48:42"): an IANA name ("America/New_York") or a
	 * fixed offset ("+02:00"). Default UTC; an unknown zone also falls back to UTC (check it with isSupportedTimeZone).
	 */
	sourceTimeZone?: string;
	/** The event name when the platform does not put it in the payload (UpPromote): e.g. `?topic=` on the URL. */
	topic?: string;
	/** The delivery id from the signature check (Standard Webhooks `webhook-id`), the most stable id there is. */
	deliveryId?: string;
	/** Stands in for `occurredAt` when the payload carries no time (Refersion affiliate events); default: now. */
	now?: Date;
}

export interface NormalizeWebhookInput {
	platform: AffiliatePlatform;
	headers: HeaderMap;
	/** The parsed JSON body. */
	body: unknown;
	options?: NormalizeWebhookOptions;
}

/**
 * Turns one delivery into events of one shape: usually one, but a Refersion payment carries one per affiliate.
 * Unknown topics are kept as `type: 'unknown'` with the raw payload, never dropped. Every event is checked against
 * the schema. Any body is accepted (a malformed one gives an `unknown` event); only an unknown `platform` — a
 * configuration error, not bad input — throws.
 */
export function normalizeAffiliateWebhook(input: NormalizeWebhookInput): NormalizedAffiliateEvent[] {
	const normalizer = own(PLATFORM_NORMALIZERS, String(input.platform));
	if (!normalizer) throw new Error(`Unknown affiliate platform "${String(input.platform)}"`);
	const options = input.options ?? {};
	const now = options.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : new Date();
	const events = normalizer({
		headers: typeof input.headers === 'object' && input.headers !== null ? input.headers : {},
		body: input.body,
		sourceTimeZone: options.sourceTimeZone?.trim() || 'UTC',
		topic: options.topic?.trim() || undefined,
		deliveryId: options.deliveryId?.trim() || undefined,
		now,
	});
	return events.map((event) => normalizedEventSchema.parse(event));
}
