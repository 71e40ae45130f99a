/**
 * The lists of the replay store (replayStore.ts), one string each: every entry is `,` + a 16-character key + the
 * expiry (unix seconds, base 36, 7 characters), in the order added. `,` appears in neither alphabet, so a search for
 * `,key` can only match at an entry's start. Every key is in a list at most once; the front holds the oldest entry,
 * so expiry and the cap only ever cut the front.
 */

export const KEY_LENGTH = 16;
export const EXPIRY_LENGTH = 7;
export const ENTRY_LENGTH = 1 + KEY_LENGTH + EXPIRY_LENGTH;

const isKeyChar = (code: number) =>
	(code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45 || code === 95;
const isExpiryChar = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122);

/** Every entry well formed: one pass over the characters (a regular expression repeated per entry overflows V8's stack). */
export function isWellFormed(list: string): boolean {
	if (list.length % ENTRY_LENGTH !== 0) return false;
	for (let start = 0; start < list.length; start += ENTRY_LENGTH) {
		if (list.charCodeAt(start) !== 44) return false;
		for (let at = start + 1; at <= start + KEY_LENGTH; at++) if (!isKeyChar(list.charCodeAt(at))) return false;
		for (let at = start + 1 + KEY_LENGTH; at < start + ENTRY_LENGTH; at++) if (!isExpiryChar(list.charCodeAt(at))) return false;
	}
	return true;
}

/** The latest expiry 7 base-36 digits hold (the year 4453): a longer replay window is kept until then. */
const LATEST_EXPIRY = 36 ** EXPIRY_LENGTH - 1;
/** Rounded up: an id is never forgotten before its window ends. */
const storedExpiry = (expiry: number) => (Number.isNaN(expiry) ? 0 : Math.min(LATEST_EXPIRY, Math.max(0, Math.ceil(expiry))));
export const entry = (key: string, expiry: number) => `,${key}${storedExpiry(expiry).toString(36).padStart(EXPIRY_LENGTH, '0')}`;
const expiryAt = (list: string, index: number) => parseInt(list.slice(index + 1 + KEY_LENGTH, index + ENTRY_LENGTH), 36);
const indexOfKey = (list: string, key: string) => list.indexOf(`,${key}`);

/**
 * The four things done to a list. A list searched as text costs one pass per step: the cheapest for the one id of
 * most deliveries. A Refersion payment carries one event per affiliate, tens of thousands in a signed body of a
 * megabyte, and one pass each over a list of 117 KB made such a delivery take seconds: for several ids the list is
 * read once into a Ledger, each step then costs the same whatever the list's length, and it is written back once.
 */
export interface EntryList {
	/** Cuts the expired entries at the front. (After a change of TTL an expired entry may sit behind a live one: it is
	 * never taken for live, and goes when it reaches the front.) */
	cutExpired(nowSeconds: number): void;
	isLive(key: string, nowSeconds: number): boolean;
	remove(key: string): void;
	/** Adds (or renews, moving it to the back) an id until `expiry`, then cuts the oldest past the cap. */
	add(key: string, expiry: number, maxEntries: number): void;
	/** The list as stored: the same string when nothing changed. */
	text(): string;
}

export class TextList implements EntryList {
	constructor(private list: string) {}

	cutExpired(nowSeconds: number): void {
		let cut = 0;
		while (cut < this.list.length && expiryAt(this.list, cut) <= nowSeconds) cut += ENTRY_LENGTH;
		if (cut > 0) this.list = this.list.slice(cut);
	}

	isLive(key: string, nowSeconds: number): boolean {
		const index = indexOfKey(this.list, key);
		return index >= 0 && expiryAt(this.list, index) > nowSeconds;
	}

	remove(key: string): void {
		const index = indexOfKey(this.list, key);
		if (index >= 0) this.list = this.list.slice(0, index) + this.list.slice(index + ENTRY_LENGTH);
	}

	add(key: string, expiry: number, maxEntries: number): void {
		this.remove(key);
		const added = this.list + entry(key, expiry);
		const over = added.length / ENTRY_LENGTH - maxEntries;
		this.list = over > 0 ? added.slice(over * ENTRY_LENGTH) : added;
	}

	text(): string {
		return this.list;
	}
}

/** The entries in arrays, a map from key to position; a removed entry leaves a hole (''), the front moves past it. */
export class Ledger implements EntryList {
	private readonly keys: string[] = [];
	private readonly expiries: number[] = [];
	private readonly positions = new Map<string, number>();
	private front = 0;
	private count = 0;
	private changed = false;

	private constructor(private readonly original: string) {}

	/** Undefined when a key repeats: this module never writes such a list, and a TextList reads it as text would. */
	static read(list: string): Ledger | undefined {
		const ledger = new Ledger(list);
		for (let index = 0; index < list.length; index += ENTRY_LENGTH) {
			const key = list.slice(index + 1, index + 1 + KEY_LENGTH);
			if (ledger.positions.has(key)) return undefined;
			ledger.append(key, expiryAt(list, index));
		}
		ledger.changed = false;
		return ledger;
	}

	private append(key: string, expiry: number): void {
		this.positions.set(key, this.keys.length);
		this.keys.push(key);
		this.expiries.push(expiry);
		this.count++;
		this.changed = true;
	}

	private drop(position: number): void {
		this.positions.delete(this.keys[position]);
		this.keys[position] = '';
		this.count--;
		this.changed = true;
	}

	private frontPosition(): number {
		while (this.keys[this.front] === '') this.front++;
		return this.front;
	}

	cutExpired(nowSeconds: number): void {
		while (this.count > 0 && this.expiries[this.frontPosition()] <= nowSeconds) this.drop(this.front);
	}

	isLive(key: string, nowSeconds: number): boolean {
		const position = this.positions.get(key);
		return position !== undefined && this.expiries[position] > nowSeconds;
	}

	remove(key: string): void {
		const position = this.positions.get(key);
		if (position !== undefined) this.drop(position);
	}

	add(key: string, expiry: number, maxEntries: number): void {
		this.remove(key);
		this.append(key, storedExpiry(expiry));
		while (this.count > maxEntries) this.drop(this.frontPosition());
	}

	text(): string {
		if (!this.changed) return this.original;
		let list = '';
		for (let position = this.front; position < this.keys.length; position++) {
			if (this.keys[position] !== '') list += entry(this.keys[position], this.expiries[position]);
		}
		return list;
	}
}
