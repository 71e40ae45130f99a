import { headerValue } from '../headers';
import { decodeSignature, hmac, sameBytes } from '../hmac';
import { refuse, type SchemeInput, type Verdict } from './types';

/**
 * Stripe's scheme, used by others too (Affonso, Calendly): `t=<unix>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256 of
 * `${t}.${body}` with the secret used as-is. Any v1 may match (Stripe lists several while secrets roll); other
 * schemes in the header are ignored.
 */
export function verifyStripeStyle(input: SchemeInput): Verdict {
	const headerName = input.options.headerName || 'Stripe-Signature';
	const header = headerValue(input.headers, headerName);
	if (!header) return refuse(`missing header ${headerName}`);
	let timestamp: number | undefined;
	const signatures: string[] = [];
	for (const part of header.split(',')) {
		const [key, ...rest] = part.trim().split('=');
		const value = rest.join('=');
		if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
		else if (key === 'v1' && value) signatures.push(value);
	}
	if (timestamp === undefined) return refuse(`${headerName} has no t= timestamp`);
	if (signatures.length === 0) return refuse(`${headerName} has no v1 signature`);
	if (Math.abs(input.nowSeconds - timestamp) > input.toleranceSeconds) {
		return refuse(`timestamp outside the ${input.toleranceSeconds} s tolerance`, { timestamp });
	}
	const content = Buffer.concat([Buffer.from(`${timestamp}.`), input.rawBody]);
	for (const secret of input.secrets) {
		const expected = hmac('sha256', secret, content);
		if (signatures.some((signature) => sameBytes(expected, decodeSignature(signature, 'hex')))) {
			return { valid: true, timestamp };
		}
	}
	return refuse('no matching signature', { timestamp });
}
