import type { IDataObject } from 'n8n-workflow';

import type { KlaviyoClient } from './transport';

export type ConsentChannel = 'emailMarketing' | 'smsMarketing' | 'smsTransactional';

/** Klaviyo subscribes at most 1,000 profiles per bulk subscribe call. */
export const SUBSCRIBE_BATCH = 1000;

export interface SubscriptionProfile {
	id?: string;
	email?: string;
	phone_number?: string;
	/** Required per profile when the job is a historical import (ISO 8601, in the past). */
	consentedAt?: string;
}

export interface SubscribeJob {
	listId: string;
	channels: ConsentChannel[];
	customSource?: string;
	historicalImport: boolean;
	profiles: SubscriptionProfile[];
}

/** Only channels present in `subscriptions` are consented; "SUBSCRIBED" is the only value Klaviyo accepts. */
function subscriptionsFor(channels: ConsentChannel[], consentedAt?: string): IDataObject {
	const consent = (): IDataObject => ({ consent: 'SUBSCRIBED', ...(consentedAt ? { consented_at: consentedAt } : {}) });
	const subscriptions: IDataObject = {};
	if (channels.includes('emailMarketing')) subscriptions.email = { marketing: consent() };
	const sms: IDataObject = {};
	if (channels.includes('smsMarketing')) sms.marketing = consent();
	if (channels.includes('smsTransactional')) sms.transactional = consent();
	if (Object.keys(sms).length > 0) subscriptions.sms = sms;
	return subscriptions;
}

/**
 * `POST /api/profile-subscription-bulk-create-jobs` (202, processed asynchronously). On a double opt-in list the
 * profiles get a confirmation message and are subscribed only once they confirm, unless it is a historical import.
 */
export async function subscribeProfiles(client: KlaviyoClient, job: SubscribeJob): Promise<void> {
	await client.request({
		operation: 'bulkSubscribeProfiles',
		method: 'POST',
		path: '/api/profile-subscription-bulk-create-jobs',
		body: {
			data: {
				type: 'profile-subscription-bulk-create-job',
				attributes: {
					...(job.customSource ? { custom_source: job.customSource } : {}),
					historical_import: job.historicalImport,
					profiles: {
						data: job.profiles.map((profile) => ({
							type: 'profile',
							...(profile.id ? { id: profile.id } : {}),
							attributes: {
								...(profile.email ? { email: profile.email } : {}),
								...(profile.phone_number ? { phone_number: profile.phone_number } : {}),
								subscriptions: subscriptionsFor(job.channels, job.historicalImport ? profile.consentedAt : undefined),
							},
						})),
					},
				},
				relationships: { list: { data: { type: 'list', id: job.listId } } },
			},
		},
	});
}
