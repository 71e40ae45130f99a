/**
 * Times as platforms send them → ISO 8601 UTC.
 *
 * Refersion sends times without a zone ("2020-02-14 18:48:42") and does not document which zone they are in. They
 * are read as UTC unless the caller names the zone (`sourceTimeZone`: an IANA name such as "America/New_York", or a
 * fixed offset such as "+02:00"), because UTC is what a server-side export most likely uses and, unlike the n8n
 * host's own zone, it does not change with where n8n runs. The conversion uses the runtime's zone data through
 * `Intl.DateTimeFormat`, so daylight saving time is applied for the date in question.
 */

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
const FIXED_OFFSET = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;
const UTC_NAMES = /^(?:UTC|GMT|Z|Etc\/UTC|Etc\/GMT)$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
	if (!formatters.has(zone)) {
		try {
			const formatter = new Intl.DateTimeFormat('en-US', {
				timeZone: zone,
				hourCycle: 'h23',
				year: 'numeric',
				month: 'numeric',
				day: 'numeric',
				hour: 'numeric',
				minute: 'numeric',
				second: 'numeric',
			});
			formatters.set(zone, formatter);
		} catch {
			return undefined;
		}
	}
	return formatters.get(zone);
}

/** Whether `zone` can be used as `sourceTimeZone`: UTC, a fixed offset up to ±14:00, or an IANA zone the runtime knows. */
export function isSupportedTimeZone(zone: string): boolean {
	const trimmed = zone.trim();
	if (UTC_NAMES.test(trimmed)) return true;
	const fixed = FIXED_OFFSET.exec(trimmed);
	if (fixed) return Number(fixed[2]) * 60 + Number(fixed[3] ?? 0) <= 14 * 60 && Number(fixed[3] ?? 0) < 60;
	return formatterFor(trimmed) !== undefined;
}

/** Date.UTC without its legacy reading of years 0–99 as 1900–1999 ("0001-01-01" must not become 1901). */
function utcMs(year: number, monthIndex: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
	return new Date(Date.UTC(2000, 0, 1, hour, minute, second, ms)).setUTCFullYear(year, monthIndex, day);
}

/** Minutes the zone is ahead of UTC at a UTC instant; undefined for a zone the runtime does not know. */
function offsetAt(zone: string, instant: number): number | undefined {
	const formatter = formatterFor(zone);
	if (!formatter) return undefined;
	const part: Record<string, number> = {};
	for (const { type, value } of formatter.formatToParts(new Date(instant))) part[type] = Number(value);
	const wall = utcMs(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
	return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * Minutes `zone` is ahead of UTC for a wall-clock time (given as if it were UTC). The offset at the instant that
 * wall time names is found in two steps; 0 for UTC and for a zone that is not supported (see isSupportedTimeZone).
 */
function zoneOffsetMinutes(zone: string, wallClockAsUtc: number): number {
	const trimmed = zone.trim();
	if (trimmed === '' || UTC_NAMES.test(trimmed)) return 0;
	const fixed = FIXED_OFFSET.exec(trimmed);
	if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
	const guess = offsetAt(trimmed, wallClockAsUtc);
	if (guess === undefined) return 0;
	return offsetAt(trimmed, wallClockAsUtc - guess * 60_000) ?? guess;
}

const daysInMonth = (year: number, month: number) => new Date(utcMs(year, month, 0)).getUTCDate();

/** Epoch units by size: below 1e11 seconds (up to the year 5138), then milliseconds, microseconds, nanoseconds. */
const EPOCH_UNITS: Array<[below: number, toMs: number]> = [
	[1e11, 1000],
	[1e14, 1],
	[1e17, 1e-3],
	[1e20, 1e-6],
];

/**
 * ISO 8601 as the schema accepts it (four-digit years): a time outside the years 0–9999 is no real event time, and
 * `toISOString` would write it with six digits and a sign.
 */
function isoOf(ms: number): string | undefined {
	const date = new Date(ms);
	const year = date.getUTCFullYear();
	return Number.isNaN(date.getTime()) || year < 0 || year > 9999 ? undefined : date.toISOString();
}

/**
 * ISO 8601 UTC (`2020-02-14T18:48:42.000Z`) for a platform's time: unix seconds, milliseconds, microseconds or
 * nanoseconds (number or digits), a date-time with a zone, or a zone-less date-time read in `zone`. Undefined when
 * absent or not a real time (never a string the event schema would refuse).
 */
export function toUtcIso(value: unknown, zone = 'UTC'): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || value <= 0) return undefined;
		const unit = EPOCH_UNITS.find(([below]) => value < below);
		return unit ? isoOf(Math.round(value * unit[1])) : undefined;
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d{9,19}$/.test(text)) return toUtcIso(Number(text), zone);
	const local = LOCAL_TIME.exec(text);
	if (local) {
		const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = ''] = local;
		const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
		if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
			return undefined;
		}
		const wall = utcMs(year, month - 1, day, hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
		return isoOf(wall - zoneOffsetMinutes(zone, wall) * 60_000);
	}
	// With an explicit zone (Z or an offset) the text says which instant it is.
	if (!/\d{2}:\d{2}/.test(text) || !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined;
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? undefined : isoOf(parsed);
}
