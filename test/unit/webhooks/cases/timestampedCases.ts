import { hmacOf, leakForms, standardWebhooksSignature, stripeSignature, tamper, truncate, withUnusedBitFlipped } from '../signing';
import { BODY, NOW, type SchemeSuite, type VerifyCase } from './types';

/**
 * The timestamped schemes (facts file, section 4): Standard Webhooks / Svix and Stripe-style. Signatures are
 * computed here with node:crypto from the published descriptions of each scheme.
 */

const TS = String(NOW);

// ---------------------------------------------------------------- Standard Webhooks

const KEY = Buffer.from('c3RhbmRhcmQtd2ViaG9va3MtdGVzdC1rZXktMzJi', 'base64');
const OTHER_KEY = Buffer.from('b3RoZXItc3RhbmRhcmQtd2ViaG9va3Mta2V5LTMy', 'base64');
export const SW_SECRET = `whsec_${KEY.toString('base64')}`;
const SW_OTHER = `whsec_${OTHER_KEY.toString('base64')}`;
const MSG_ID = 'msg_2Xk9fQ7rLm3TzB0vWc5aYh';

function swCases(): VerifyCase[] {
	const good = standardWebhooksSignature(SW_SECRET, MSG_ID, TS, BODY);
	const other = standardWebhooksSignature(SW_OTHER, MSG_ID, TS, BODY);
	type Parts = { id?: string | string[]; timestamp?: string | string[]; signature?: string | string[]; prefix?: string; upper?: boolean };
	const headers = ({ id = MSG_ID, timestamp = TS, signature = `v1,${good}`, prefix = 'webhook', upper = false }: Parts = {}) => {
		const name = (suffix: string) => (upper ? `${prefix}-${suffix}`.toUpperCase() : `${prefix}-${suffix}`);
		return { 'content-type': 'application/json', [name('id')]: id, [name('timestamp')]: timestamp, [name('signature')]: signature };
	};
	const base = { scheme: 'standard-webhooks' as const, secret: SW_SECRET, rawBody: BODY, nowSeconds: NOW, headers: headers() };
	const accept = (behaviour: string, input: Partial<VerifyCase['input']>): VerifyCase => ({
		behaviour,
		input: { ...base, ...input },
		valid: true,
		deliveryId: MSG_ID,
		signedHeaders: ['webhook-id', 'webhook-timestamp'],
	});
	const reject = (behaviour: string, input: Partial<VerifyCase['input']>, reason: RegExp): VerifyCase => ({
		behaviour,
		input: { ...base, ...input },
		valid: false,
		reason,
	});
	/** A delivery stamped `timestamp` and correctly signed for it, so only the time window can reject it. */
	const stamped = (timestamp: string) => headers({ timestamp, signature: `v1,${standardWebhooksSignature(SW_SECRET, MSG_ID, timestamp, BODY)}` });
	return [
		accept('accepts the signature of a string body', {}),
		accept('accepts the signature of a Buffer body', { rawBody: Buffer.from(BODY, 'utf8') }),
		accept('accepts the secret with its whsec_ prefix', { secret: SW_SECRET }),
		accept('accepts the secret without its whsec_ prefix', { secret: SW_SECRET.slice('whsec_'.length) }),
		{ ...accept('accepts the Svix header names', { headers: headers({ prefix: 'svix' }) }), signedHeaders: ['svix-id', 'svix-timestamp'] },
		accept('finds the headers by their upper-case names', { headers: headers({ upper: true }) }),
		accept('finds the headers by mixed-case names', {
			headers: { 'Webhook-Id': MSG_ID, 'Webhook-Timestamp': TS, 'Webhook-Signature': `v1,${good}` },
		}),
		accept('reads headers given as lists, every signature entry counting', {
			headers: headers({ id: [MSG_ID], timestamp: [TS], signature: [`v1,${other}`, `v1,${good}`] }),
		}),
		accept('accepts one valid signature among several, skipping v1a and v2 entries', {
			headers: headers({ signature: `v1,${other} v1a,${good} v2,${good} v1,${good}` }),
		}),
		accept('accepts the second secret while secrets rotate', { secret: [SW_OTHER, SW_SECRET] }),
		accept('accepts a timestamp exactly 300 s old', { nowSeconds: NOW + 300 }),
		accept('accepts a timestamp exactly 300 s ahead', { nowSeconds: NOW - 300 }),
		accept('uses the tolerance given', { nowSeconds: NOW + 3600, toleranceSeconds: 3600 }),
		reject('rejects a body with one byte changed', { rawBody: tamper(BODY) }, /no matching signature/),
		reject('rejects another webhook-id than the one signed', { headers: headers({ id: 'msg_other' }) }, /no matching signature/),
		reject('rejects another timestamp than the one signed', { headers: headers({ timestamp: String(NOW + 1) }) }, /no matching/),
		reject('rejects the signature made with another secret', { secret: SW_OTHER }, /no matching signature/),
		reject('rejects a signature keyed with the secret text instead of its decoded bytes', {
			headers: headers({ signature: `v1,${hmacOf('sha256', SW_SECRET, `${MSG_ID}.${TS}.${BODY}`).toString('base64')}` }),
		}, /no matching signature/),
		reject('rejects a truncated signature', { headers: headers({ signature: `v1,${truncate(good, 4)}` }) }, /v1 signature/),
		reject('rejects a signature with an ignored base64 bit flipped', { headers: headers({ signature: `v1,${withUnusedBitFlipped(good)}` }) }, /v1 signature/),
		reject('rejects a valid signature sent only as v1a and v2', { headers: headers({ signature: `v1a,${good} v2,${good}` }) }, /no v1/),
		reject('rejects a delivery without webhook-id', { headers: headers({ id: '' }) }, /missing header webhook-id/),
		reject('rejects a delivery without webhook-timestamp', { headers: headers({ timestamp: '' }) }, /missing header webhook-timestamp/),
		reject('rejects a delivery without webhook-signature', { headers: headers({ signature: [] }) }, /missing header webhook-signature/),
		reject('rejects a timestamp 301 s old', { nowSeconds: NOW + 301 }, /tolerance/),
		reject('rejects a timestamp an hour old', { nowSeconds: NOW + 3600 }, /tolerance/),
		reject('rejects a timestamp 301 s ahead', { nowSeconds: NOW - 301 }, /tolerance/),
		reject('rejects a non-numeric timestamp', { headers: stamped('soon') }, /not a number/),
		reject('rejects a fractional timestamp', { headers: stamped(`${TS}.5`) }, /not a number/),
		reject('rejects a negative timestamp', { headers: stamped(`-${TS}`) }, /not a number/),
		reject('rejects a timestamp in milliseconds', { headers: stamped(`${TS}000`) }, /tolerance/),
		reject('rejects a secret that is not base64', { secret: 'whsec_not base64!' }, /not whsec_ followed by base64/),
		reject('rejects when no secret is configured', { secret: undefined }, /no signing secret/),
		reject('rejects when the secret list is empty', { secret: [] }, /no signing secret/),
	];
}

// ---------------------------------------------------------------- Stripe-style

export const STRIPE_SECRET = 'whsec_stripe_style_signing_secret_5Tq';
const STRIPE_OTHER = 'whsec_stripe_style_rolled_secret_9Xp';

function stripeCases(): VerifyCase[] {
	const good = stripeSignature(STRIPE_SECRET, TS, BODY);
	const other = stripeSignature(STRIPE_OTHER, TS, BODY);
	const headers = (value: string | string[] | undefined, name = 'Stripe-Signature') => ({ 'content-type': 'application/json', [name]: value });
	const base = { scheme: 'stripe' as const, secret: STRIPE_SECRET, rawBody: BODY, nowSeconds: NOW, headers: headers(`t=${TS},v1=${good}`) };
	const accept = (behaviour: string, input: Partial<VerifyCase['input']>): VerifyCase => ({ behaviour, input: { ...base, ...input }, valid: true });
	const reject = (behaviour: string, input: Partial<VerifyCase['input']>, reason: RegExp): VerifyCase => ({
		behaviour,
		input: { ...base, ...input },
		valid: false,
		reason,
	});
	const stamped = (timestamp: string) => headers(`t=${timestamp},v1=${stripeSignature(STRIPE_SECRET, timestamp, BODY)}`);
	return [
		accept('accepts the signature of a string body', {}),
		accept('accepts the signature of a Buffer body', { rawBody: Buffer.from(BODY, 'utf8') }),
		accept('finds the header by its lower-case name', { headers: headers(`t=${TS},v1=${good}`, 'stripe-signature') }),
		accept('finds the header by its upper-case name', { headers: headers(`t=${TS},v1=${good}`, 'STRIPE-SIGNATURE') }),
		accept('reads the first entry of a header given as a list', { headers: headers([`t=${TS},v1=${good}`, 'junk']) }),
		accept('accepts one valid v1 among several, skipping v0, v1a and v2', {
			headers: headers(`t=${TS},v1=${other},v0=${good},v1a=${good},v2=${good},v1=${good}`),
		}),
		accept('accepts spaces after the commas', { headers: headers(`t=${TS}, v1=${good}`) }),
		accept('accepts the second secret while secrets rotate', { secret: [STRIPE_OTHER, STRIPE_SECRET] }),
		accept('accepts a timestamp exactly 300 s old', { nowSeconds: NOW + 300 }),
		accept('accepts a timestamp exactly 300 s ahead', { nowSeconds: NOW - 300 }),
		accept('reads a header name of the caller’s choosing', {
			headers: headers(`t=${TS},v1=${good}`, 'x-partner-signature'),
			options: { headerName: 'X-Partner-Signature' },
		}),
		reject('rejects a body with one byte changed', { rawBody: tamper(BODY) }, /no matching signature/),
		reject('rejects another timestamp than the one signed', { headers: headers(`t=${NOW + 1},v1=${good}`) }, /no matching signature/),
		reject('rejects the signature made with another secret', { secret: STRIPE_OTHER }, /no matching signature/),
		reject('rejects a signature keyed with the base64-decoded secret', {
			headers: headers(`t=${TS},v1=${hmacOf('sha256', Buffer.from(STRIPE_SECRET.slice(6), 'base64'), `${TS}.${BODY}`).toString('hex')}`),
		}, /no matching signature/),
		reject('rejects a truncated signature', { headers: headers(`t=${TS},v1=${truncate(good, 2)}`) }, /well-formed v1/),
		reject('rejects a valid signature sent only as v1a, v2 and v0', { headers: headers(`t=${TS},v1a=${good},v2=${good},v0=${good}`) }, /no v1/),
		reject('rejects a delivery without the signature header', { headers: headers(undefined) }, /missing header Stripe-Signature/),
		reject('rejects a header without t=', { headers: headers(`v1=${good}`) }, /no t= timestamp/),
		reject('rejects a timestamp 301 s old', { nowSeconds: NOW + 301 }, /tolerance/),
		reject('rejects a timestamp 301 s ahead', { nowSeconds: NOW - 301 }, /tolerance/),
		reject('rejects a non-numeric timestamp', { headers: stamped('soon') }, /not a number/),
		reject('rejects a fractional timestamp', { headers: stamped(`${TS}.5`) }, /not a number/),
		reject('rejects an empty timestamp', { headers: stamped('') }, /not a number/),
		reject('rejects the default header when another name is configured', { options: { headerName: 'X-Partner-Signature' } }, /missing header/),
		reject('rejects when no secret is configured', { secret: undefined }, /no signing secret/),
		reject('rejects when every secret is blank', { secret: [' '] }, /no signing secret/),
	];
}

const swForbidden = leakForms(
	SW_SECRET,
	SW_OTHER,
	SW_SECRET.slice(6),
	...[BODY, tamper(BODY)].flatMap((body) => [SW_SECRET, SW_OTHER].map((secret) => Buffer.from(standardWebhooksSignature(secret, MSG_ID, TS, body), 'base64'))),
);
const stripeForbidden = leakForms(
	STRIPE_SECRET,
	STRIPE_OTHER,
	...[BODY, tamper(BODY)].flatMap((body) => [STRIPE_SECRET, STRIPE_OTHER].map((secret) => Buffer.from(stripeSignature(secret, TS, body), 'hex'))),
);

export const TIMESTAMPED_SUITES: SchemeSuite[] = [
	{ label: 'standard-webhooks', cases: swCases(), forbidden: swForbidden },
	{ label: 'stripe', cases: stripeCases(), forbidden: stripeForbidden },
];
