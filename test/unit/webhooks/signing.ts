import { createHmac } from 'node:crypto';

import type { Verdict } from '../../../nodes/shared/webhooks';

/**
 * Signatures computed independently of the module under test, straight from node:crypto and the schemes' published
 * descriptions (see /work/shared/reference/affiliate-webhooks.md, section 4).
 */

export type Algorithm = 'sha1' | 'sha256' | 'sha512';
export type Encoding = 'hex' | 'base64';

export const hmacOf = (algorithm: Algorithm, key: string | Buffer, content: string | Buffer): Buffer =>
	createHmac(algorithm, key).update(content).digest();

export const encode = (digest: Buffer, encoding: Encoding): string => digest.toString(encoding);

/** Standard Webhooks: base64 HMAC-SHA256, keyed with the base64-decoded part after `whsec_`, of `id.timestamp.body`. */
export function standardWebhooksSignature(secret: string, id: string, timestamp: string, body: string | Buffer): string {
	const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
	return hmacOf('sha256', key, Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(body)])).toString('base64');
}

/** Stripe: hex HMAC-SHA256, keyed with the secret text as-is, of `t.body`. */
export function stripeSignature(secret: string, timestamp: string, body: string | Buffer): string {
	return hmacOf('sha256', secret, Buffer.concat([Buffer.from(`${timestamp}.`), Buffer.from(body)])).toString('hex');
}

/** The same delivery with one byte of its body changed. */
export function tamper(body: string | Buffer): Buffer {
	const bytes = Buffer.from(body);
	bytes[Math.floor(bytes.length / 2)] ^= 0x01;
	return bytes;
}

/** A signature cut short by `characters` significant characters (base64 padding is not significant). */
export const truncate = (signature: string, characters: number): string => signature.replace(/=+$/, '').slice(0, -characters);

/**
 * The same base64 signature with a bit flipped that decoding ignores (the last character's unused low bit): a lenient
 * decoder would read the same bytes, so a verifier must refuse the text itself as not canonical.
 */
export function withUnusedBitFlipped(signature: string): string {
	const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	const padding = /=*$/.exec(signature)?.[0] ?? '';
	const data = signature.slice(0, signature.length - padding.length);
	return `${data.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(data.slice(-1)) ^ 1]}${padding}`;
}

/** Every spelling in which a secret or a signature could leak into a reason. */
export function leakForms(...values: Array<string | Buffer>): string[] {
	const forms = values.flatMap((value) => {
		if (typeof value === 'string') return [value];
		const base64 = value.toString('base64');
		return [value.toString('hex'), value.toString('hex').toUpperCase(), base64, base64.replace(/=+$/, ''), value.toString('base64url')];
	});
	return [...new Set(forms.filter((form) => form.length >= 4))];
}

/** A rejection's reason names the problem but never a secret or an expected signature. */
export function expectRejectedWithoutLeaks(verdict: Verdict, forbidden: string[]): void {
	expect(verdict.valid).toBe(false);
	expect(typeof verdict.reason).toBe('string');
	expect(verdict.reason).not.toBe('');
	for (const form of forbidden) expect(verdict.reason).not.toContain(form);
}
