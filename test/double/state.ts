import { clock } from './clock';
import { IdFactory } from './ids';
import { ChannelConsent, DoubleState, StateEvent, StateJob, StateList, StateProfile } from './types';

export type IdentifierKey = 'email' | 'phone_number' | 'external_id' | '_kx' | 'anonymous_id';
export const IDENTIFIER_KEYS: IdentifierKey[] = ['email', 'phone_number', 'external_id', '_kx', 'anonymous_id'];

/** A job plus what it needs to run when its simulated processing time is over. */
export interface StoredJob extends StateJob {
	payload: unknown;
}

interface StoreData {
	profiles: Map<string, StateProfile>;
	/** identifier key → normalized value → profile id; identifiers are unique across profiles. */
	index: Record<IdentifierKey, Map<string, string>>;
	lists: Map<string, StateList>;
	events: StateEvent[];
	eventKeys: Set<string>;
	jobs: Map<string, StoredJob>;
}

export const ACCOUNT = { id: 'KdBl01', organization_name: 'Klaviyo Double Test Account', public_api_key: 'KdBl01' };

/** Lists every fresh double starts with: ids are fixed so tests and the sandbox can name them. */
export const DEFAULT_LISTS: Array<Pick<StateList, 'id' | 'name' | 'opt_in_process'>> = [
	{ id: 'Xk3Nws', name: 'Newsletter', opt_in_process: 'single_opt_in' },
	{ id: 'Dbl9Af', name: 'Affiliates Confirmed', opt_in_process: 'double_opt_in' },
	{ id: 'Vp7Ref', name: 'VIP Referrers', opt_in_process: 'single_opt_in' },
];

export function neverSubscribed(): ChannelConsent {
	return { consent: 'NEVER_SUBSCRIBED', consented_at: null, method: null, method_detail: null, double_optin: null, historical_import: false, last_updated: null };
}

function emptyData(): StoreData {
	return {
		profiles: new Map(),
		index: { email: new Map(), phone_number: new Map(), external_id: new Map(), _kx: new Map(), anonymous_id: new Map() },
		lists: new Map(),
		events: [],
		eventKeys: new Set(),
		jobs: new Map(),
	};
}

/** Emails match case-insensitively (Klaviyo stores them lowercased); other identifiers match exactly. */
export function normalizeIdentifier(key: IdentifierKey, value: string): string {
	return key === 'email' ? value.trim().toLowerCase() : value.trim();
}

/** Everything the double remembers. Handlers receive it through their context, so a dry run can use a copy. */
export class Store {
	private data: StoreData = emptyData();

	constructor(readonly ids = new IdFactory()) {}

	/** A deep copy for dry runs (the truncated-JSON fault answers without changing state). */
	clone(): Store {
		const copy = new Store(this.ids.fork());
		copy.data = structuredClone(this.data);
		return copy;
	}

	clear(seedLists: boolean): void {
		this.data = emptyData();
		if (seedLists) for (const list of DEFAULT_LISTS) this.addList(list.name, list.opt_in_process, list.id);
	}

	// Profiles

	profile(id: string): StateProfile | undefined {
		return this.data.profiles.get(id);
	}

	profiles(): StateProfile[] {
		return [...this.data.profiles.values()];
	}

	profileCount(): number {
		return this.data.profiles.size;
	}

	createProfile(id?: string): StateProfile {
		const now = clock.iso();
		const profile: StateProfile = {
			id: id ?? this.ids.ulid(),
			attributes: {
				email: null, phone_number: null, external_id: null, first_name: null, last_name: null, organization: null,
				locale: null, title: null, image: null, location: {}, properties: {},
			},
			hidden_identifiers: { _kx: null, anonymous_id: null },
			created: now,
			updated: now,
			last_event_date: null,
			subscriptions: {
				email: { marketing: neverSubscribed() },
				sms: { marketing: neverSubscribed(), transactional: neverSubscribed() },
				email_suppressions: [],
				email_list_suppressions: [],
			},
		};
		this.data.profiles.set(profile.id, profile);
		return profile;
	}

	findByIdentifier(key: IdentifierKey, value: string): StateProfile | undefined {
		const id = this.data.index[key].get(normalizeIdentifier(key, value));
		return id ? this.data.profiles.get(id) : undefined;
	}

	identifierOf(profile: StateProfile, key: IdentifierKey): string | null {
		return key === '_kx' || key === 'anonymous_id' ? profile.hidden_identifiers[key] : profile.attributes[key];
	}

	/** Sets or clears an identifier and keeps the index in step. Callers check uniqueness first. */
	setIdentifier(profile: StateProfile, key: IdentifierKey, value: string | null): void {
		const previous = this.identifierOf(profile, key);
		if (previous !== null) this.data.index[key].delete(normalizeIdentifier(key, previous));
		const stored = value === null ? null : key === 'email' ? normalizeIdentifier(key, value) : value;
		if (key === '_kx' || key === 'anonymous_id') profile.hidden_identifiers[key] = stored;
		else profile.attributes[key] = stored;
		if (stored !== null) this.data.index[key].set(normalizeIdentifier(key, stored), profile.id);
	}

	// Lists

	list(id: string): StateList | undefined {
		return this.data.lists.get(id);
	}

	lists(): StateList[] {
		return [...this.data.lists.values()];
	}

	addList(name: string, optIn: StateList['opt_in_process'], id?: string): StateList {
		const now = clock.iso();
		const list: StateList = { id: id ?? this.ids.shortId(), name, opt_in_process: optIn, created: now, updated: now, members: [], pending: [] };
		this.data.lists.set(list.id, list);
		return list;
	}

	addMember(list: StateList, profileId: string): void {
		if (!list.members.includes(profileId)) list.members.push(profileId);
	}

	removeMember(list: StateList, profileId: string): void {
		list.members = list.members.filter((id) => id !== profileId);
	}

	listsOf(profileId: string): StateList[] {
		return this.lists().filter((list) => list.members.includes(profileId));
	}

	// Events

	/** Records an event unless (profile, metric, unique_id) was seen before; returns whether it was stored. */
	recordEvent(event: Omit<StateEvent, 'id'>): boolean {
		const key = JSON.stringify([event.profile_id, event.metric, event.unique_id]);
		if (this.data.eventKeys.has(key)) return false;
		this.data.eventKeys.add(key);
		this.data.events.push({ id: this.ids.ulid(), ...event });
		return true;
	}

	// Jobs

	addJob(job: StoredJob): void {
		this.data.jobs.set(job.id, job);
	}

	job(id: string): StoredJob | undefined {
		return this.data.jobs.get(id);
	}

	/** Runs every job whose simulated processing time is over (oldest first), via the processor for its type. */
	settle(now: number, processors: Partial<Record<StateJob['type'], (store: Store, job: StoredJob) => void>>): void {
		for (const job of this.data.jobs.values()) {
			if (job.status === 'complete' || job.status === 'cancelled' || now < Date.parse(job.due_at)) continue;
			processors[job.type]?.(this, job);
			job.status = 'complete';
			job.completed_at = new Date(Math.max(now, Date.parse(job.due_at))).toISOString();
		}
	}

	/** The job's status as a reader sees it: queued for the first third of its time, then processing. */
	jobStatus(job: StateJob, now: number): StateJob['status'] {
		if (job.status === 'complete' || job.status === 'cancelled') return job.status;
		const created = Date.parse(job.created_at);
		return now < created + (Date.parse(job.due_at) - created) / 3 ? 'queued' : 'processing';
	}

	snapshot(now: number): DoubleState {
		const jobs = [...this.data.jobs.values()].map(({ payload: _payload, ...job }) => ({ ...job, status: this.jobStatus(job, now) }));
		return structuredClone({ account: ACCOUNT, profiles: this.profiles(), lists: this.lists(), events: this.data.events, jobs });
	}
}
