import type { NormalizedAffiliateEvent } from '../schema';
import type { PlatformNormalizer } from './fields';
import { firstPromoterPlatform } from './firstpromoter';
import { genericPlatform } from './generic';
import { refersionPlatform } from './refersion';
import { rewardfulPlatform } from './rewardful';
import { upPromotePlatform } from './uppromote';

export type AffiliatePlatform = 'refersion' | 'rewardful' | 'uppromote' | 'firstpromoter' | 'generic';

/** Every platform, one row each: adding one is a file with its normalizer and a row here. */
export const PLATFORM_NORMALIZERS: Record<AffiliatePlatform, PlatformNormalizer> = {
	refersion: refersionPlatform,
	rewardful: rewardfulPlatform,
	uppromote: upPromotePlatform,
	firstpromoter: firstPromoterPlatform,
	generic: genericPlatform,
};

export type { NormalizedAffiliateEvent };
export type { PlatformInput, PlatformNormalizer } from './fields';
