import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

export type KlaviyoAuthentication = 'apiKey' | 'oAuth2';

export function credentialTypeFor(authentication: KlaviyoAuthentication): string {
	return authentication === 'oAuth2' ? 'klaviyoOAuth2Api' : 'klaviyoApi';
}

/** Both Klaviyo credentials, each shown only for its own choice of the Authentication parameter. */
export const klaviyoCredentials: INodeCredentialDescription[] = [
	{ name: 'klaviyoApi', required: true, displayOptions: { show: { authentication: ['apiKey'] } } },
	{ name: 'klaviyoOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
];

export const authenticationProperty: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{ name: 'API Key', value: 'apiKey' },
		{ name: 'OAuth2', value: 'oAuth2' },
	],
	default: 'apiKey',
};
