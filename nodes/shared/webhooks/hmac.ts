import { createHmac, timingSafeEqual } from 'node:crypto';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64';

export const HMAC_ALGORITHMS: readonly HmacAlgorithm[] = ['sha1', 'sha256', 'sha512'];
export const SIGNATURE_ENCODINGS: readonly SignatureEncoding[] = ['hex', 'base64'];

export function hmac(algorithm: HmacAlgorithm, key: Buffer | string, content: Buffer | string): Buffer {
	return createHmac(algorithm, key).update(content).digest();
}

const HEX = /^[0-9a-fA-F]+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Decodes a signature as sent; undefined when it is not valid text in that encoding. Hex is case-insensitive.
 * Base64 may be URL-safe and padded or not, but must be canonical: Node's decoder ignores the unused low bits of
 * the last character, so without this check a signature with its last character changed would still match.
 */
export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | undefined {
	const trimmed = text.trim();
	if (encoding === 'hex') return HEX.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : undefined;
	if (!BASE64.test(trimmed)) return undefined;
	const standard = trimmed.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
	if (standard.length % 4 === 1) return undefined;
	const decoded = Buffer.from(standard, 'base64');
	return decoded.toString('base64').replace(/=+$/, '') === standard ? decoded : undefined;
}

/** Constant-time comparison; a length mismatch is decided without comparing content (lengths are not secret). */
export function sameBytes(expected: Buffer, actual: Buffer | undefined): boolean {
	return actual !== undefined && actual.length === expected.length && timingSafeEqual(expected, actual);
}
