import { clock } from './clock';
import { applyProfileInput, resolveProfile } from './profileModel';
import { Store } from './state';
import { SeedData, SubscriptionChannel } from './types';

/**
 * Puts lists and profiles in place for a test. Seeds skip Klaviyo's input checks on purpose (old profiles can hold
 * non-E.164 phone numbers, klaviyo-api-python#48), but identifiers must still be unique across profiles.
 */
export function applySeed(store: Store, data: SeedData): void {
	for (const seed of data.lists ?? []) {
		const existing = seed.id ? store.list(seed.id) : undefined;
		if (existing) {
			existing.name = seed.name;
			existing.opt_in_process = seed.opt_in_process ?? existing.opt_in_process;
		} else {
			store.addList(seed.name, seed.opt_in_process ?? 'single_opt_in', seed.id);
		}
	}
	for (const seed of data.profiles ?? []) {
		const attributes = seed.attributes ?? {};
		const byId = seed.id ? store.profile(seed.id) : undefined;
		const resolution = resolveProfile(store, byId?.id, attributes);
		if (resolution.kind === 'conflict' || (seed.id && resolution.kind === 'update' && resolution.profile.id !== seed.id)) {
			throw new Error(`Seed profile ${seed.id ?? JSON.stringify(attributes)} reuses an identifier of another profile`);
		}
		const profile = byId ?? (resolution.kind === 'update' ? resolution.profile : store.createProfile(seed.id));
		applyProfileInput(store, profile, attributes, null, 'null-clears');
		for (const listId of seed.lists ?? []) {
			const list = store.list(listId);
			if (!list) throw new Error(`Seed profile ${profile.id} names unknown list ${listId}`);
			store.addMember(list, profile.id);
		}
		for (const [channel, consent] of Object.entries(seed.subscriptions ?? {}) as Array<[SubscriptionChannel, string]>) {
			const s = profile.subscriptions;
			const target = channel === 'email.marketing' ? s.email.marketing : channel === 'sms.marketing' ? s.sms.marketing : s.sms.transactional;
			Object.assign(target, {
				consent,
				consented_at: consent === 'SUBSCRIBED' ? clock.iso() : null,
				method: 'SEED',
				last_updated: clock.iso(),
			});
			if (channel === 'email.marketing' && consent === 'UNSUBSCRIBED') s.email_suppressions.push({ reason: 'UNSUBSCRIBE', timestamp: clock.iso() });
		}
	}
}
