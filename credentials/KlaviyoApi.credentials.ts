import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { klaviyoConnectionProperties } from './klaviyoConnectionProperties';

export class KlaviyoApi implements ICredentialType {
	name = 'klaviyoApi';

	displayName = 'Klaviyo API';

	icon: Icon = { light: 'file:klaviyo.svg', dark: 'file:klaviyo.dark.svg' };

	documentationUrl = 'https://developers.klaviyo.com/en/docs/authenticate_';

	properties: INodeProperties[] = [
		{
			displayName: 'Private API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'pk_…',
			description:
				'A private key from Klaviyo → Settings → API keys. Scopes it needs: Accounts Read, Lists Read/Write, Profiles Read/Write, Events Write, Subscriptions Write.',
		},
		...klaviyoConnectionProperties,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Klaviyo-API-Key {{$credentials.apiKey}}',
				revision: '={{$credentials.revision}}',
			},
		},
	};

	// GET /api/accounts is the cheapest call that proves the key (tier XS, scope accounts:read).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/api/accounts',
			method: 'GET',
			headers: { accept: 'application/vnd.api+json' },
		},
	};
}
