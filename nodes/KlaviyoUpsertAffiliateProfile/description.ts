import type { INodeProperties } from 'n8n-workflow';

import { namesFor } from '../shared/domain';
import { authenticationProperty } from '../shared/klaviyo/authentication';
import { fieldPicker } from '../shared/n8n/fieldPicker';
import { namingProperties } from '../shared/n8n/namingProperty';
import { AFFILIATE_FIELDS, OVERWRITABLE_IDENTIFIERS, STANDARD_FIELDS } from './affiliateFields';

/** Profiles up to this many go one request per item; more become one bulk import job. */
export const AUTO_BULK_THRESHOLD = 100;

const identifierProperties: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description:
			'Identifies the profile (give at least one of Email, Phone Number or External ID). Empty: taken from the input item — the trigger’s affiliate.email, or an email column.',
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		description:
			'Sent in E.164 form (+15555551234); spaces, dashes and brackets are fine; national numbers need a Default Country Calling Code (under Options). Empty: the input item’s affiliate.phone or phone column.',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		description: 'Your own ID for this person, e.g. the customer ID in your store. Empty: an external_id column, if any.',
	},
];

const mergeProperties: INodeProperties[] = [
	{
		displayName: 'Existing Profile Sync',
		name: 'mergeMode',
		type: 'options',
		options: [
			{
				name: "Don't Update Existing Fields",
				value: 'keepExisting',
				description:
					'An existing profile keeps its standard fields exactly as they are, even empty ones; only affiliate and custom properties are sent',
			},
			{
				name: 'Fill Empty Values Only',
				value: 'fillEmpty',
				description: 'Standard fields are written only where Klaviyo has no value yet; affiliate properties are always sent',
			},
			{
				name: 'Overwrite Selected Properties',
				value: 'overwriteSelected',
				description:
					'The fields you choose are written even over existing values; other standard fields are left alone; affiliate properties are always sent',
			},
		],
		default: 'fillEmpty',
		description:
			'What to do when the person already has a Klaviyo profile. A new profile always gets every field. Empty values never clear anything in Klaviyo.',
	},
	{
		displayName: 'Fields to Overwrite',
		name: 'overwriteFields',
		type: 'multiOptions',
		displayOptions: { show: { mergeMode: ['overwriteSelected'] } },
		options: Object.entries({ ...OVERWRITABLE_IDENTIFIERS, ...STANDARD_FIELDS })
			.map(([key, path]) => ({ name: fieldLabel(key), value: path }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: [],
		description: 'Standard fields written even when the profile already has a value',
	},
];

const standardFieldProperties: INodeProperties[] = [
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		description: 'Empty: the input item’s affiliate.firstName or first_name column',
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		description: 'Empty: the input item’s affiliate.lastName or last_name column',
	},
	{
		displayName: 'Profile Fields',
		name: 'profileFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: Object.keys(STANDARD_FIELDS)
			.filter((key) => key !== 'firstName' && key !== 'lastName')
			.map((key) => ({ displayName: fieldLabel(key), name: key, type: 'string' as const, default: '' }))
			.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

const OKENDO_PROPERTIES = namesFor('okendo').properties;
const quoted = (names: string[]) => names.map((name) => `"${name}"`).join(', ');

const affiliateProperties: INodeProperties[] = [
	...fieldPicker(
		{
			displayName: 'Affiliate Fields to Send',
			name: 'affiliateFields',
			default: [
				'affiliateId',
				'affiliateCode',
				'referralLink',
				'couponCode',
				'offerId',
				'offerName',
				'status',
				'platform',
				'tier',
			],
			description:
				'Each is saved as a custom property on the profile ("Affiliate Referral Link", …). Always send the referral link, coupon code and offer ID: they are what welcome and reminder emails show.',
		},
		AFFILIATE_FIELDS,
		({ label, source }) => ({ displayName: `Affiliate ${label}`, description: `Empty: taken from the input item (${source})` }),
	),
	{
		displayName: 'Referral Link Template',
		name: 'referralLinkTemplate',
		type: 'string',
		default: '',
		placeholder: 'https://yourstore.com/?rfsn={code}',
		description:
			'Your store’s referral link format, a full address starting with https://, for platforms whose webhooks carry no link (Refersion): {code} and {ID} become the affiliate’s code and ID, URL-encoded. Used only when Affiliate Referral Link is empty and the input item has no link.',
		displayOptions: { show: { affiliateFields: ['referralLink'] } },
	},
	{
		displayName: 'Custom Properties',
		name: 'customProperties',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Property',
		default: {},
		description: 'More custom properties, saved under exactly the name you give (no prefix)',
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

const totalModeOptions = (addName: string, addDescription: string) => [
	{ name: addName, value: 'add', description: addDescription },
	{ name: "Don't Change", value: 'none' },
	{ name: 'Set', value: 'set', description: 'Replace the total with the value given' },
];

const revenueValueProperty: INodeProperties = {
	displayName: 'Referral Revenue Value',
	name: 'referralRevenueValue',
	type: 'string',
	default: '',
	placeholder: '59.00',
	description: 'The referral’s revenue. Empty: the trigger event’s conversion.amount, or an amount column.',
};

/**
 * Version 1 failed an item with neither a value nor an amount, losing its count and date; version 2 counts it and
 * leaves the revenue total unchanged. Only the description differs: the parameter is the same.
 */
const revenueValueProperties: INodeProperties[] = [
	{
		...revenueValueProperty,
		displayOptions: { show: { referralTotals: [true], referralRevenueMode: ['add', 'set'], '@version': [1] } },
	},
	{
		...revenueValueProperty,
		description:
			'The referral’s revenue. Empty: the trigger event’s conversion.amount, or an amount column. When the item has no amount either (pulled conversions never do), the revenue total is left unchanged, the count and date still apply, and the output item carries a warning.',
		displayOptions: { show: { referralTotals: [true], referralRevenueMode: ['add', 'set'], '@version': [2] } },
	},
];

const referralTotalProperties: INodeProperties[] = [
	{
		displayName: 'Referral Totals',
		name: 'referralTotals',
		type: 'boolean',
		default: false,
		description:
			'Whether to keep Okendo-style referral totals on the profile: number of successful referrals, total referral revenue and latest referral date',
	},
	{
		displayName:
			`"Add" is replay-safe: the profile remembers the last 200 referral IDs it has counted (in "Affiliate Counted Referral IDs", or "${OKENDO_PROPERTIES.countedIds}" with Okendo naming), so a redelivered webhook or a re-run does not count the same referral twice. Always map a Referral ID.`,
		name: 'referralTotalsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { referralTotals: [true] } },
	},
	{
		displayName: 'Referral ID',
		name: 'referralId',
		type: 'string',
		default: '',
		displayOptions: { show: { referralTotals: [true] } },
		description:
			'The ID of the referral or conversion being counted; the same ID is never added twice. Empty: the trigger event’s conversion ID, else (node version 2) its referral ID, else its event ID.',
	},
	{
		displayName: 'Successful Referrals',
		name: 'referralCountMode',
		type: 'options',
		options: totalModeOptions('Add', 'Add the value to the current count'),
		default: 'add',
		displayOptions: { show: { referralTotals: [true] } },
	},
	{
		displayName: 'Referral Count Value',
		name: 'referralCountValue',
		type: 'number',
		default: 1,
		displayOptions: { show: { referralTotals: [true], referralCountMode: ['add', 'set'] } },
	},
	{
		displayName: 'Referral Revenue',
		name: 'referralRevenueMode',
		type: 'options',
		options: totalModeOptions('Add', 'Add the amount to the current total'),
		default: 'add',
		displayOptions: { show: { referralTotals: [true] } },
	},
	...revenueValueProperties,
	{
		displayName: 'Latest Referral Date',
		name: 'referralDateMode',
		type: 'options',
		options: totalModeOptions('Keep the Later Date', 'Keep whichever is later: the current date or this one'),
		default: 'add',
		displayOptions: { show: { referralTotals: [true] } },
	},
	{
		displayName: 'Latest Referral Date Value',
		name: 'referralDateValue',
		type: 'string',
		default: '',
		description: 'ISO 8601 with a time zone. Empty: the trigger event’s occurredAt, else now.',
		displayOptions: { show: { referralTotals: [true], referralDateMode: ['add', 'set'] } },
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
			displayName: 'Batch Mode',
			name: 'batchMode',
			type: 'options',
			options: [
				{
					name: 'Auto',
					value: 'auto',
					description: `One request per item up to ${AUTO_BULK_THRESHOLD} profiles, a bulk import job above`,
				},
				{
					name: 'Bulk Import Job',
					value: 'bulk',
					description: 'One Klaviyo bulk import job per 10,000 profiles, polled until it completes',
				},
				{ name: 'One Request per Item', value: 'perItem' },
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
			displayName: 'Preview Only',
			name: 'previewOnly',
			type: 'boolean',
			default: false,
			description: 'Whether to only compute and output what would change, writing nothing to Klaviyo',
		},
		{
			displayName: 'Property Name Prefix',
			name: 'propertyPrefix',
			type: 'string',
			default: 'Affiliate ',
			description:
				'Put before each affiliate property name so it reads well in Klaviyo ("Affiliate Referral Link"). Never put before a platform’s own names (Naming: Okendo Referrals).',
		},
	],
};

export const upsertAffiliateProfileProperties: INodeProperties[] = [
	authenticationProperty,
	...namingProperties(
		'Names of the referral link and referral totals properties. Okendo Referrals: exactly the four properties Okendo’s Klaviyo integration writes, with no prefix.',
		`Written as ${quoted(Object.values(OKENDO_PROPERTIES).slice(0, 4))}, whatever the Property Name Prefix (which still names the other affiliate fields). Replay-safe totals remember counted referrals in "${OKENDO_PROPERTIES.countedIds}".`,
	),
	...identifierProperties,
	...mergeProperties,
	...standardFieldProperties,
	...affiliateProperties,
	...referralTotalProperties,
	optionsProperty,
];

/** The label a standard field has in the node, for its item errors too. */
export function fieldLabel(key: string): string {
	const labels: Record<string, string> = {
		address1: 'Address 1',
		address2: 'Address 2',
		zip: 'Zip Code',
		externalId: 'External ID',
	};
	return labels[key] ?? key.replace(/^[a-z]/, (c) => c.toUpperCase()).replace(/([a-z])([A-Z])/g, '$1 $2');
}
