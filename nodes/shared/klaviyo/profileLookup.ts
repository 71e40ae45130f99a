import { mapWithConcurrency } from '../async';
import { chunk } from '../domain';
import type { ItemResults } from '../n8n/itemResults';
import {
	findProfiles,
	identifierKey,
	PROFILE_READ_BATCH,
	PROFILE_READ_CONCURRENCY,
	type KlaviyoProfile,
	type ProfileIdentifierField,
} from './profiles';
import type { KlaviyoClient } from './transport';

/** An input item that names a person by one or more identifiers, in lookup order. */
export interface PersonReference {
	itemIndex: number;
	identifiers: Array<{ field: ProfileIdentifierField; value: string }>;
}

const LOOKUP_ORDER: ProfileIdentifierField[] = ['email', 'phone_number', 'external_id'];

/**
 * Finds each item's existing profile with as few reads as Klaviyo allows: one `any(...)` read per 100 emails, then
 * the same by phone and by external id for items still unmatched (Klaviyo's profile-import would match on those
 * too). A failed read fails only the items it was for. Returns item index → profile or null.
 *
 * Reads of one field run side by side (the rate gate paces them): one after another, every 429's Retry-After would
 * be paid in turn; side by side, calls held by the same Retry-After wait it out together.
 */
export async function lookUpProfiles(
	client: KlaviyoClient,
	requests: readonly PersonReference[],
	results: ItemResults,
): Promise<Map<number, KlaviyoProfile | null>> {
	const found = new Map<number, KlaviyoProfile | null>();
	let unmatched = [...requests];
	for (const field of LOOKUP_ORDER) {
		// Identifier key → the items naming it (several items may name the same person).
		const byKey = new Map<string, PersonReference[]>();
		for (const request of unmatched) {
			const value = valueOf(request, field);
			if (value === undefined) continue;
			const key = identifierKey(field, value);
			const naming = byKey.get(key);
			if (naming) naming.push(request);
			else byKey.set(key, [request]);
		}
		await mapWithConcurrency(chunk([...byKey.keys()], PROFILE_READ_BATCH), PROFILE_READ_CONCURRENCY, async (batch) => {
			const asking = batch.flatMap((key) => byKey.get(key)!);
			try {
				const profiles = await findProfiles(client, field, batch);
				for (const key of batch) {
					const profile = profiles.get(key);
					if (profile) for (const request of byKey.get(key)!) found.set(request.itemIndex, profile);
				}
			} catch (error) {
				results.failMany(
					asking.map((request) => request.itemIndex),
					error as Error,
				);
			}
		});
		unmatched = unmatched.filter((request) => !found.has(request.itemIndex) && !results.isSettled(request.itemIndex));
	}
	for (const request of unmatched) found.set(request.itemIndex, null);
	return found;
}

function valueOf(request: PersonReference, field: ProfileIdentifierField): string | undefined {
	return request.identifiers.find((identifier) => identifier.field === field)?.value;
}
