import type { VerifyWebhookInput } from '../../../../nodes/shared/webhooks';

/** One delivery to verify and what the verifier must say about it. */
export interface VerifyCase {
	behaviour: string;
	input: VerifyWebhookInput;
	valid: boolean;
	/** For rejections: what the reason must say. */
	reason?: RegExp;
	/** For acceptances: the delivery id the verdict must carry (only schemes that sign one report it), else none. */
	deliveryId?: string;
	/** For acceptances: the headers the verdict must report as signed (default: none, the body only). */
	signedHeaders?: string[];
}

/** Every case of one scheme (or one configuration of a configurable scheme). */
export interface SchemeSuite {
	label: string;
	cases: VerifyCase[];
	/** The secrets and the signatures a verifier would expect for any of the bodies used: none may leak into a reason. */
	forbidden: string[];
}

/** A body with bytes outside ASCII, so a string and a Buffer body only match when both are read as UTF-8. */
export const BODY = '{"id":"4321","status":"APPROVED","total":"59.00","note":"café ✓"}';

export const NOW = 1_700_000_000;
