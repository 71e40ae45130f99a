import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret an affiliate platform signs its webhooks with. Kept in a credential so n8n stores it encrypted and
 * never shows it in a workflow, an export or an execution.
 */
export class AffiliateWebhookSecretApi implements ICredentialType {
	name = 'affiliateWebhookSecretApi';

	displayName = 'Affiliate Webhook Signing Secret API';

	icon: Icon = { light: 'file:affiliateWebhook.svg', dark: 'file:affiliateWebhook.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-klaviyo-affiliates/n8n-nodes-klaviyo-affiliates#affiliate-webhook-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'From your platform’s webhook settings (Refersion: Settings → Webhooks → show secret; Standard Webhooks / Svix: starts with whsec_)',
		},
		{
			displayName: 'Previous Secret',
			name: 'previousSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'While rotating secrets, deliveries signed with this one are accepted too. Clear it once the rotation is done.',
		},
	];
}
