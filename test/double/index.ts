/**
 * A local Klaviyo API double (revision 2026-07-15) that validates every request against Klaviyo's official
 * OpenAPI spec. See README.md beside this file.
 */
export { startKlaviyoDouble } from './server';
export { operationTiers, rateLimitFloorSeconds } from './rateLimiter';
export type { Tier } from './rateLimiter';
export { DEFAULT_LISTS } from './state';
export type {
	ChannelConsent,
	Consent,
	DoubleState,
	FaultAction,
	FaultKind,
	FaultRule,
	KlaviyoDouble,
	KlaviyoDoubleOptions,
	ProfileAttributesState,
	ProfileSubscriptionsState,
	RequestLogEntry,
	SeedData,
	SeedList,
	SeedProfile,
	StateEvent,
	StateImportError,
	StateJob,
	StateList,
	StateProfile,
	SubscriptionChannel,
} from './types';
