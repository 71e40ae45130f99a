import { chunk } from '../shared/domain';
import type { KlaviyoList } from '../shared/klaviyo/lists';
import { subscribeProfiles, SUBSCRIBE_BATCH } from '../shared/klaviyo/subscriptions';
import type { KlaviyoClient } from '../shared/klaviyo/transport';
import type { ListOutcome } from './outcome';
import type { ListRequest } from './readItem';

/**
 * Bulk subscribe, 1,000 profiles per job. Items whose consent settings differ go in separate jobs, since source,
 * historical import and channels are set per job or must match per profile.
 */
export async function subscribeToList(
	client: KlaviyoClient,
	list: KlaviyoList,
	requests: ListRequest[],
): Promise<Map<number, ListOutcome>> {
	const outcomes = new Map<number, ListOutcome>();
	const jobs = new Map<string, ListRequest[]>();
	for (const request of requests) {
		const key = JSON.stringify([[...request.channels].sort(), request.customSource ?? '', request.historicalImport]);
		const same = jobs.get(key);
		if (same) same.push(request);
		else jobs.set(key, [request]);
	}
	// Double opt-in sends a confirmation first; a historical import records consent already given.
	for (const sameSettings of jobs.values()) {
		const { channels, customSource, historicalImport } = sameSettings[0];
		const status = list.optInProcess === 'double_opt_in' && !historicalImport ? 'pending_confirmation' : 'subscribed';
		for (const batch of chunk(uniquePeople(sameSettings), SUBSCRIBE_BATCH)) {
			const covered = batch.flatMap((person) => person.requests);
			try {
				await subscribeProfiles(client, {
					listId: list.id,
					channels,
					customSource,
					historicalImport,
					profiles: batch.map(({ requests: [first] }) => ({
						id: first.profileId,
						email: first.email,
						phone_number: first.phoneNumber,
						consentedAt: first.consentedAt,
					})),
				});
				for (const request of covered) {
					outcomes.set(request.itemIndex, {
						status,
						note:
							status === 'pending_confirmation'
								? 'Double opt-in list: Klaviyo sent a confirmation; the profile is subscribed once it is confirmed.'
								: undefined,
					});
				}
			} catch (error) {
				for (const request of covered) outcomes.set(request.itemIndex, { error: error as Error });
			}
		}
	}
	return outcomes;
}

/** The same person twice in one job is sent once; every item for them gets the job's result. */
function uniquePeople(requests: ListRequest[]): Array<{ requests: ListRequest[] }> {
	const people = new Map<string, ListRequest[]>();
	for (const request of requests) {
		const key = request.profileId ?? request.email ?? request.phoneNumber ?? `item:${request.itemIndex}`;
		const same = people.get(key);
		if (same) same.push(request);
		else people.set(key, [request]);
	}
	return [...people.values()].map((sameRequests) => ({ requests: sameRequests }));
}
