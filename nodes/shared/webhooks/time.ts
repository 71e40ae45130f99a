/**
 * Times as platforms send them → ISO 8601 UTC. A time without a zone (Refersion: "2020-02-14 18:48:42") is read in
 * `zone` — an IANA name or a fixed offset like "+02:00" — UTC unless told otherwise.
 */
export function toUtcIso(value: unknown, zone = 'UTC'): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number' && Number.isFinite(value)) {
		// Unix seconds (10 digits) or milliseconds.
		return new Date(value < 1e11 ? value * 1000 : value).toISOString();
	}
	const text = String(value).trim();
	if (/^\d{9,13}$/.test(text)) return toUtcIso(Number(text), zone);
	const local = text.match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/);
	if (local) {
		const [, y, mo, d, h = '0', mi = '0', s = '0'] = local;
		const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
		const time = wall - offsetMinutes(zone, wall) * 60_000;
		return Number.isNaN(time) ? undefined : new Date(time).toISOString();
	}
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

/** Minutes `zone` is ahead of UTC at (about) the wall-clock instant given, via the runtime's time-zone data. */
function offsetMinutes(zone: string, wallClockAsUtc: number): number {
	const fixed = zone.match(/^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/i);
	if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
	if (/^(UTC|GMT|Z)$/i.test(zone)) return 0;
	const offsetAt = (instant: number) => {
		const parts = Object.fromEntries(
			new Intl.DateTimeFormat('en-US', {
				timeZone: zone,
				hourCycle: 'h23',
				year: 'numeric',
				month: '2-digit',
				day: '2-digit',
				hour: '2-digit',
				minute: '2-digit',
				second: '2-digit',
			})
				.formatToParts(new Date(instant))
				.map((part) => [part.type, part.value]),
		);
		const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
		return Math.round((asUtc - instant) / 60_000);
	};
	// The offset at the instant the wall-clock time names: one correction step settles it outside DST gaps.
	const first = offsetAt(wallClockAsUtc);
	return offsetAt(wallClockAsUtc - first * 60_000);
}
