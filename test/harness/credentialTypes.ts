import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { AffiliateWebhookSecretApi } from '../../credentials/AffiliateWebhookSecretApi.credentials';
import { FirstPromoterApi } from '../../credentials/FirstPromoterApi.credentials';
import { KlaviyoApi } from '../../credentials/KlaviyoApi.credentials';
import { KlaviyoOAuth2Api } from '../../credentials/KlaviyoOAuth2Api.credentials';
import { RewardfulApi } from '../../credentials/RewardfulApi.credentials';

/**
 * Stand-in for n8n-nodes-base's `oAuth2Api` (not installed for jest): only the fields n8n-core's OAuth2 request
 * helper reads. The e2e suite runs the real one inside n8n.
 */
class OAuth2ApiStandIn implements ICredentialType {
	name = 'oAuth2Api';

	displayName = 'OAuth2 API';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'string', default: '' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'string', default: '' },
		{ displayName: 'Client ID', name: 'clientId', type: 'string', default: '' },
		{ displayName: 'Client Secret', name: 'clientSecret', type: 'string', default: '' },
		{ displayName: 'Scope', name: 'scope', type: 'string', default: '' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'header' },
		{ displayName: 'Ignore SSL Issues', name: 'ignoreSSLIssues', type: 'boolean', default: false },
	];
}

export const credentialTypes: Record<string, ICredentialType> = Object.fromEntries(
	[new KlaviyoApi(), new KlaviyoOAuth2Api(), new AffiliateWebhookSecretApi(), new OAuth2ApiStandIn(), new RewardfulApi(), new FirstPromoterApi()].map((type) => [type.name, type]),
);

/** The type's own properties after its parents', as n8n merges an `extends` chain. */
export function credentialProperties(typeName: string): INodeProperties[] {
	const type = credentialTypes[typeName];
	if (!type) throw new Error(`Unknown credential type ${typeName}`);
	const inherited = (type.extends ?? []).flatMap(credentialProperties);
	const own = new Set(type.properties.map((property) => property.name));
	return [...inherited.filter((property) => !own.has(property.name)), ...type.properties];
}

export function parentTypes(typeName: string): string[] {
	const type = credentialTypes[typeName];
	if (!type?.extends) return [];
	return type.extends.flatMap((parent) => [parent, ...parentTypes(parent)]);
}
