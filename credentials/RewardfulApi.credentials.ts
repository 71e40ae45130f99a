import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** Rewardful's REST API: HTTP Basic with the API secret as the username and no password, as Rewardful documents. */
export class RewardfulApi implements ICredentialType {
	name = 'rewardfulApi';

	displayName = 'Rewardful API';

	icon: Icon = { light: 'file:affiliateWebhook.svg', dark: 'file:affiliateWebhook.dark.svg' };

	documentationUrl = 'https://developers.rewardful.com/rest-api/overview';

	properties: INodeProperties[] = [
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'From Rewardful → Company Settings. It grants full access to the Rewardful account.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.getrewardful.com/v1',
			description: 'Where Rewardful’s API lives. Leave the default; change it only to point at a local Rewardful double for testing.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: { username: '={{$credentials.apiSecret}}', password: '' },
		},
	};

	// One affiliate is the cheapest read that proves the secret.
	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/affiliates', method: 'GET', qs: { limit: 1 } },
	};
}
