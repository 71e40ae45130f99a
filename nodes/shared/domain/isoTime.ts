/**
 * Strict ISO 8601 timestamps. `Date.parse` is too lenient for data that decides what happens in Klaviyo: it
 * rolls 2026-02-30 over into March and reads a date-time without a zone in the server's local time zone.
 */

const ISO_TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

export interface IsoParseOptions {
	/**
	 * Read a date-time without a zone as UTC. Off by default: an affiliate platform that sends "2020-02-14 18:48:42"
	 * (Refersion does) means its own time zone, which is unknown here.
	 */
	assumeUtc?: boolean;
}

/**
 * Milliseconds since the epoch for an ISO 8601 date (`2026-01-31`, read as UTC midnight) or date-time with `Z` or
 * an offset; undefined for anything else, including impossible dates.
 */
export function parseIsoTimestamp(text: string, options: IsoParseOptions = {}): number | undefined {
	const match = ISO_TIMESTAMP.exec(text.trim());
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second = '0', fraction = '', zone] = match;
	const hasTime = hour !== undefined;
	if (hasTime && zone === undefined && !options.assumeUtc) return undefined;

	const parts = [year, month, day, hour ?? '0', minute ?? '0', second].map(Number);
	const [y, mo, d, h, mi, s] = parts;
	if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
	const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
	const utc = Date.UTC(y, mo - 1, d, h, mi, s, milliseconds);
	return utc - zoneOffsetMinutes(zone) * 60_000;
}

/** ISO 8601 in UTC, truncated to the second, as Klaviyo stores event times. */
export function formatIsoSeconds(epochMilliseconds: number): string {
	return new Date(Math.floor(epochMilliseconds / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function zoneOffsetMinutes(zone: string | undefined): number {
	if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
	const digits = zone.slice(1).replace(':', '');
	const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
	return zone.startsWith('-') ? -minutes : minutes;
}
