/**
 * Klaviyo's documented size limits that the planners respect (reference: Klaviyo OpenAPI 2026-07-15 and the
 * "Rate limits, status codes, and errors" page). Kilobytes are read as 1,000 bytes, the stricter reading.
 */
export const KLAVIYO_LIMITS = {
	/** Any request body, decompressed. */
	payloadBytes: 5_000_000,
	/** POST /api/profiles, PATCH and /api/profile-import: the whole body. */
	profileBytes: 100_000,
	/** POST /api/profile-bulk-import-jobs. */
	bulkImportProfiles: 10_000,
	/** POST /api/event-bulk-create-jobs. */
	bulkCreateEvents: 1_000,
	/** GET /api/profiles `page[size]`, and so the largest `any(...)` filter read in one page. */
	profilesPageSize: 100,
	/** Event `metric.name` must be under 128 characters. */
	metricNameLength: 127,
	/** Event `properties`: the 2026 OpenAPI says at most 400 (older docs said 300 per data packet). */
	eventProperties: 400,
	/** Any single field of an event. */
	fieldBytes: 100_000,
	arrayItems: 4_000,
	nestingDepth: 10,
} as const;
