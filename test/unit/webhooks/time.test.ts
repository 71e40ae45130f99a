import { isSupportedTimeZone, toUtcIso } from '../../../nodes/shared/webhooks/time';

/**
 * Platform times → ISO 8601 UTC. Refersion sends zone-less times ("2020-02-14 18:48:42", facts file 1.4); they are
 * read as UTC unless a zone is named. The DST dates are the US rules for 2026: clocks go forward on 8 March at
 * 02:00 EST (07:00 UTC) and back on 1 November at 02:00 EDT (06:00 UTC).
 */

describe('zone-less times', () => {
	test.each<[behaviour: string, text: string, zone: string | undefined, expected: string]>([
		['are UTC by default', '2020-02-14 18:48:42', undefined, '2020-02-14T18:48:42.000Z'],
		['are UTC when the zone is UTC', '2020-02-14 18:48:42', 'UTC', '2020-02-14T18:48:42.000Z'],
		['may use a T between date and time', '2020-02-14T18:48:42', 'UTC', '2020-02-14T18:48:42.000Z'],
		['keep milliseconds', '2020-02-14 18:48:42.25', 'UTC', '2020-02-14T18:48:42.250Z'],
		['may leave out the seconds', '2020-02-14 18:48', 'UTC', '2020-02-14T18:48:00.000Z'],
		['may be a date alone, at midnight', '2020-02-14', 'UTC', '2020-02-14T00:00:00.000Z'],
		['in New York in February are EST (UTC−5)', '2020-02-14 18:48:42', 'America/New_York', '2020-02-14T23:48:42.000Z'],
		['in New York in July are EDT (UTC−4)', '2020-07-14 18:48:42', 'America/New_York', '2020-07-14T22:48:42.000Z'],
		['in New York cross midnight into the next UTC day', '2020-12-31 21:30:00', 'America/New_York', '2021-01-01T02:30:00.000Z'],
		['at +02:00 are two hours ahead', '2020-02-14 18:48:42', '+02:00', '2020-02-14T16:48:42.000Z'],
		['at +0200 are two hours ahead', '2020-02-14 18:48:42', '+0200', '2020-02-14T16:48:42.000Z'],
		['at UTC+2 are two hours ahead', '2020-02-14 18:48:42', 'UTC+2', '2020-02-14T16:48:42.000Z'],
		['at -05:30 are five and a half hours behind', '2020-02-14 18:48:42', '-05:30', '2020-02-15T00:18:42.000Z'],
		['at +05:45 (Nepal) are 5 h 45 min ahead', '2020-02-14 18:48:42', '+05:45', '2020-02-14T13:03:42.000Z'],
		['in Asia/Kolkata are 5 h 30 min ahead all year', '2020-07-14 18:48:42', 'Asia/Kolkata', '2020-07-14T13:18:42.000Z'],
		['in Europe/Berlin in summer are CEST (UTC+2)', '2020-07-14 18:48:42', 'Europe/Berlin', '2020-07-14T16:48:42.000Z'],
	])('%s', (_, text, zone, expected) => {
		expect(toUtcIso(text, zone)).toBe(expected);
	});
});

describe('daylight saving time edges in America/New_York', () => {
	test.each<[behaviour: string, text: string, expected: string]>([
		['the last minute of EST before spring-forward', '2026-03-08 01:59:00', '2026-03-08T06:59:00.000Z'],
		['the first minute of EDT after spring-forward', '2026-03-08 03:00:00', '2026-03-08T07:00:00.000Z'],
		['later on the spring-forward day', '2026-03-08 12:00:00', '2026-03-08T16:00:00.000Z'],
		['the day before spring-forward', '2026-03-07 12:00:00', '2026-03-07T17:00:00.000Z'],
		['before the repeated hour in November', '2026-11-01 00:59:00', '2026-11-01T04:59:00.000Z'],
		['the first minute after the repeated hour', '2026-11-01 02:00:00', '2026-11-01T07:00:00.000Z'],
		['later on the fall-back day', '2026-11-01 12:00:00', '2026-11-01T17:00:00.000Z'],
		['the day after fall-back', '2026-11-02 12:00:00', '2026-11-02T17:00:00.000Z'],
	])('%s', (_, text, expected) => {
		expect(toUtcIso(text, 'America/New_York')).toBe(expected);
	});

	test('a time in the repeated hour is one of its two instants', () => {
		expect(['2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z']).toContain(toUtcIso('2026-11-01 01:30:00', 'America/New_York'));
	});

	test('a time in the skipped hour lands next to it, not elsewhere', () => {
		expect(['2026-03-08T06:30:00.000Z', '2026-03-08T07:30:00.000Z']).toContain(toUtcIso('2026-03-08 02:30:00', 'America/New_York'));
	});
});

describe('times that say which instant they are', () => {
	test.each<[behaviour: string, value: unknown, expected: string]>([
		['unix seconds as a number', 1614265330, '2021-02-25T15:02:10.000Z'],
		['unix seconds as digits', '1614265330', '2021-02-25T15:02:10.000Z'],
		['unix milliseconds as a number', 1614265330123, '2021-02-25T15:02:10.123Z'],
		['unix milliseconds as digits', '1614265330123', '2021-02-25T15:02:10.123Z'],
		['ISO with Z', '2020-02-14T18:48:42Z', '2020-02-14T18:48:42.000Z'],
		['ISO with milliseconds and Z', '2020-02-14T18:48:42.123Z', '2020-02-14T18:48:42.123Z'],
		['ISO with an offset', '2020-02-14T18:48:42+02:00', '2020-02-14T16:48:42.000Z'],
		['ISO with a negative offset', '2020-02-14T18:48:42-05:00', '2020-02-14T23:48:42.000Z'],
	])('%s', (_, value, expected) => {
		expect(toUtcIso(value)).toBe(expected);
	});

	test.each(['America/New_York', '+02:00'])('ignore sourceTimeZone %s', (zone) => {
		expect(toUtcIso('2020-02-14T18:48:42Z', zone)).toBe('2020-02-14T18:48:42.000Z');
		expect(toUtcIso(1614265330, zone)).toBe('2021-02-25T15:02:10.000Z');
	});
});

describe('input that is not a time', () => {
	test.each<[behaviour: string, value: unknown]>([
		['undefined', undefined],
		['null', null],
		['an empty string', ''],
		['blank text', '   '],
		['words', 'yesterday'],
		['a 30th of February', '2020-02-30 10:00:00'],
		['a 13th month', '2020-13-01 10:00:00'],
		['hour 24', '2020-02-14 24:00:00'],
		['minute 60', '2020-02-14 18:60:00'],
		['a date in another order', '14/02/2020 18:48:42'],
		['NaN', Number.NaN],
		['Infinity', Number.POSITIVE_INFINITY],
		['zero', 0],
		['a negative number', -1614265330],
		['a boolean', true],
		['an object', { seconds: 1614265330 }],
		['a Date-like string without a zone that JS would read in local time', 'Feb 14 2020 18:48:42'],
	])('%s → undefined', (_, value) => {
		expect(toUtcIso(value)).toBeUndefined();
	});
});

describe('isSupportedTimeZone', () => {
	test.each<[zone: string, supported: boolean]>([
		['UTC', true],
		['Etc/UTC', true],
		['America/New_York', true],
		['+02:00', true],
		['-14:00', true],
		['+14:01', false],
		['+02:60', false],
		['Mars/Olympus_Mons', false],
	])('%s → %s', (zone, supported) => {
		expect(isSupportedTimeZone(zone)).toBe(supported);
	});
});

describe('years before 100', () => {
	// Date.UTC reads years 0–99 as 1900–1999; a zone-less "0001-01-01" must not silently become 1901.
	test.each<[text: string, zone: string, expected: string]>([
		['0001-01-01 00:00:00', 'UTC', '0001-01-01T00:00:00.000Z'],
		['0099-12-31 23:59:59', 'UTC', '0099-12-31T23:59:59.000Z'],
		['0050-06-01 12:00:00', '+02:00', '0050-06-01T10:00:00.000Z'],
	])('%s in %s is %s', (text, zone, expected) => {
		expect(toUtcIso(text, zone)).toBe(expected);
	});

	test('a 29th of February follows the real year’s leap rule (year 100 had none)', () => {
		expect(toUtcIso('0004-02-29 00:00:00')).toBe('0004-02-29T00:00:00.000Z');
		expect(toUtcIso('0100-02-29 00:00:00')).toBeUndefined();
	});
});
