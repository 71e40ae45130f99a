import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** FirstPromoter's API v2: a Bearer API key plus the account's ID in an `Account-ID` header, as FirstPromoter documents. */
export class FirstPromoterApi implements ICredentialType {
	name = 'firstPromoterApi';

	displayName = 'FirstPromoter API';

	icon: Icon = { light: 'file:affiliateWebhook.svg', dark: 'file:affiliateWebhook.dark.svg' };

	documentationUrl = 'https://docs.firstpromoter.com/api-reference-v2/api-admin/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'From FirstPromoter → Settings → Integrations → Manage API Keys',
		},
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			required: true,
			default: '',
			description: 'Shown next to the API keys in FirstPromoter → Settings → Integrations',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.firstpromoter.com/api/v2/company',
			description: 'Where FirstPromoter’s API lives. Leave the default; change it only to point at a local FirstPromoter double for testing.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}', 'Account-ID': '={{$credentials.accountId}}' },
		},
	};

	// One promoter is the cheapest read that proves both the key and the account.
	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/promoters', method: 'GET', qs: { per_page: 1 } },
	};
}
