/**
 * Klaviyo's published rate-limit tiers (per account, fixed 1 s burst and 60 s steady windows) for the endpoints the
 * nodes call, as the 2026-07-15 revision states them per operation. Each operation is its own bucket.
 */
export interface RateTier {
	burstPerSecond: number;
	steadyPerMinute: number;
}

const XS: RateTier = { burstPerSecond: 1, steadyPerMinute: 15 };
const M: RateTier = { burstPerSecond: 10, steadyPerMinute: 150 };
const L: RateTier = { burstPerSecond: 75, steadyPerMinute: 750 };
const XL: RateTier = { burstPerSecond: 350, steadyPerMinute: 3500 };

export const KLAVIYO_OPERATION_TIERS = {
	getAccounts: XS,
	getProfiles: L,
	getProfile: L,
	createOrUpdateProfile: L,
	updateProfile: L,
	createProfile: L,
	bulkImportProfiles: M,
	getBulkImportJob: M,
	getBulkImportErrors: M,
	getLists: L,
	getList: L,
	addProfilesToList: M,
	removeProfilesFromList: M,
	bulkSubscribeProfiles: L,
	bulkUnsubscribeProfiles: L,
	createEvent: XL,
	bulkCreateEvents: M,
} as const satisfies Record<string, RateTier>;

export type KlaviyoOperation = keyof typeof KLAVIYO_OPERATION_TIERS;
