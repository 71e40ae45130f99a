import type { SchemeOptions, SignatureScheme } from '../../../../nodes/shared/webhooks';
import { encode, hmacOf, leakForms, tamper, truncate, withUnusedBitFlipped, type Algorithm, type Encoding } from '../signing';
import { BODY, type SchemeSuite, type VerifyCase } from './types';

/**
 * Schemes that sign the raw body with an HMAC and send it in one header: the platforms' own (facts file, sections 3
 * and 4), GitHub-style, and every configuration of generic HMAC. Expected signatures come from node:crypto.
 */
interface BodyScheme {
	label: string;
	scheme: SignatureScheme;
	header: string;
	algorithm: Algorithm;
	encoding: Encoding;
	prefix?: string;
	options?: SchemeOptions;
	/** Encodings the scheme also accepts (undocumented encodings are accepted either way). */
	alsoAccepts?: Encoding;
	/** A delivery-id header the platform sends outside the signature: never to be reported as the delivery id. */
	unsignedDeliveryHeader?: string;
}

export const SECRET = 'aff_signing_secret_7f3c9a21d4e8b6';
export const ROTATED_OUT = 'aff_old_signing_secret_0b1c2d3e4f';

const PLATFORM_SCHEMES: BodyScheme[] = [
	{ label: 'refersion', scheme: 'refersion', header: 'Refersion-Signature', algorithm: 'sha256', encoding: 'base64' },
	{ label: 'rewardful', scheme: 'rewardful', header: 'X-Rewardful-Signature', algorithm: 'sha256', encoding: 'hex' },
	{
		label: 'uppromote',
		scheme: 'uppromote',
		header: 'X-UpPromote-Signature',
		algorithm: 'sha256',
		encoding: 'hex',
		alsoAccepts: 'base64',
	},
	{
		label: 'firstpromoter',
		scheme: 'firstpromoter',
		header: 'X-Webhook-Signature',
		algorithm: 'sha256',
		encoding: 'hex',
		alsoAccepts: 'base64',
		unsignedDeliveryHeader: 'X-Event-Id',
	},
	{
		label: 'github',
		scheme: 'github',
		header: 'X-Hub-Signature-256',
		algorithm: 'sha256',
		encoding: 'hex',
		prefix: 'sha256=',
		unsignedDeliveryHeader: 'X-GitHub-Delivery',
	},
];

const GENERIC_SCHEMES: BodyScheme[] = (['sha1', 'sha256', 'sha512'] as const).flatMap((algorithm) =>
	(['hex', 'base64'] as const).flatMap((encoding) =>
		[undefined, `${algorithm}=`].map((prefix) => ({
			label: `generic-hmac ${algorithm} ${encoding} ${prefix ? `prefix ${prefix}` : 'no prefix'}`,
			scheme: 'generic-hmac' as const,
			header: 'X-Partner-Signature',
			algorithm,
			encoding,
			prefix,
			options: { headerName: 'X-Partner-Signature', algorithm, encoding, ...(prefix ? { prefix } : {}) },
		})),
	),
);

export const BODY_HMAC_SCHEMES = [...PLATFORM_SCHEMES, ...GENERIC_SCHEMES];

const DELIVERY_ID = '6f1c2a4e-9b7d-4c3e-8a1f-2d5e6b7c8a9f';

function suiteFor(spec: BodyScheme): SchemeSuite {
	const sign = (secret: string, body: string | Buffer, encoding = spec.encoding) =>
		`${spec.prefix ?? ''}${encode(hmacOf(spec.algorithm, secret, body), encoding)}`;
	const good = sign(SECRET, BODY);
	const base = { scheme: spec.scheme, secret: SECRET, rawBody: BODY, options: spec.options };
	const headers = (value: string | string[] | undefined, name = spec.header) => ({
		'content-type': 'application/json',
		[name]: value,
		...(spec.unsignedDeliveryHeader ? { [spec.unsignedDeliveryHeader]: DELIVERY_ID } : {}),
	});
	const accept = (behaviour: string, input: Partial<VerifyCase['input']>): VerifyCase => ({
		behaviour,
		input: { ...base, headers: headers(good), ...input },
		valid: true,
		// Body-only schemes sign no header: an unsigned delivery header is neither the delivery id nor signed.
		deliveryId: undefined,
		signedHeaders: [],
	});
	const reject = (behaviour: string, input: Partial<VerifyCase['input']>, reason: RegExp): VerifyCase => ({
		behaviour,
		input: { ...base, headers: headers(good), ...input },
		valid: false,
		reason,
	});
	const otherEncoding: Encoding = spec.encoding === 'hex' ? 'base64' : 'hex';
	const bare = encode(hmacOf(spec.algorithm, SECRET, BODY), spec.encoding);

	const cases: VerifyCase[] = [
		accept('accepts the signature of a string body', {}),
		accept('accepts the signature of a Buffer body', { rawBody: Buffer.from(BODY, 'utf8') }),
		accept('finds the header by its lower-case name', { headers: headers(good, spec.header.toLowerCase()) }),
		accept('finds the header by its upper-case name', { headers: headers(good, spec.header.toUpperCase()) }),
		accept('finds the header by a mixed-case name', {
			headers: headers(good, [...spec.header].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join('')),
		}),
		accept('reads a header given as a one-entry list', { headers: headers([good]) }),
		accept('reads the first entry of a header given as a list', { headers: headers([good, 'not-a-signature']) }),
		accept('accepts the second secret while secrets rotate', { secret: [ROTATED_OUT, SECRET] }),
		accept('accepts the first secret while secrets rotate', { secret: [SECRET, ROTATED_OUT] }),
		reject('rejects a body with one byte changed', { rawBody: tamper(BODY) }, /no matching signature/),
		reject('rejects the signature made with another secret', { secret: ROTATED_OUT }, /no matching signature/),
		reject('rejects a signature missing its last character', { headers: headers(truncate(good, 1)) }, /./),
		reject('rejects a signature missing its last eight characters', { headers: headers(truncate(good, 8)) }, /./),
		reject('rejects a delivery without the signature header', { headers: headers(undefined) }, /missing header/i),
		reject('rejects an empty signature header', { headers: headers('') }, /missing header/i),
		reject('rejects a signature that only the second list entry carries', { headers: headers(['junk', good]) }, /./),
		reject('rejects when no secret is configured', { secret: undefined }, /no signing secret/),
		reject('rejects when the secret is empty', { secret: '' }, /no signing secret/),
		reject('rejects when the secret list is empty', { secret: [] }, /no signing secret/),
		reject('rejects when every secret is blank', { secret: ['', '   '] }, /no signing secret/),
		reject('rejects a signature header that is not a signature', { headers: headers(`${spec.prefix ?? ''}%%%`) }, /./),
	];
	if (spec.alsoAccepts) {
		cases.push(accept(`also accepts the digest in ${spec.alsoAccepts}`, { headers: headers(sign(SECRET, BODY, spec.alsoAccepts)) }));
	} else {
		cases.push(reject(`rejects the right digest in ${otherEncoding}`, { headers: headers(sign(SECRET, BODY, otherEncoding)) }, /./));
	}
	if (spec.encoding === 'base64') {
		cases.push(reject('rejects a base64 signature with an ignored bit flipped', { headers: headers(withUnusedBitFlipped(good)) }, /./));
	}
	if (spec.encoding === 'hex') cases.push(accept('accepts upper-case hex', { headers: headers(`${spec.prefix ?? ''}${bare.toUpperCase()}`) }));
	if (spec.prefix) cases.push(reject(`rejects the digest without its ${spec.prefix} prefix`, { headers: headers(bare) }, /does not start with/));
	if (spec.unsignedDeliveryHeader) {
		cases.push(accept(`does not take the unsigned ${spec.unsignedDeliveryHeader} for the delivery id`, {}));
	}
	const forbidden = leakForms(
		SECRET,
		ROTATED_OUT,
		...[BODY, tamper(BODY)].flatMap((body) => [hmacOf(spec.algorithm, SECRET, body), hmacOf(spec.algorithm, ROTATED_OUT, body)]),
	);
	return { label: spec.label, cases, forbidden };
}

export const BODY_HMAC_SUITES: SchemeSuite[] = BODY_HMAC_SCHEMES.map(suiteFor);

/** Generic HMAC settings the verifier cannot use: refused, never guessed. */
export const GENERIC_MISCONFIGURATIONS: VerifyCase[] = [
	['without a header name', {}, /needs a signature header name/],
	['with a blank header name', { headerName: '  ' }, /needs a signature header name/],
	['with an unsupported algorithm', { headerName: 'X-Sig', algorithm: 'md5' }, /unsupported HMAC algorithm/],
	['with an unsupported encoding', { headerName: 'X-Sig', encoding: 'base32' }, /unsupported signature encoding/],
].map(([what, options, reason]) => ({
	behaviour: `rejects generic HMAC ${what as string}`,
	input: {
		scheme: 'generic-hmac',
		secret: SECRET,
		rawBody: BODY,
		headers: { 'X-Sig': encode(hmacOf('sha256', SECRET, BODY), 'hex') },
		options: options as SchemeOptions,
	},
	valid: false,
	reason: reason as RegExp,
}));
