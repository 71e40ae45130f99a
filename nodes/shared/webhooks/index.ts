export { verifyWebhookSignature, DEFAULT_TOLERANCE_SECONDS, type VerifyWebhookInput } from './verify';
export {
	normalizeAffiliateWebhook,
	normalizeWebhookDelivery,
	unknownDeliveryEvent,
	eventsAllowedFor,
	DEFAULT_MAX_EVENTS,
	type NormalizedDelivery,
	type NormalizeWebhookInput,
	type NormalizeWebhookOptions,
} from './normalize';
export {
	rememberDelivery,
	rememberDeliveries,
	DEFAULT_REPLAY_TTL_SECONDS,
	DEFAULT_REPLAY_MAX_ENTRIES,
	REPLAY_STORE_KEY,
	type ReplayStoreOptions,
} from './replayStore';
export {
	normalizedEventSchema,
	NORMALIZED_EVENT_TYPES,
	REFERRAL_ACTORS,
	type NormalizedAffiliateEvent,
	type NormalizedEventType,
	type ReferralActor,
} from './schema';
export { isSupportedTimeZone } from './time';
export { factIdOf } from './facts';
export { standardWebhooksKey } from './signatures/standardWebhooks';
export type { AffiliatePlatform } from './platforms';
export type { SchemeOptions, SignatureScheme, Verdict } from './signatures';
export type { HeaderMap } from './headers';
export type { HmacAlgorithm, SignatureEncoding } from './hmac';
