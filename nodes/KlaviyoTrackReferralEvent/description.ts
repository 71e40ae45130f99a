import type { INodeProperties } from 'n8n-workflow';

import { namesFor } from '../shared/domain';
import { authenticationProperty } from '../shared/klaviyo/authentication';
import { fieldPicker } from '../shared/n8n/fieldPicker';
import { namingProperties } from '../shared/n8n/namingProperty';
import { EVENT_PRESETS, EVENT_PROPERTY_FIELDS } from './presets';
import { CHOOSABLE_PROFILE_EVENTS, profileChoice } from './profileChoice';

/** Up to this many events go one request each (Klaviyo's XL tier, 350/s); more go as bulk jobs of 1,000. */
export const AUTO_BULK_EVENTS_THRESHOLD = 100;

const personFields = (prefix: '' | 'referrer' | 'recipient', show: object): INodeProperties[] => {
	const name = (field: string) => (prefix ? `${prefix}${field}` : field.replace(/^[A-Z]/, (c) => c.toLowerCase()));
	const label = prefix ? `${prefix[0].toUpperCase()}${prefix.slice(1)} ` : '';
	const source = prefix ? `referral.${prefix}` : 'affiliate.';
	return [
		{
			displayName: `${label}Email`,
			name: name('Email'),
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			description: prefix
				? `Empty: the input item’s ${source}Email`
				: 'Empty: the email of whoever gets the event — the affiliate’s (affiliate.email, or an email column), or for a referral event the referrer’s or recipient’s (referral.referrerEmail / referral.recipientEmail). With Profile "From the Event", leave it empty: a mapped email gets the event whoever acted.',
			displayOptions: show,
		},
		{
			displayName: `${label}Phone Number`,
			name: name('PhoneNumber'),
			type: 'string',
			default: '',
			description: `Empty: the input item’s ${source}${prefix ? 'Phone' : 'phone'}`,
			displayOptions: show,
		},
		{ displayName: `${label}External ID`, name: name('ExternalId'), type: 'string', default: '', displayOptions: show },
	];
};

/** The events offered, by metric name; also the node's subtitle. */
export const EVENT_OPTIONS = [
	...EVENT_PRESETS.map((preset) => ({ name: preset.metric, value: preset.value, description: preset.description })),
	{ name: 'Custom Event', value: 'custom', description: 'Any metric name you choose' },
].sort((a, b) => a.name.localeCompare(b.name));

const eventProperties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: EVENT_OPTIONS,
		default: 'affiliateApproved',
		description: 'The Klaviyo metric to record. Flows are triggered by it, so keep the name stable.',
	},
	{
		displayName: 'Metric Name',
		name: 'metricName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { event: ['custom'] } },
	},
	...profileChoice(),
];

const singleProfile = { hide: { role: ['both'] } };
const bothProfiles = { show: { role: ['both'], event: CHOOSABLE_PROFILE_EVENTS } };

const profileProperties: INodeProperties[] = [
	{
		displayName: 'Profile ID',
		name: 'profileId',
		type: 'string',
		default: '',
		description: 'Klaviyo’s profile ID. Empty: the input item’s profileId, else the person is found by email, phone or external ID.',
		displayOptions: singleProfile,
	},
	...personFields('', singleProfile),
	...personFields('referrer', bothProfiles),
	...personFields('recipient', bothProfiles),
	{
		displayName: 'Profile Properties',
		name: 'profileProperties',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Profile Property',
		default: {},
		description: 'Custom properties to set on the profile along with the event',
		options: [
			{
				displayName: 'Property',
				name: 'property',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

const dataProperties: INodeProperties[] = [
	...fieldPicker(
		{
			displayName: 'Event Properties to Send',
			name: 'eventFields',
			default: [
				'affiliateId',
				'referralLink',
				'couponCode',
				'orderId',
				'offerId',
				'tier',
				'conversionAmount',
				'commissionAmount',
				'currency',
			],
			description: 'Each becomes an event property your Klaviyo emails can show; empty values are left out',
		},
		EVENT_PROPERTY_FIELDS,
		({ label }) => ({
			displayName: label,
			description: 'Empty: taken from the input item (the trigger’s normalized event, or a column of that name)',
		}),
	),
	{
		displayName: 'Custom Event Properties',
		name: 'customEventProperties',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Event Property',
		default: {},
		options: [
			{
				displayName: 'Property',
				name: 'property',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Event Properties (JSON)',
		name: 'eventPropertiesJson',
		type: 'json',
		default: '{}',
		description: 'More event properties as a JSON object; merged last',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		default: '',
		description:
			'The event’s monetary value in major units (59.00), used by Klaviyo revenue reporting. Empty: the input’s conversion or payout amount, if any.',
	},
	{
		displayName: 'Value Currency',
		name: 'valueCurrency',
		type: 'string',
		default: '',
		placeholder: 'USD',
		description: 'ISO 4217 code of the value. Empty: the input’s currency, if any.',
	},
	{
		displayName: 'Time',
		name: 'time',
		type: 'string',
		default: '',
		description: 'When it happened (ISO 8601 with a zone). Empty: the trigger event’s occurredAt, else now.',
	},
];

const uniqueIdProperties: INodeProperties[] = [
	{
		displayName: 'Unique ID',
		name: 'uniqueIdMode',
		type: 'options',
		options: [
			{
				name: 'Derive From the Source Event',
				value: 'derived',
				description: 'Same platform, source event ID, metric and profile role → same ID, so a redelivered webhook collapses',
			},
			{ name: 'Map Explicitly', value: 'explicit' },
			{
				name: 'Let Klaviyo Decide',
				value: 'none',
				description: 'Klaviyo uses the time to the second: at most one event per profile per metric per second',
			},
		],
		default: 'derived',
	},
	{
		displayName: 'Source Platform',
		name: 'sourcePlatform',
		type: 'string',
		default: '',
		description: 'Empty: the input item’s platform',
		displayOptions: { show: { uniqueIdMode: ['derived'] } },
	},
	{
		displayName: 'Source Event ID',
		name: 'sourceEventId',
		type: 'string',
		default: '',
		description:
			'The platform’s ID of what happened. Empty: the input item’s ID; from node version 3 its factId first (the same whether the trigger received the fact or Affiliate Platform pulled it). Without one, Klaviyo keeps one event per profile per metric per second.',
		displayOptions: { show: { uniqueIdMode: ['derived'] } },
	},
	{
		displayName: 'Unique ID Value',
		name: 'uniqueId',
		type: 'string',
		default: '',
		displayOptions: { show: { uniqueIdMode: ['explicit'] } },
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
			displayName: 'Backfill (Do Not Trigger Flows)',
			name: 'backfill',
			type: 'boolean',
			default: false,
			description: 'Whether to record past events without triggering flows, e.g. when importing history',
		},
		{
			displayName: 'Batch Mode',
			name: 'batchMode',
			type: 'options',
			options: [
				{
					name: 'Auto',
					value: 'auto',
					description: `One request per event up to ${AUTO_BULK_EVENTS_THRESHOLD} events, bulk jobs of 1,000 above`,
				},
				{ name: 'Bulk Jobs', value: 'bulk' },
				{ name: 'One Request per Event', value: 'perEvent' },
			],
			default: 'auto',
		},
		{
			displayName: 'Default Country Calling Code',
			name: 'defaultCallingCode',
			type: 'string',
			default: '',
			placeholder: '1',
			description: 'Used for phone numbers written without a country code, e.g. 1 (US/Canada) or 44 (UK)',
		},
		{
			displayName: 'Metric Name Prefix',
			name: 'metricPrefix',
			type: 'string',
			default: '',
			placeholder: 'Refersion ',
			description:
				'Put before the metric name (e.g. the platform) so names stay stable and recognisable in Klaviyo. Never put before a platform’s own names (Naming: Okendo Referrals).',
		},
	],
};

export const trackReferralEventProperties: INodeProperties[] = [
	authenticationProperty,
	...namingProperties(
		'Names of the referral events. Okendo Referrals: Sent Okendo Referral, Received Okendo Referral Coupon and Redeemed Okendo Referral Coupon, exactly as Okendo’s Klaviyo integration names them.',
		`The referral events are written as ${Object.values(namesFor('okendo').metrics).map((name) => `"${name}"`).join(', ')}, whatever the Metric Name Prefix (which still goes before the other events and custom metrics).`,
	),
	...eventProperties,
	...profileProperties,
	...dataProperties,
	...uniqueIdProperties,
	optionsProperty,
];
