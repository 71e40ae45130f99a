import { headerValue } from '../headers';
import { decodeSignature, hmac, sameBytes, type HmacAlgorithm, type SignatureEncoding } from '../hmac';
import { refuse, type SchemeInput, type SchemeVerifier, type Verdict } from './types';

export interface BodyHmacSettings {
	header: string;
	algorithm?: HmacAlgorithm;
	/** Encodings the platform is known (or, where undocumented, allowed) to use. */
	encodings: SignatureEncoding[];
	/** Text before the signature in its header, e.g. GitHub's `sha256=`; matched case-insensitively. */
	prefix?: string;
}

const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };

/**
 * The most common scheme among affiliate platforms: HMAC of the raw body with the shared secret (used as-is, as
 * UTF-8 bytes), in one header, no timestamp — so no replay protection of its own: the replay store covers that.
 * Only the body is signed, so no header is reported as signed and no delivery header is taken as the delivery id:
 * a platform's delivery header (GitHub's `X-GitHub-Delivery`, FirstPromoter's `X-Event-Id`) can be changed on a
 * resent body, and the event id must then stay the same.
 */
export function bodyHmacScheme(settings: BodyHmacSettings): SchemeVerifier {
	const algorithm = settings.algorithm ?? 'sha256';
	return (input: SchemeInput): Verdict => {
		let sent = headerValue(input.headers, settings.header);
		if (!sent) return refuse(`missing header ${settings.header}`);
		if (settings.prefix) {
			if (!sent.toLowerCase().startsWith(settings.prefix.toLowerCase())) {
				return refuse(`${settings.header} does not start with ${settings.prefix}`);
			}
			sent = sent.slice(settings.prefix.length);
		}
		const decoded = settings.encodings
			.map((encoding) => decodeSignature(sent as string, encoding))
			.filter((candidate): candidate is Buffer => candidate !== undefined);
		if (decoded.length === 0) return refuse(`${settings.header} is not ${settings.encodings.join(' or ')}`);
		const candidates = decoded.filter((candidate) => candidate.length === DIGEST_BYTES[algorithm]);
		if (candidates.length === 0) return refuse(`${settings.header} has the wrong length for ${algorithm}`);
		for (const secret of input.secrets) {
			const expected = hmac(algorithm, secret, input.rawBody);
			if (candidates.some((candidate) => sameBytes(expected, candidate))) return { valid: true, signedHeaders: [] };
		}
		return refuse('no matching signature');
	};
}
