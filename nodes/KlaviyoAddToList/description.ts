import type { INodeProperties } from 'n8n-workflow';

import { authenticationProperty } from '../shared/klaviyo/authentication';

/** A Klaviyo list page URL: https://www.klaviyo.com/list/<id>/… (the id is the first group). */
export const LIST_URL_PATTERN = 'https://(?:www\\.)?klaviyo\\.com/lists?/([A-Za-z0-9]+)(?:[/?#].*)?';

const listProperty: INodeProperties = {
	displayName: 'List',
	name: 'list',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Klaviyo list. Use a separate list for affiliates, as Refersion recommends.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchLists', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. XyZ123',
			validation: [
				{ type: 'regex', properties: { regex: '^[A-Za-z0-9]+$', errorMessage: 'A list ID has only letters and digits' } },
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://www.klaviyo.com/list/XyZ123/members',
			validation: [
				{ type: 'regex', properties: { regex: LIST_URL_PATTERN, errorMessage: 'Not a Klaviyo list URL' } },
			],
			extractValue: { type: 'regex', regex: LIST_URL_PATTERN },
		},
	],
};

const actionProperty: INodeProperties = {
	displayName: 'Action',
	name: 'action',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Add to List',
			value: 'add',
			description: 'Make the person a member of the list. Consent does not change: being on a list is not being subscribed.',
			action: 'Add a profile to a list',
		},
		{
			name: 'Add to List and Subscribe',
			value: 'subscribe',
			description:
				'Record marketing consent and add to the list. On a double opt-in list the person is subscribed only after confirming.',
			action: 'Add a profile to a list and subscribe it',
		},
		{
			name: 'Remove From List',
			value: 'remove',
			description: 'Take the person off the list (e.g. a deactivated affiliate). Consent does not change.',
			action: 'Remove a profile from a list',
		},
	],
	default: 'add',
};

const personProperties: INodeProperties[] = [
	{
		displayName: 'Profile ID',
		name: 'profileId',
		type: 'string',
		default: '',
		description:
			'Klaviyo’s profile ID. Empty: the input item’s profileId (Upsert Affiliate Profile outputs it), else the person is found by email, phone or external ID.',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		description: 'Empty: the input item’s email (Upsert’s output, a CSV column) or the trigger’s affiliate.email',
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		description:
			'E.164 (+15555551234), or national with a Default Country Calling Code; SMS consent needs one. Empty: the input item’s phone.',
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
	},
];

const subscribeProperties: INodeProperties[] = [
	{
		displayName: 'Channels',
		name: 'channels',
		type: 'multiOptions',
		displayOptions: { show: { action: ['subscribe'] } },
		options: [
			{ name: 'Email Marketing', value: 'emailMarketing' },
			{ name: 'SMS Marketing', value: 'smsMarketing' },
			{ name: 'SMS Transactional', value: 'smsTransactional' },
		],
		default: ['emailMarketing'],
		description: 'Which consent to record. SMS needs a phone number in E.164 form.',
	},
	{
		displayName: 'Consent Source',
		name: 'consentSource',
		type: 'string',
		displayOptions: { show: { action: ['subscribe'] } },
		default: 'Affiliate program',
		description: 'Stored on the consent record as its custom source',
	},
	{
		displayName: 'Historical Import',
		name: 'historicalImport',
		type: 'boolean',
		displayOptions: { show: { action: ['subscribe'] } },
		default: false,
		description:
			'Whether this records consent given in the past (a backfill). It skips double opt-in and "Added to list" flows, and needs the date consent was given.',
	},
	{
		displayName: 'Consented At',
		name: 'consentedAt',
		type: 'dateTime',
		displayOptions: { show: { action: ['subscribe'], historicalImport: [true] } },
		default: '',
		description: 'When the person gave consent; must be in the past',
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
			displayName: 'Create Missing Profiles',
			name: 'createMissing',
			type: 'boolean',
			default: true,
			description:
				'Whether a person not yet in Klaviyo is created before being added. Off: such an item fails. (Subscribing always creates the profile.)',
		},
		{
			displayName: 'Default Country Calling Code',
			name: 'defaultCallingCode',
			type: 'string',
			default: '',
			placeholder: '1',
			description: 'Used for phone numbers written without a country code, e.g. 1 (US/Canada) or 44 (UK)',
		},
	],
};

export const addToListProperties: INodeProperties[] = [
	authenticationProperty,
	listProperty,
	actionProperty,
	...personProperties,
	...subscribeProperties,
	optionsProperty,
];
