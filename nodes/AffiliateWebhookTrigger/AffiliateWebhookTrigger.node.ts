import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { chosenOptionName } from '../shared/n8n/subtitle';
import { checkSigningSecret } from './checkSigningSecret';
import { affiliateWebhookTriggerProperties, PLATFORM_OPTIONS } from './description';
import { receiveDelivery } from './receiveDelivery';
import { affiliateWebhookDescription } from './webhookDescription';

export class AffiliateWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Affiliate Webhook Trigger',
		name: 'affiliateWebhookTrigger',
		icon: { light: 'file:affiliateWebhook.svg', dark: 'file:affiliateWebhook.dark.svg' },
		group: ['trigger'],
		// 2: an unclassified delivery passes a set Events filter by default (see Pass Unclassified Deliveries).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: `={{ ${chosenOptionName('platform', PLATFORM_OPTIONS)} }}`,
		description:
			'Starts the workflow when an affiliate or referral platform sends a webhook: verified, de-duplicated and normalized to one event shape',
		defaults: { name: 'Affiliate Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'affiliateWebhookSecretApi',
				required: true,
				testedBy: 'checkSigningSecret',
				displayOptions: { hide: { scheme: ['none'] } },
			},
		],
		// Platforms only need a status; an empty body avoids n8n 2's literal "firstEntryJson" answer. The response mode is
		// the Respond parameter: n8n's own onReceived, or lastNode, where n8n answers 500 when the run fails.
		webhooks: [affiliateWebhookDescription],
		properties: affiliateWebhookTriggerProperties,
	};

	methods = {
		credentialTest: {
			async checkSigningSecret(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return checkSigningSecret(credential.data ?? {});
			},
		},
	};

	// Affiliate platforms register webhook URLs by hand (the node's notice says where): nothing to create remotely.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
