import { unknownDeliveryEvent, type NormalizedAffiliateEvent } from '../shared/webhooks';

/**
 * A verified delivery our own code failed on after the signature check: kept whole as one `unknown` event with
 * `raw`, so it still starts the workflow instead of becoming n8n's 500 (which the platform would retry until it gives
 * up, and no one would see). It is the normalizer's own unknown event, so a redelivery gets the same id.
 */
export function fallbackEvent(platform: string, body: unknown, signedDeliveryId: string | undefined): NormalizedAffiliateEvent {
	return unknownDeliveryEvent(platform, body, signedDeliveryId, new Date());
}
