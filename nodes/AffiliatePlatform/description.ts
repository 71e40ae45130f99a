import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

export const PLATFORM_OPTIONS = [
	{ name: 'FirstPromoter', value: 'firstpromoter', description: 'FirstPromoter API v2 (promoters)' },
	{ name: 'Rewardful', value: 'rewardful', description: 'Rewardful REST API v1 (affiliates)' },
];

/** One credential per platform, each shown only when its platform is chosen. */
export const platformCredentials: INodeCredentialDescription[] = [
	{ name: 'firstPromoterApi', required: true, displayOptions: { show: { platform: ['firstpromoter'] } } },
	{ name: 'rewardfulApi', required: true, displayOptions: { show: { platform: ['rewardful'] } } },
];

const getManyAffiliates = { show: { resource: ['affiliate'], operation: ['getAll'] } };
const getManyReferrals = { show: { resource: ['referral'], operation: ['getAll'] } };
const getMany = { show: { resource: ['affiliate', 'referral'], operation: ['getAll'] } };

export const RESOURCE_OPTIONS = [
	{ name: 'Affiliate', value: 'affiliate' },
	{ name: 'Referral', value: 'referral' },
];

export const affiliatePlatformProperties: INodeProperties[] = [
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		noDataExpression: true,
		options: PLATFORM_OPTIONS,
		default: 'rewardful',
	},
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCE_OPTIONS,
		default: 'affiliate',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['affiliate'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Read affiliates from the platform, each as the Affiliate Webhook Trigger’s event',
				action: 'Get many affiliates',
			},
		],
		default: 'getAll',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['referral'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Read referred people and conversions, each as the Affiliate Webhook Trigger’s event',
				action: 'Get many referrals',
			},
		],
		default: 'getAll',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: getMany,
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...getMany.show, returnAll: [false] } },
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		displayOptions: getManyAffiliates,
		options: [
			{
				name: 'Approved Only',
				value: 'approved',
				description: 'Affiliates the platform approved: Rewardful “active”, FirstPromoter “accepted” in a campaign',
			},
			{ name: 'Any Status', value: 'any', description: 'Pending, disabled, rejected and archived affiliates too' },
		],
		default: 'approved',
	},
	{
		displayName: 'Status',
		name: 'referralStatus',
		type: 'options',
		displayOptions: getManyReferrals,
		options: [
			{
				name: 'Conversions Only',
				value: 'conversions',
				description: 'Referred people who became paying customers (Rewardful “conversion”, FirstPromoter customers)',
			},
			{ name: 'Leads and Conversions', value: 'leadsAndConversions', description: 'Also people who signed up but have not paid yet' },
		],
		default: 'conversions',
	},
	{
		displayName: 'Updated Since',
		name: 'updatedSince',
		type: 'string',
		displayOptions: getMany,
		default: '',
		placeholder: 'e.g. 2026-12-01T00:00:00Z or {{ $now.minus({ days: 1 }) }}',
		description:
			'Only records changed at or after this time (ISO 8601; read as UTC without a zone). Empty: no time filter, unless Since Last Run is on.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		displayOptions: getMany,
		default: {},
		options: [
			{
				displayName: 'Since Last Run',
				name: 'sinceLastRun',
				type: 'boolean',
				default: false,
				description:
					'Whether to return only records changed since the previous complete read of this node (minus a minute for clock drift) when Updated Since is empty. n8n keeps that time for active and command-line runs, not for test runs in the editor, and keeps it even when a later node of the workflow fails: after such a failure, run once with Updated Since set to before it.',
			},
		],
	},
];
