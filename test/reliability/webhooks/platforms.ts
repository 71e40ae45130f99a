import { createHmac } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import type { Delivery } from '../../harness/webhook';
import { SECRETS } from '../support/secrets';

export interface SignOptions {
	secret?: string;
	/** Unix seconds, for the schemes that sign a timestamp. */
	at?: number;
	deliveryId?: string;
	/** Sign this text instead of the body (a signature that belongs to another body). */
	signedText?: string;
}

/**
 * A platform as the trigger is set up for it, and how that platform signs a delivery — computed here from the
 * published schemes with node:crypto, independently of the node's own verifier.
 */
export interface SigningPlatform {
	id: string;
	parameters: INodeParameters;
	secret: string;
	previousSecret: string;
	/** Header that carries the signature (for the missing / garbage / injected header cases). */
	signatureHeader: string;
	timestamped: boolean;
	sign(body: string, options?: SignOptions): Delivery;
	/** A payload the platform sends; `n` makes it a different event. */
	payload(n: number): object;
}

const hmac = (algorithm: string, key: string | Buffer, text: string, encoding: 'hex' | 'base64') =>
	createHmac(algorithm, key).update(text).digest(encoding);

const now = () => Math.floor(Date.now() / 1000);

function bodyHmac(
	id: string,
	parameters: INodeParameters,
	header: string,
	encoding: 'hex' | 'base64',
	payload: (n: number) => object,
	extra: (options: SignOptions) => Record<string, string> = () => ({}),
	algorithm = 'sha256',
	prefix = '',
): SigningPlatform {
	return {
		id,
		parameters,
		secret: SECRETS.webhookSecret,
		previousSecret: SECRETS.previousWebhookSecret,
		signatureHeader: header,
		timestamped: false,
		sign: (body, options = {}) => ({
			headers: {
				'content-type': 'application/json',
				[header]: `${prefix}${hmac(algorithm, options.secret ?? SECRETS.webhookSecret, options.signedText ?? body, encoding)}`,
				...extra(options),
			},
			rawBody: body,
		}),
		payload,
	};
}

const affiliate = { id: 1001, email: 'ada@example.com', first_name: 'Ada' };

export const SIGNING_PLATFORMS: SigningPlatform[] = [
	bodyHmac(
		'refersion',
		{ platform: 'refersion', scheme: 'platform' },
		'Refersion-Signature',
		'base64',
		(n) => ({ id: n, status: 'PENDING', total: '59.00', currency: 'USD', affiliate }),
		() => ({ 'Refersion-Topic': 'NEW_CONVERSION' }),
	),
	bodyHmac('rewardful', { platform: 'rewardful', scheme: 'platform' }, 'X-Rewardful-Signature', 'hex', (n) => ({
		event: { id: `evt_${n}`, type: 'referral.converted', created_at: '2026-03-01T10:00:00Z' },
		object: { id: `ref_${n}`, affiliate: { id: 'aff_1', email: 'ada@example.com' }, customer: { email: 'buyer@example.com' } },
	})),
	bodyHmac('uppromote', { platform: 'uppromote', scheme: 'platform' }, 'X-UpPromote-Signature', 'hex', (n) => ({
		id: n,
		affiliate: { email: 'ada@example.com' },
		total_sales: '59.00',
	})),
	bodyHmac(
		'firstpromoter',
		{ platform: 'firstpromoter', scheme: 'platform' },
		'X-Webhook-Signature',
		'hex',
		(n) => ({ event_id: `fp_${n}`, event_type: 'referral', action: 'created', data: { id: n, email: 'buyer@example.com', promoter: { email: 'ada@example.com' } } }),
		(options) => ({ 'X-Event-Id': options.deliveryId ?? 'fp-delivery' }),
	),
	bodyHmac(
		'github-style',
		{ platform: 'generic', scheme: 'github' },
		'X-Hub-Signature-256',
		'hex',
		(n) => ({ type: 'conversion.created', id: `gh_${n}`, affiliate: { email: 'ada@example.com' } }),
		(options) => ({ 'X-GitHub-Delivery': options.deliveryId ?? 'gh-delivery' }),
		'sha256',
		'sha256=',
	),
	bodyHmac(
		'generic HMAC (SHA-512, base64, prefix)',
		{ platform: 'generic', scheme: 'generic-hmac', headerName: 'X-Signature', algorithm: 'sha512', encoding: 'base64', prefix: 'v1=' },
		'X-Signature',
		'base64',
		(n) => ({ type: 'affiliate.approved', id: `gen_${n}`, affiliate: { email: 'ada@example.com' } }),
		() => ({}),
		'sha512',
		'v1=',
	),
	{
		id: 'standard webhooks',
		parameters: { platform: 'generic', scheme: 'standard-webhooks' },
		secret: SECRETS.standardWebhooksSecret,
		previousSecret: SECRETS.previousStandardWebhooksSecret,
		signatureHeader: 'webhook-signature',
		timestamped: true,
		sign: (body, options = {}) => {
			const id = options.deliveryId ?? 'msg_reliability';
			const at = String(options.at ?? now());
			const key = Buffer.from((options.secret ?? SECRETS.standardWebhooksSecret).replace(/^whsec_/, ''), 'base64');
			const signature = hmac('sha256', key, `${id}.${at}.${options.signedText ?? body}`, 'base64');
			return { headers: { 'webhook-id': id, 'webhook-timestamp': at, 'webhook-signature': `v1,${signature}` }, rawBody: body };
		},
		payload: (n) => ({ type: 'referral.coupon_issued', data: { referrer: { email: 'rita@example.com' }, recipient: { email: `rob${n}@example.com` }, coupon_code: 'WELCOME10' } }),
	},
	{
		id: 'stripe-style',
		parameters: { platform: 'generic', scheme: 'stripe' },
		secret: SECRETS.webhookSecret,
		previousSecret: SECRETS.previousWebhookSecret,
		signatureHeader: 'Stripe-Signature',
		timestamped: true,
		sign: (body, options = {}) => {
			const at = String(options.at ?? now());
			const signature = hmac('sha256', options.secret ?? SECRETS.webhookSecret, `${at}.${options.signedText ?? body}`, 'hex');
			return { headers: { 'Stripe-Signature': `t=${at},v1=${signature}` }, rawBody: body };
		},
		payload: (n) => ({ type: 'commission.paid', id: `st_${n}`, affiliate: { email: 'ada@example.com' }, amount: 1250 }),
	},
];
