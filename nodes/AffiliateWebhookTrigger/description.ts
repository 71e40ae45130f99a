import type { INodeProperties } from 'n8n-workflow';

import { NORMALIZED_EVENT_TYPES } from '../shared/webhooks';

/** The platforms, by display name; also the node's subtitle. */
export const PLATFORM_OPTIONS = [
	{ name: 'FirstPromoter (Webhooks V2)', value: 'firstpromoter' },
	{ name: 'Other (Generic JSON)', value: 'generic', description: 'Any platform; choose its signature scheme below' },
	{ name: 'Refersion', value: 'refersion' },
	{ name: 'Rewardful', value: 'rewardful' },
	{ name: 'UpPromote', value: 'uppromote' },
];

const platformProperty: INodeProperties = {
	displayName: 'Platform',
	name: 'platform',
	type: 'options',
	noDataExpression: true,
	options: PLATFORM_OPTIONS,
	default: 'refersion',
};

const schemeProperty: INodeProperties = {
	displayName: 'Signature Check',
	name: 'scheme',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Generic HMAC', value: 'generic-hmac' },
		{ name: 'GitHub-Style (Sha256=…)', value: 'github' },
		{ name: 'None (Not Recommended)', value: 'none' },
		{ name: "Platform's Own Scheme", value: 'platform', description: 'Refersion, Rewardful, UpPromote or FirstPromoter signing' },
		{ name: 'Standard Webhooks / Svix (E.g. Okendo)', value: 'standard-webhooks' },
		{ name: 'Stripe-Style (T=…,v1=…)', value: 'stripe' },
	],
	default: 'platform',
	description: 'How deliveries prove they come from the platform. Failed checks are answered 401 and start nothing.',
};

const noSignatureWarning: INodeProperties = {
	displayName:
		'Without a signature check anyone who learns this URL can start the workflow and write to Klaviyo. Use it only for a platform that cannot sign, behind another safeguard.',
	name: 'noSignatureNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { scheme: ['none'] } },
};

const registrationNotices: INodeProperties[] = [
	{
		displayName:
			'Copy the Production URL above (under Webhook URLs) into the platform’s webhook settings — Refersion: Settings → Webhooks; Rewardful and FirstPromoter: their webhook pages — then activate this workflow. For "Listen for Test Event", paste the Test URL instead.',
		name: 'registrationNotice',
		type: 'notice',
		default: '',
		displayOptions: { hide: { platform: ['uppromote'] } },
	},
	{
		displayName:
			'UpPromote subscribes URLs through its API (Professional plan): POST /api/v2/webhook-subscriptions with target_url = the Production URL above plus ?topic=<event> (e.g. ?topic=referral.new) and that event, one subscription per event. Then activate this workflow.',
		name: 'uppromoteRegistrationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { platform: ['uppromote'] } },
	},
];

const genericSchemeProperties: INodeProperties[] = [
	{
		displayName: 'Signature Header',
		name: 'headerName',
		type: 'string',
		default: '',
		placeholder: 'X-Signature',
		description: 'Header that carries the signature (Stripe-style default: Stripe-Signature)',
		displayOptions: { show: { scheme: ['generic-hmac', 'stripe'] } },
	},
	{
		displayName: 'Algorithm',
		name: 'algorithm',
		type: 'options',
		options: [
			{ name: 'SHA-1', value: 'sha1' },
			{ name: 'SHA-256', value: 'sha256' },
			{ name: 'SHA-512', value: 'sha512' },
		],
		default: 'sha256',
		displayOptions: { show: { scheme: ['generic-hmac'] } },
	},
	{
		displayName: 'Encoding',
		name: 'encoding',
		type: 'options',
		options: [
			{ name: 'Base64', value: 'base64' },
			{ name: 'Hex', value: 'hex' },
		],
		default: 'hex',
		displayOptions: { show: { scheme: ['generic-hmac'] } },
	},
	{
		displayName: 'Signature Prefix',
		name: 'prefix',
		type: 'string',
		default: '',
		placeholder: 'sha256=',
		description: 'Text before the signature in the header, if any',
		displayOptions: { show: { scheme: ['generic-hmac'] } },
	},
];

const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Drop Redeliveries',
			name: 'dropReplays',
			type: 'boolean',
			default: true,
			description:
				'Whether an event already received (same event ID) is answered 200 and starts nothing. Responding immediately, an event counts as received on arrival (kept in the workflow’s static data); responding when the workflow finishes, only once its run succeeded, so the retry of a failed run runs.',
		},
		{
			displayName: 'Max Body Size (KB)',
			name: 'maxBodyKb',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description: 'Larger deliveries are answered 413 and start nothing',
		},
		{
			displayName: 'Remember Events For (Hours)',
			name: 'replayWindowHours',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 72,
			description: 'Rewardful retries for 3 days; keep this at least as long as the platform retries',
		},
		{
			displayName: 'Source Time Zone',
			name: 'sourceTimeZone',
			type: 'string',
			default: 'UTC',
			placeholder: 'America/New_York',
			description:
				'Refersion sends times without a zone ("2020-02-14 18:48:42"); they are read in this zone (IANA name or +02:00)',
		},
		{
			displayName: 'Timestamp Tolerance (Seconds)',
			name: 'toleranceSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description: 'For schemes that sign a timestamp: deliveries older or further in the future are refused',
		},
	],
};

/** The values of *Respond* are n8n's own response modes, which the node's webhook description reads directly. */
export const RESPOND_IMMEDIATELY = 'onReceived';
export const RESPOND_WHEN_FINISHED = 'lastNode';

const respondProperty: INodeProperties = {
	displayName: 'Respond',
	name: 'responseMode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Immediately',
			value: RESPOND_IMMEDIATELY,
			description:
				'Answer 200 as soon as the delivery is verified. If the run then fails, the platform does not send the event again.',
		},
		{
			name: 'When the Workflow Finishes',
			value: RESPOND_WHEN_FINISHED,
			description:
				'Answer 200 once the run succeeds, 500 if it fails, so the platform’s retries cover failed runs. The platform waits meanwhile: the run must finish within its timeout.',
		},
	],
	default: RESPOND_IMMEDIATELY,
};

const eventsProperty: INodeProperties = {
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: NORMALIZED_EVENT_TYPES.map((type) => ({ name: type, value: type })),
	default: [],
	description:
		'Only these event types start the workflow; leave empty for all. Others start nothing and are answered 200 with the types left out.',
};

const passUnclassifiedDescription =
	'Whether a delivery the trigger cannot classify (type unknown, with the raw payload) starts the workflow even though unknown is not ticked under Events';

/**
 * Version 1 dropped `unknown` whenever Events was set; version 2 lets it through unless the user opts out. Saved
 * version 1 triggers keep their behaviour (the option defaults to off there) and can opt in.
 */
const passUnclassifiedProperties: INodeProperties[] = [
	{
		displayName: 'Pass Unclassified Deliveries',
		name: 'passUnclassified',
		type: 'boolean',
		default: true,
		description: passUnclassifiedDescription,
		displayOptions: { show: { '@version': [2] } },
	},
	{
		displayName: 'Pass Unclassified Deliveries',
		name: 'passUnclassified',
		type: 'boolean',
		default: false,
		description: passUnclassifiedDescription,
		displayOptions: { show: { '@version': [1] } },
	},
];

export const affiliateWebhookTriggerProperties: INodeProperties[] = [
	...registrationNotices,
	platformProperty,
	schemeProperty,
	noSignatureWarning,
	...genericSchemeProperties,
	respondProperty,
	eventsProperty,
	...passUnclassifiedProperties,
	optionsProperty,
];
