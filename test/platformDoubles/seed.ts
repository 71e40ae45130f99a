/**
 * Deterministic affiliates for the doubles: the same index always gives the same person, so tests and the sandbox
 * can name them. Every fifth one is not approved (pending / disabled), the rest are.
 */
export interface SeedPerson {
	index: number;
	firstName: string;
	lastName: string;
	email: string;
	code: string;
	approved: boolean;
	createdAt: string;
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Niklaus'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Perlman', 'Wirth'];

/** Created an hour apart, ending a day before `now`: old enough that "updated since the last run" skips them. */
export function seedPeople(count: number, now: number = Date.now(), prefix = 'aff'): SeedPerson[] {
	return Array.from({ length: count }, (_, index) => {
		const firstName = FIRST[index % FIRST.length];
		const lastName = LAST[Math.floor(index / FIRST.length) % LAST.length];
		return {
			index,
			firstName,
			lastName,
			email: `${prefix}${index}.${firstName.toLowerCase()}@example.com`,
			code: `${firstName.toLowerCase()}${index}`,
			approved: index % 5 !== 4,
			createdAt: new Date(now - 86_400_000 - (count - index) * 3_600_000).toISOString(),
		};
	});
}

export interface SeedReferral {
	index: number;
	email: string;
	firstName: string;
	lastName: string;
	/** Every third referral is still a lead; the others converted. */
	converted: boolean;
	createdAt: string;
	convertedAt: string | null;
}

/** Referred customers, an hour apart like the affiliates, ending a day before `now`. */
export function seedReferrals(count: number, now: number = Date.now()): SeedReferral[] {
	return Array.from({ length: count }, (_, index) => {
		const createdAt = now - 86_400_000 - (count - index) * 3_600_000;
		const converted = index % 3 !== 2;
		return {
			index,
			email: `customer${index}@example.net`,
			firstName: FIRST[(index + 3) % FIRST.length],
			lastName: LAST[(index + 7) % LAST.length],
			converted,
			createdAt: new Date(createdAt).toISOString(),
			convertedAt: converted ? new Date(createdAt + 1_800_000).toISOString() : null,
		};
	});
}
