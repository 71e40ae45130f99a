import fc from 'fast-check';

import { toFiniteNumber } from '../../../nodes/shared/domain/values';
import { describeGrowth, grewLinearly, growthAttempts } from '../webhooks/growth';

/**
 * Issue 20: toFiniteNumber's pattern backtracked quadratically on a long run of digits followed by anything else.
 * The linear one must read every text exactly as the old one did; the old code is kept here as the oracle.
 */
function oldToFiniteNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(value)) return Number(value);
	return undefined;
}

const character = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...'0123456789') },
	{ weight: 3, arbitrary: fc.constantFrom('.', ',', '+', '-') },
	{ weight: 2, arbitrary: fc.constantFrom(' ', '\t', '\n', '\u00a0', '\ufeff') },
	{ weight: 1, arbitrary: fc.constantFrom(...'aeEx') },
);

describe('toFiniteNumber reads every value exactly as before', () => {
	test('on random text of digits, points, commas, signs, blanks and letters', () => {
		fc.assert(
			fc.property(fc.string({ unit: character, maxLength: 60 }), (text) => {
				expect(toFiniteNumber(text)).toBe(oldToFiniteNumber(text));
			}),
			{ numRuns: 5000 },
		);
	});

	test.each<[string, unknown]>([
		['a plain decimal', '59.00'],
		['blanks around', ' \t59.5\n'],
		['a point alone', '.'],
		['a trailing point', '5.'],
		['a leading point', '.5'],
		['a sign alone', '-'],
		['an exponent', '1e3'],
		['a thousands comma', '1,234'],
		['400 nines (beyond the largest number)', '9'.repeat(400)],
		['a number', 12.5],
		['NaN', Number.NaN],
		['a boolean', true],
	])('on %s', (_, value) => {
		expect(toFiniteNumber(value)).toBe(oldToFiniteNumber(value));
	});

	test('refuses a long run of digits followed by a letter in time linear in its length', () => {
		const run = (digits: number) => () => toFiniteNumber(`${'1'.repeat(digits)}x`);
		// The old pattern took 0.9 s for 20,000 digits, four times as long for twice as many.
		// LINEAR_TIME_KB sets the length (as in linearTime.test.ts): a small one lets the old pattern fail in seconds.
		const digits = Number(process.env.LINEAR_TIME_KB ?? 256) * 1024;
		const attempts = growthAttempts(run(digits), run(2 * digits));
		if (!grewLinearly(attempts[attempts.length - 1])) throw new Error(`twice the digits took ${attempts.map(describeGrowth).join('; then ')}`);
	});
});
