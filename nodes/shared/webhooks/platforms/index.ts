import type { NormalizedAffiliateEvent } from '../schema';
import type { PlatformNormalizer } from './fields';
import { normalizeFirstPromoter } from './firstpromoter';
import { normalizeGeneric } from './generic';
import { normalizeRefersion } from './refersion';
import { normalizeRewardful } from './rewardful';
import { normalizeUpPromote } from './uppromote';

export type AffiliatePlatform = 'refersion' | 'rewardful' | 'uppromote' | 'firstpromoter' | 'generic';

/** Every platform, one row each: adding one is a file with its normalizer and a row here. */
export const PLATFORM_NORMALIZERS: Record<AffiliatePlatform, PlatformNormalizer> = {
	refersion: normalizeRefersion,
	rewardful: normalizeRewardful,
	uppromote: normalizeUpPromote,
	firstpromoter: normalizeFirstPromoter,
	generic: normalizeGeneric,
};

export type { NormalizedAffiliateEvent };
export type { PlatformInput } from './fields';
