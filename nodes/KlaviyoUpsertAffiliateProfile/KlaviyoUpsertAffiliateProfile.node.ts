import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { klaviyoCredentials } from '../shared/klaviyo/authentication';
import { upsertAffiliateProfileProperties } from './description';
import { upsertAffiliateProfiles } from './upsert';

export class KlaviyoUpsertAffiliateProfile implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Klaviyo Upsert Affiliate Profile',
		name: 'klaviyoUpsertAffiliateProfile',
		icon: { light: 'file:upsertAffiliateProfile.svg', dark: 'file:upsertAffiliateProfile.dark.svg' },
		group: ['output'],
		// Version 2: a referral without an amount still counts, leaving the revenue total unchanged (see readItem).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ { fillEmpty: "Fill empty values", keepExisting: "Keep existing fields", overwriteSelected: "Overwrite selected" }[$parameter["mergeMode"]] }}',
		description:
			'Create or update an affiliate’s Klaviyo profile with their referral link, coupon and offer, without trampling what Klaviyo already knows',
		defaults: { name: 'Upsert Affiliate Profile' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: klaviyoCredentials,
		hints: [
			{
				message:
					'Referral totals set to "Add" are replay-safe only with a Referral ID: the profile remembers the last 200 ids it counted.',
				type: 'info',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
				displayCondition: '={{ $parameter["referralTotals"] === true }}',
			},
		],
		properties: upsertAffiliateProfileProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await upsertAffiliateProfiles.call(this);
	}
}
