import { createHash } from 'node:crypto';

export interface EventUniqueIdInput {
	/** The affiliate platform, e.g. 'refersion'. */
	platform: string;
	/** The platform's id for what happened (conversion id, webhook delivery id); without it there is no unique id. */
	sourceEventId: string | number | null | undefined;
	/** The Klaviyo metric name the event is recorded under. */
	metric: string;
	/** Whose profile gets the event when one source event yields several ('referrer', 'recipient'). */
	role?: string;
}

/** A platform prefix keeps ids recognisable in Klaviyo; 24 + ':' + 32 stays within 64 characters. */
const PLATFORM_PREFIX_LENGTH = 24;
/** 128 bits of SHA-256: collisions are not a practical concern at any event volume. */
const HASH_HEX_LENGTH = 32;
/** Part of the hashed text, so a future change of the recipe cannot collide with ids made by this one. */
const RECIPE_VERSION = 'v1';

/**
 * A deterministic `unique_id` for a Klaviyo event, so a redelivered webhook collapses into the first event: Klaviyo
 * records only the first event per profile, metric and `unique_id`. The form is `<platform>:<32 hex>`, always
 * hashed, so ids have one fixed shape, carry no personal data a source id might contain, and differ by metric and
 * role. Returns undefined without a source id: Klaviyo then falls back to the timestamp to the second, which allows
 * one event per profile per metric per second.
 */
export function deriveEventUniqueId(input: EventUniqueIdInput): string | undefined {
	const sourceEventId = String(input.sourceEventId ?? '').trim();
	if (sourceEventId === '') return undefined;
	const platform = platformSlug(input.platform);
	const role = input.role?.trim() ?? '';
	const hashedText = JSON.stringify([RECIPE_VERSION, platform, input.metric, role, sourceEventId]);
	const digest = createHash('sha256').update(hashedText, 'utf8').digest('hex').slice(0, HASH_HEX_LENGTH);
	return `${platform}:${digest}`;
}

/** Lowercase letters, digits and dashes, so 'Refersion' and 'refersion' name the same platform. */
function platformSlug(platform: string): string {
	const slug = platform
		.trim()
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.slice(0, PLATFORM_PREFIX_LENGTH)
		.replace(/^-+|-+$/g, '');
	return slug === '' ? 'source' : slug;
}
