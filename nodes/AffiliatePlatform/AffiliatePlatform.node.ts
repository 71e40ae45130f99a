import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { chosenOptionName } from '../shared/n8n/subtitle';
import { affiliatePlatformProperties, platformCredentials, PLATFORM_OPTIONS, RESOURCE_OPTIONS } from './description';
import { getMany } from './getMany';

export class AffiliatePlatform implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Affiliate Platform',
		name: 'affiliatePlatform',
		icon: { light: 'file:affiliatePlatform.svg', dark: 'file:affiliatePlatform.dark.svg' },
		group: ['input'],
		// Version 2: an approved affiliate comes out as `affiliate.approved` with the approval's fact id (the one the
		// trigger gives that affiliate's approval webhook), so a reconcile records a lost approval once, and only once.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: `={{ "Get many " + ${chosenOptionName('resource', RESOURCE_OPTIONS)}.toLowerCase() + "s from " + ${chosenOptionName('platform', PLATFORM_OPTIONS)} }}`,
		description:
			'Read affiliates and referrals from Rewardful or FirstPromoter: backfill them into Klaviyo, or reconcile what webhooks missed',
		defaults: { name: 'Affiliate Platform' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: platformCredentials,
		properties: affiliatePlatformProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await getMany.call(this);
	}
}
