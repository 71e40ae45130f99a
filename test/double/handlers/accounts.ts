import { ACCOUNT } from '../state';
import { pickFields, resourceUrl } from '../resources';
import { Handler, TIER_XS } from './types';

/** GET /api/accounts: the one account behind every key and token of the double (the usual credential test). */
export const getAccounts: Handler = {
	operationId: 'get_accounts',
	method: 'GET',
	path: '/api/accounts',
	fallbackTier: TIER_XS,
	handle({ baseUrl, query }) {
		const attributes = pickFields(
			{
				test_account: true,
				contact_information: {
					default_sender_name: 'Klaviyo Double',
					default_sender_email: 'sender@klaviyo-double.test',
					website_url: 'https://klaviyo-double.test',
					organization_name: ACCOUNT.organization_name,
					street_address: { address1: '125 Summer St', address2: null, city: 'Boston', region: 'MA', country: 'US', zip: '02110' },
				},
				industry: 'Software / SaaS',
				timezone: 'America/New_York',
				preferred_currency: 'USD',
				public_api_key: ACCOUNT.public_api_key,
				locale: 'en-US',
			},
			query.fields.get('account'),
		);
		const account = { type: 'account', id: ACCOUNT.id, attributes, links: { self: resourceUrl(baseUrl, 'accounts', ACCOUNT.id) } };
		return { status: 200, body: { data: [account], links: { self: `${baseUrl}/api/accounts/` } } };
	},
};
