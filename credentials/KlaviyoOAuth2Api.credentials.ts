import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { klaviyoConnectionProperties } from './klaviyoConnectionProperties';

/** Scopes the four nodes need; Klaviyo grants only what the app was set up with in "Manage apps". */
const KLAVIYO_SCOPES = [
	'accounts:read',
	'lists:read',
	'lists:write',
	'profiles:read',
	'profiles:write',
	'events:write',
	'subscriptions:write',
];

export class KlaviyoOAuth2Api implements ICredentialType {
	name = 'klaviyoOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Klaviyo OAuth2 API';

	icon: Icon = { light: 'file:klaviyo.svg', dark: 'file:klaviyo.dark.svg' };

	documentationUrl = 'https://developers.klaviyo.com/en/docs/set_up_oauth';

	properties: INodeProperties[] = [
		// Klaviyo requires PKCE (S256) on its authorize URL.
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'pkce' },
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'string',
			default: 'https://www.klaviyo.com/oauth/authorize',
			required: true,
		},
		{
			// Since 2025-03-31 Klaviyo refuses token traffic sent through www.klaviyo.com.
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'string',
			default: 'https://a.klaviyo.com/oauth/token',
			required: true,
		},
		{ displayName: 'Scope', name: 'scope', type: 'hidden', default: KLAVIYO_SCOPES.join(' ') },
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
		// Klaviyo's token endpoint authenticates the client with an HTTP Basic header only.
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'header' },
		...klaviyoConnectionProperties,
	];
}
