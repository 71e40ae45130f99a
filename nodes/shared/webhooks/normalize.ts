import { randomUUID } from 'node:crypto';

import type { HeaderMap } from './headers';
import { PLATFORM_NORMALIZERS, type AffiliatePlatform } from './platforms';
import { capped, onePerId } from './deliveryBounds';
import { surelyNormalizedEvent } from './eventCheck';
import { withFactId } from './facts';
import { derivedId, emptyAffiliate, own, TooManyEvents, type PlatformInput } from './platforms/fields';
import { normalizedEventSchema, type NormalizedAffiliateEvent } from './schema';

export interface NormalizeWebhookOptions {
	/**
	 * Zone of times sent without one (Refersion's "2020-02-14 18:48:42"): an IANA name ("America/New_York") or a
	 * fixed offset ("+02:00"). Default UTC; an unknown zone also falls back to UTC (check it with isSupportedTimeZone).
	 */
	sourceTimeZone?: string;
	/**
	 * The event name when the platform does not put it in the payload (UpPromote): e.g. `?topic=` on the URL. Not
	 * signed: it routes a delivery only where the body leaves it open, and never enters the event id.
	 */
	topic?: string;
	/** The delivery id the signature covers: the verdict's `deliveryId` (only schemes that sign one report it). */
	deliveryId?: string;
	/**
	 * Names of the headers the signature covers: the verdict's `signedHeaders`. Only these may identify an event;
	 * every other header is a routing hint. Default none.
	 */
	signedHeaders?: string[];
	/** Stands in for `occurredAt` when the payload carries no usable time (Refersion affiliate events); default: now. */
	now?: Date;
	/**
	 * The most events one delivery may become (a Refersion payment becomes one per affiliate); a delivery naming more
	 * is kept whole as one `unknown` event, with a warning. Default: eventsAllowedFor the trigger's default body cap.
	 */
	maxEvents?: number;
}

/**
 * Events one delivery of `maxBytes` may become: one per 100 bytes. Each event is an object n8n copies and stores as an
 * item, and building them costs about as much whatever the reader does (95,000 of them, the most a megabyte can name,
 * took most of a second to allocate in a bare loop). A real payment names fewer: Refersion documents an affiliate
 * entry as {id, first_name, last_name, email, paypal_email} and a payment as {id, created, total_conversions,
 * payment_method, commission_total, total, currency, note}; with one-character values the two take 227 bytes.
 */
export function eventsAllowedFor(maxBytes: number): number {
	const bytes = typeof maxBytes === 'number' && maxBytes >= 0 ? maxBytes : DEFAULT_BODY_CAP_BYTES;
	return Math.max(1, Math.floor(bytes / BYTES_PER_EVENT));
}

/** The trigger's default body cap (its Max Body Size option, 1024 KB). */
const DEFAULT_BODY_CAP_BYTES = 1024 * 1024;

const BYTES_PER_EVENT = 100;

/** The trigger's default body cap, 1024 KB: 10,485 events. */
export const DEFAULT_MAX_EVENTS = eventsAllowedFor(DEFAULT_BODY_CAP_BYTES);

export interface NormalizeWebhookInput {
	platform: AffiliatePlatform;
	headers: HeaderMap;
	/** The parsed JSON body. */
	body: unknown;
	options?: NormalizeWebhookOptions;
}

export interface NormalizedDelivery {
	/** At least one; each passes normalizedEventSchema. */
	events: NormalizedAffiliateEvent[];
	/** Fields that could not be read, each named, with what was done instead (left empty, time of receipt, unknown). */
	warnings: string[];
}

function onlySigned(headers: HeaderMap, names: unknown): HeaderMap {
	const signed = new Set((Array.isArray(names) ? names : []).filter((name) => typeof name === 'string').map((name: string) => name.toLowerCase()));
	return Object.fromEntries(Object.entries(headers).filter(([name]) => signed.has(name.toLowerCase())));
}

/**
 * A delivery kept whole when it cannot be normalized: `unknown`, with `raw`, identified by signed input only — the
 * signed delivery id, else a hash of the body (so a redelivery gets the same id). Exported for callers that must
 * pass on a delivery they failed on themselves (the trigger, after the signature check).
 */
export function unknownDeliveryEvent(platform: string, body: unknown, signedDeliveryId: string | undefined, now: Date): NormalizedAffiliateEvent {
	let id: string;
	try {
		id = signedDeliveryId ? `${platform}:${signedDeliveryId}` : derivedId(platform, 'unknown', body);
	} catch {
		// Only a body that is not JSON data (a cycle) gets here: it cannot be hashed, so it cannot be de-duplicated.
		id = `${platform}:${randomUUID()}`;
	}
	return { id, factId: null, platform, type: 'unknown', sourceType: null, occurredAt: now.toISOString(), affiliate: emptyAffiliate(), raw: body };
}

const unknownEvent = (platform: string, input: PlatformInput) => unknownDeliveryEvent(platform, input.body, input.deliveryId, input.now);

const describeIssues = (issues: Array<{ path: Array<string | number> }>) =>
	[...new Set(issues.map((issue) => issue.path.join('.') || '(event)'))].join(', ');

/**
 * Turns one delivery into events of one shape: usually one, but a Refersion payment carries one per affiliate.
 * Total for any body: unknown topics are kept as `type: 'unknown'` with the raw payload, never dropped; a field that
 * cannot be read is left empty (a time: the time of receipt) with a warning naming it; a payload the platform's
 * reader cannot handle at all becomes one `unknown` event, with a warning. Only an unknown `platform` — a
 * configuration error, not bad input — throws.
 *
 * Trust: ids come from the body, the signed headers and the signed delivery id only; `topic` and other headers are
 * hints (see PlatformInput).
 */
export function normalizeWebhookDelivery(input: NormalizeWebhookInput): NormalizedDelivery {
	const platform = String(input.platform);
	const normalizer = own(PLATFORM_NORMALIZERS, platform);
	if (!normalizer) throw new Error(`Unknown affiliate platform "${platform}"`);
	const options = input.options ?? {};
	const headers = typeof input.headers === 'object' && input.headers !== null ? input.headers : {};
	const warnings: string[] = [];
	const platformInput: PlatformInput = {
		body: input.body,
		signedHeaders: onlySigned(headers, options.signedHeaders),
		deliveryId: typeof options.deliveryId === 'string' ? options.deliveryId.trim() || undefined : undefined,
		hints: { headers, topic: typeof options.topic === 'string' ? options.topic.trim() || undefined : undefined },
		sourceTimeZone: typeof options.sourceTimeZone === 'string' ? options.sourceTimeZone.trim() || 'UTC' : 'UTC',
		now: options.now instanceof Date && !Number.isNaN(options.now.getTime()) ? options.now : new Date(),
		warn: (message) => warnings.push(message),
		// Below 1 is the strictest bound, not none: a caller asking for fewer events must never get more.
		maxEvents: typeof options.maxEvents === 'number' && !Number.isNaN(options.maxEvents) ? Math.max(1, Math.floor(options.maxEvents)) : DEFAULT_MAX_EVENTS,
	};
	let built: NormalizedAffiliateEvent[];
	try {
		const distinct = onePerId(normalizer(platformInput), platformInput.warn);
		// Readers that fan out check before they build; this holds the bound for any reader that does not.
		if (distinct.length > platformInput.maxEvents) throw new TooManyEvents(distinct.length, platformInput.maxEvents);
		built = distinct.map(withFactId);
	} catch (error) {
		warnings.push(
			error instanceof TooManyEvents
				? `the payload names ${error.count} events, more than the ${error.limit} one delivery may start (one per 100 bytes of the body cap); kept whole as unknown`
				: `the ${platform} payload could not be read (${(error as Error)?.name ?? 'error'}); kept as unknown`,
		);
		return { events: [unknownEvent(platform, platformInput)], warnings: capped(warnings) };
	}
	// Events that fail the schema (a bug of ours) are replaced by one `unknown` event of the delivery: made once, as it
	// hashes the whole body, and a payment can carry thousands of events.
	let keptAsUnknown = false;
	const events = built.flatMap((event): NormalizedAffiliateEvent[] => {
		if (surelyNormalizedEvent(event)) return [event];
		const checked = normalizedEventSchema.safeParse(event);
		if (checked.success) return [checked.data];
		warnings.push(`${describeIssues(checked.error.issues)}: not a valid value; the delivery is kept as unknown`);
		if (keptAsUnknown) return [];
		keptAsUnknown = true;
		return [unknownEvent(platform, platformInput)];
	});
	if (events.length === 0) {
		warnings.push('the payload held no event; kept as unknown');
		events.push(unknownEvent(platform, platformInput));
	}
	return { events, warnings: capped(warnings) };
}

/** The events of normalizeWebhookDelivery, without its warnings (the original API). */
export function normalizeAffiliateWebhook(input: NormalizeWebhookInput): NormalizedAffiliateEvent[] {
	return normalizeWebhookDelivery(input).events;
}
