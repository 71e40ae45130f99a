import {
	addMoney,
	currencyDecimals,
	formatIsoSeconds,
	parseIsoTimestamp,
	toMinorUnits,
} from '../../../nodes/shared/domain';

describe('parseIsoTimestamp', () => {
	test.each<[behaviour: string, text: string, iso: string]>([
		['reads Z as UTC', '2026-01-31T12:00:00Z', '2026-01-31T12:00:00.000Z'],
		['applies a positive offset', '2026-01-31T12:00:00+02:00', '2026-01-31T10:00:00.000Z'],
		['applies a negative offset without a colon', '2026-01-31T12:00:00-0530', '2026-01-31T17:30:00.000Z'],
		['accepts a space instead of T', '2026-01-31 12:00Z', '2026-01-31T12:00:00.000Z'],
		['keeps milliseconds of a longer fraction', '2026-01-31T12:00:00.123456Z', '2026-01-31T12:00:00.123Z'],
		['reads a date alone as UTC midnight', '2026-01-31', '2026-01-31T00:00:00.000Z'],
		['accepts 29 February of a leap year', '2028-02-29', '2028-02-29T00:00:00.000Z'],
	])('%s', (_, text, iso) => {
		expect(new Date(parseIsoTimestamp(text) ?? Number.NaN).toISOString()).toBe(iso);
	});

	test.each<[behaviour: string, text: string]>([
		['a date-time without a zone', '2026-01-31T12:00:00'],
		['30 February', '2026-02-30'],
		['29 February of a common year', '2026-02-29'],
		['hour 24', '2026-01-31T24:00:00Z'],
		['free text', 'last Tuesday'],
	])('rejects %s', (_, text) => {
		expect(parseIsoTimestamp(text)).toBeUndefined();
	});

	test('reads a date-time without a zone as UTC when asked to', () => {
		expect(parseIsoTimestamp('2026-01-31T12:00:00', { assumeUtc: true })).toBe(Date.UTC(2026, 0, 31, 12));
	});

	test('formatIsoSeconds truncates to the second', () => {
		expect(formatIsoSeconds(Date.UTC(2026, 0, 31, 12, 0, 0, 999))).toBe('2026-01-31T12:00:00Z');
	});
});

describe('money', () => {
	test.each<[code: string, decimals: number]>([
		['USD', 2],
		['jpy', 0],
		['KWD', 3],
		['not a code', 2],
	])('currencyDecimals(%j) is %i', (code, decimals) => {
		expect(currencyDecimals(code)).toBe(decimals);
	});

	test.each<[amount: number, decimals: number, minor: number]>([
		[1.005, 2, 101],
		[-1.005, 2, -101],
		[1e-7, 2, 0],
		[123456.785, 2, 12345679],
	])('toMinorUnits(%d, %i) is %i', (amount, decimals, minor) => {
		expect(toMinorUnits(amount, decimals)).toBe(minor);
	});

	test('addMoney sums without floating-point drift', () => {
		expect(addMoney([0.1, 0.2, 0.3], 2)).toBe(0.6);
	});
});
