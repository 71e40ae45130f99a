import { chunk } from '../domain';
import type { ItemResults } from '../n8n/itemResults';
import {
	findProfiles,
	identifierKey,
	PROFILE_READ_BATCH,
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
 */
export async function lookUpProfiles(
	client: KlaviyoClient,
	requests: readonly PersonReference[],
	results: ItemResults,
): Promise<Map<number, KlaviyoProfile | null>> {
	const found = new Map<number, KlaviyoProfile | null>();
	let unmatched = [...requests];
	for (const field of LOOKUP_ORDER) {
		const withField = unmatched.filter((request) => valueOf(request, field) !== undefined);
		const values = [...new Set(withField.map((request) => identifierKey(field, valueOf(request, field)!)))];
		for (const batch of chunk(values, PROFILE_READ_BATCH)) {
			const inBatch = new Set(batch);
			const asking = withField.filter((request) => inBatch.has(identifierKey(field, valueOf(request, field)!)));
			try {
				const profiles = await findProfiles(client, field, batch);
				for (const request of asking) {
					const profile = profiles.get(identifierKey(field, valueOf(request, field)!));
					if (profile) found.set(request.itemIndex, profile);
				}
			} catch (error) {
				results.failMany(
					asking.map((request) => request.itemIndex),
					error as Error,
				);
			}
		}
		unmatched = unmatched.filter((request) => !found.has(request.itemIndex) && !results.isSettled(request.itemIndex));
	}
	for (const request of unmatched) found.set(request.itemIndex, null);
	return found;
}

function valueOf(request: PersonReference, field: ProfileIdentifierField): string | undefined {
	return request.identifiers.find((identifier) => identifier.field === field)?.value;
}
