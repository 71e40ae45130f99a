import type { INodeProperties } from 'n8n-workflow';

/** The API revision the nodes are written and tested against (Klaviyo's 2026-07-15 GA revision). */
export const DEFAULT_KLAVIYO_REVISION = '2026-07-15';

export const DEFAULT_KLAVIYO_BASE_URL = 'https://a.klaviyo.com';

/** Fields both Klaviyo credentials carry besides their secret: which revision to pin and where Klaviyo is. */
export const klaviyoConnectionProperties: INodeProperties[] = [
	{
		displayName: 'API Revision',
		name: 'revision',
		type: 'string',
		default: DEFAULT_KLAVIYO_REVISION,
		description:
			'The Klaviyo API revision sent in the `revision` header. The nodes are tested against 2026-07-15; change it only if Klaviyo asks you to.',
	},
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: DEFAULT_KLAVIYO_BASE_URL,
		description:
			'Where Klaviyo’s API lives. Leave the default; change it only to point at a sandbox or a local Klaviyo double for testing.',
	},
];
