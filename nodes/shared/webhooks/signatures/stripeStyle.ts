import { headerValue } from '../headers';
import { decodeSignature, hmac, sameBytes } from '../hmac';
import { timestampProblem } from './timestamp';
import { refuse, type SchemeInput, type Verdict } from './types';

export const STRIPE_SIGNATURE_HEADER = 'Stripe-Signature';

/**
 * Stripe's scheme, also used by others (Affonso): `t=<unix>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256 of `${t}.${body}`
 * with the secret used as-is (a `whsec_` secret is NOT base64-decoded, unlike Standard Webhooks). Any v1 may match
 * (Stripe sends one per active secret while they roll); other schemes in the header (`v0`) are ignored. The header
 * name is configurable for the platforms that copy the format under their own name.
 */
export function stripeStyleScheme(input: SchemeInput): Verdict {
	const headerName = input.options.headerName?.trim() || STRIPE_SIGNATURE_HEADER;
	const header = headerValue(input.headers, headerName);
	if (!header) return refuse(`missing header ${headerName}`);
	let timestampText: string | undefined;
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		if (separator < 0) continue;
		const key = part.slice(0, separator).trim();
		const value = part.slice(separator + 1).trim();
		if (key === 't') timestampText = value;
		else if (key === 'v1' && value) signatures.push(value);
	}
	if (timestampText === undefined) return refuse(`${headerName} has no t= timestamp`);
	const problem = timestampProblem(timestampText, input.nowSeconds, input.toleranceSeconds);
	const timestamp = problem === 'timestamp is not a number of seconds' ? undefined : Number(timestampText);
	if (problem) return refuse(problem, { timestamp });
	if (signatures.length === 0) return refuse(`${headerName} has no v1 signature`, { timestamp });
	const candidates = signatures
		.map((signature) => decodeSignature(signature, 'hex'))
		.filter((candidate): candidate is Buffer => candidate !== undefined && candidate.length === 32);
	if (candidates.length === 0) return refuse(`${headerName} has no well-formed v1 signature`, { timestamp });
	const content = Buffer.concat([Buffer.from(`${timestampText}.`, 'utf8'), input.rawBody]);
	for (const secret of input.secrets) {
		const expected = hmac('sha256', secret, content);
		// The timestamp is signed but sits inside the signature header; no other header is covered.
		if (candidates.some((candidate) => sameBytes(expected, candidate))) return { valid: true, timestamp, signedHeaders: [] };
	}
	return refuse('no matching signature', { timestamp });
}
