import {
	foldReferralTotals,
	planReferralTotals,
	REFERRAL_TOTALS_REASONS,
	type PlanReferralTotalsInput,
	type ReferralTotalsUpdates,
} from '../../../nodes/shared/domain';

const NAMES = {
	count: 'Affiliate Successful Referrals',
	revenue: 'Affiliate Referral Revenue',
	latestDate: 'Affiliate Latest Referral Date',
	countedIds: 'Affiliate Counted Referral IDs',
};

const EXISTING = {
	[NAMES.count]: 4,
	[NAMES.revenue]: 100.1,
	[NAMES.latestDate]: '2026-03-01T10:00:00Z',
	[NAMES.countedIds]: ['r-1', 'r-2'],
};

function plan(updates: ReferralTotalsUpdates, extra: Partial<PlanReferralTotalsInput> = {}) {
	return planReferralTotals({ existingProperties: EXISTING, updates, names: NAMES, referralId: 'r-3', ...extra });
}

describe('planReferralTotals: set and add', () => {
	test.each<[behaviour: string, updates: ReferralTotalsUpdates, property: string, value: unknown]>([
		['set writes the source count', { count: { mode: 'set', value: 9 } }, NAMES.count, 9],
		['add adds to the current count', { count: { mode: 'add', value: 1 } }, NAMES.count, 5],
		['set writes the source revenue', { revenue: { mode: 'set', value: 42.5 } }, NAMES.revenue, 42.5],
		['add adds to the current revenue', { revenue: { mode: 'add', value: 0.2 } }, NAMES.revenue, 100.3],
		[
			'set writes the source date, in UTC to the second',
			{ latestDate: { mode: 'set', value: '2026-01-05T12:00:00.750+02:00' } },
			NAMES.latestDate,
			'2026-01-05T10:00:00Z',
		],
		[
			'add keeps the later date when the new one is later',
			{ latestDate: { mode: 'add', value: '2026-04-01T00:00:00Z' } },
			NAMES.latestDate,
			'2026-04-01T00:00:00Z',
		],
		[
			'add keeps the later date when the current one is later',
			{ latestDate: { mode: 'add', value: '2026-01-01T00:00:00Z' } },
			NAMES.latestDate,
			'2026-03-01T10:00:00Z',
		],
	])('%s', (_, updates, property, value) => {
		expect(plan(updates).properties[property]).toEqual(value);
	});

	test.each<[behaviour: string, storedCount: unknown, total: number]>([
		['add starts from 0 when the profile has no count', undefined, 1],
		['add reads a count stored as text', '4', 5],
		['add starts from 0 over a count that is not a number', 'n/a', 1],
	])('%s', (_, storedCount, total) => {
		const existing = { [NAMES.count]: storedCount };
		const result = plan({ count: { mode: 'add', value: 1 } }, { existingProperties: existing });
		expect(result.properties[NAMES.count]).toBe(total);
	});

	test('add takes a date Klaviyo stored without a zone as UTC', () => {
		const existing = { [NAMES.latestDate]: '2026-05-01 08:00:00' };
		const updates: ReferralTotalsUpdates = { latestDate: { mode: 'add', value: '2026-04-01T00:00:00Z' } };
		const result = plan(updates, { existingProperties: existing });
		expect(result.properties[NAMES.latestDate]).toBe('2026-05-01T08:00:00Z');
	});

	test('writes only the totals it was given, plus the counted ids', () => {
		const written = Object.keys(plan({ count: { mode: 'add', value: 1 } }).properties);
		expect(written).toEqual([NAMES.count, NAMES.countedIds]);
	});
});

describe('planReferralTotals: revenue in minor units', () => {
	test.each<[behaviour: string, current: number, added: number, decimals: number | undefined, total: number]>([
		['0.1 + 0.2 is 0.3, not 0.30000000000000004', 0.1, 0.2, undefined, 0.3],
		['rounds half away from zero to cents', 0, 1.005, undefined, 1.01],
		['rounds to whole units for a zero-decimal currency (JPY)', 100, 49.6, 0, 150],
		['keeps three decimals for KWD', 1.0005, 0.001, 3, 1.002],
		['subtracts a refund exactly', 10.1, -0.3, undefined, 9.8],
	])('%s', (_, current, added, decimals, total) => {
		const result = planReferralTotals({
			existingProperties: { [NAMES.revenue]: current },
			updates: { revenue: { mode: 'add', value: added } },
			names: NAMES,
			revenueDecimals: decimals,
		});
		expect(result.properties[NAMES.revenue]).toBe(total);
	});
});

describe('planReferralTotals: replay safety', () => {
	test('a referral id already counted changes nothing', () => {
		const result = plan({ count: { mode: 'add', value: 1 } }, { referralId: 'r-2' });
		const reason = REFERRAL_TOTALS_REASONS.alreadyCounted;
		expect(result).toEqual({ properties: {}, skipped: true, replaySafe: true, reason });
	});

	test('a new referral id is remembered after the earlier ones', () => {
		expect(plan({ count: { mode: 'add', value: 1 } }).properties[NAMES.countedIds]).toEqual(['r-1', 'r-2', 'r-3']);
	});

	test('only the most recent ids are remembered', () => {
		const result = plan({ count: { mode: 'add', value: 1 } }, { maxRememberedIds: 2 });
		expect(result.properties[NAMES.countedIds]).toEqual(['r-2', 'r-3']);
	});

	test('an id pushed out of the remembered list is counted again (the documented limit)', () => {
		const existing = { ...EXISTING, [NAMES.countedIds]: ['r-2', 'r-3'] };
		const result = plan({ count: { mode: 'add', value: 1 } }, { existingProperties: existing, referralId: 'r-1' });
		expect(result.skipped).toBe(false);
	});

	test.each<[behaviour: string, stored: unknown, skipped: boolean]>([
		['reads counted ids stored as a JSON list in text', '["r-3"]', true],
		['reads numeric counted ids as text', [3], false],
		['reads a single id stored as text (not a list) as that one id', 'r-3', true],
		['reads a stored id with surrounding spaces as the trimmed id', ['r-1', ' r-3 '], true],
	])('%s', (_, stored, skipped) => {
		const existing = { [NAMES.countedIds]: stored };
		expect(plan({ count: { mode: 'add', value: 1 } }, { existingProperties: existing }).skipped).toBe(skipped);
	});

	test.each<[behaviour: string, updates: ReferralTotalsUpdates, replaySafe: boolean]>([
		['add to the count without a referral id is not replay-safe', { count: { mode: 'add', value: 1 } }, false],
		['add to the revenue without a referral id is not replay-safe', { revenue: { mode: 'add', value: 5 } }, false],
		['set without a referral id is replay-safe', { count: { mode: 'set', value: 5 } }, true],
		['adding a date without a referral id is safe', { latestDate: { mode: 'add', value: '2026-01-01' } }, true],
	])('%s', (_, updates, replaySafe) => {
		expect(plan(updates, { referralId: undefined }).replaySafe).toBe(replaySafe);
	});

	test('says why an add without a referral id is not replay-safe', () => {
		const result = plan({ count: { mode: 'add', value: 1 } }, { referralId: '  ' });
		expect(result.reason).toBe(REFERRAL_TOTALS_REASONS.notReplaySafe);
	});
});

describe('planReferralTotals: Set applies on a replay, Add does not (issue 14)', () => {
	test('a referral already counted still writes the platform\'s newer Set totals', () => {
		const updates: ReferralTotalsUpdates = {
			count: { mode: 'set', value: 12 },
			revenue: { mode: 'set', value: 480 },
			latestDate: { mode: 'set', value: '2026-06-01T00:00:00Z' },
		};
		const result = plan(updates, { referralId: 'r-2' });
		expect(result.properties).toEqual({ [NAMES.count]: 12, [NAMES.revenue]: 480, [NAMES.latestDate]: '2026-06-01T00:00:00Z' });
		expect(result).toMatchObject({ skipped: true, reason: REFERRAL_TOTALS_REASONS.alreadyCounted });
	});

	test('mixed: the Set count applies, the Add revenue and the later-of-two date are not applied again', () => {
		const updates: ReferralTotalsUpdates = {
			count: { mode: 'set', value: 7 },
			revenue: { mode: 'add', value: 25 },
			latestDate: { mode: 'add', value: '2026-06-01T00:00:00Z' },
		};
		expect(plan(updates, { referralId: 'r-1' }).properties).toEqual({ [NAMES.count]: 7 });
	});
});

describe('planReferralTotals: the counted-ids property stays bounded and keeps its history (issue 14)', () => {
	const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

	test('long ids are bounded by the size of the list, well under Klaviyo\'s 100 KB, newest kept', () => {
		const longIds = Array.from({ length: 200 }, (_, index) => `conversion-${String(index).padStart(4, '0')}-${'x'.repeat(480)}`);
		const existing = { [NAMES.countedIds]: longIds };
		const ids = plan({ count: { mode: 'add', value: 1 } }, { existingProperties: existing, referralId: 'r-new' }).properties[NAMES.countedIds] as string[];
		expect(bytesOf(ids)).toBeLessThanOrEqual(10_000);
		expect(ids[ids.length - 1]).toBe('r-new');
		expect(ids[ids.length - 2]).toBe(longIds[199]);
		expect(ids.length).toBeGreaterThan(15);
	});

	test('the byte bound counts UTF-8 and JSON escapes, and can be set', () => {
		const existing = { [NAMES.countedIds]: Array.from({ length: 50 }, (_, index) => `réf-"${index}"-日本`) };
		const ids = plan({ count: { mode: 'add', value: 1 } }, { existingProperties: existing, maxRememberedBytes: 600 }).properties[NAMES.countedIds];
		expect(bytesOf(ids)).toBeLessThanOrEqual(600);
		expect(bytesOf(ids)).toBeGreaterThan(550);
	});

	test.each<[stored: unknown, remembered: string[]]>([
		['r-9', ['r-9', 'r-3']],
		[42, ['42', 'r-3']],
		['"r-9"', ['r-9', 'r-3']],
		['["r-8","r-9"]', ['r-8', 'r-9', 'r-3']],
	])('a stored value that is not a list (%p) is migrated into the list, not dropped', (stored, remembered) => {
		const existing = { [NAMES.countedIds]: stored };
		expect(plan({ count: { mode: 'add', value: 1 } }, { existingProperties: existing }).properties[NAMES.countedIds]).toEqual(remembered);
	});

	test('a stored list is read as ids: nulls and blanks are none, a repeated id keeps one place, spaces go', () => {
		const existing = { [NAMES.countedIds]: ['r-8', null, '', ' r-9 ', 'r-8', 7] };
		const written = plan({ count: { mode: 'add', value: 1 } }, { existingProperties: existing }).properties[NAMES.countedIds];
		expect(written).toEqual(['r-8', 'r-9', '7', 'r-3']);
	});

	test.each([{ ids: ['r-1'] }, '{"ids":["r-1"]}'])('a stored object (%p) fails with an error naming the property, and is not overwritten', (stored) => {
		const existing = { [NAMES.countedIds]: stored };
		expect(() => plan({ count: { mode: 'add', value: 1 } }, { existingProperties: existing })).toThrow(
			new RangeError(
				`the profile property "${NAMES.countedIds}" holds an object, not a list of counted referral IDs; it was left as it is: clear it or turn it into a list in Klaviyo, or use another property prefix`,
			),
		);
	});

	test('a referral id too long to remember is a mapping mistake', () => {
		expect(() => plan({ count: { mode: 'add', value: 1 } }, { referralId: 'x'.repeat(501) })).toThrow(/referralId must be at most 500 bytes, got 501/);
	});
});

describe('planReferralTotals: invalid input', () => {
	test.each<[behaviour: string, input: Partial<PlanReferralTotalsInput>]>([
		['a fractional count', { updates: { count: { mode: 'add', value: 1.5 } } }],
		['a negative count to set', { updates: { count: { mode: 'set', value: -1 } } }],
		['a revenue that is not finite', { updates: { revenue: { mode: 'add', value: Number.NaN } } }],
		['a date without a zone', { updates: { latestDate: { mode: 'set', value: '2020-02-14 18:48:42' } } }],
		['an impossible date', { updates: { latestDate: { mode: 'set', value: '2026-02-30' } } }],
		['an unknown mode', { updates: { count: { mode: 'increment' as 'add', value: 1 } } }],
		['two totals sharing one property name', { names: { ...NAMES, revenue: NAMES.count } }],
		['a remembered-id limit below 1', { maxRememberedIds: 0 }],
		['a negative number of revenue decimals', { revenueDecimals: -1 }],
	])('rejects %s', (_, input) => {
		expect(() => plan({}, input)).toThrow(RangeError);
	});
});

describe('foldReferralTotals: several referrals for one profile in one batch', () => {
	const fold = (events: Array<{ referralId?: string; updates: ReferralTotalsUpdates }>) =>
		foldReferralTotals({ existingProperties: EXISTING, events, names: NAMES });
	const addOne = (referralId: string, revenue: number, date: string) => ({
		referralId,
		updates: {
			count: { mode: 'add', value: 1 },
			revenue: { mode: 'add', value: revenue },
			latestDate: { mode: 'add', value: date },
		} satisfies ReferralTotalsUpdates,
	});

	test('apply in sequence, each on top of the previous', () => {
		const result = fold([addOne('r-3', 0.1, '2026-04-01T00:00:00Z'), addOne('r-4', 0.2, '2026-03-15T00:00:00Z')]);
		expect(result.properties).toEqual({
			[NAMES.count]: 6,
			[NAMES.revenue]: 100.4,
			[NAMES.latestDate]: '2026-04-01T00:00:00Z',
			[NAMES.countedIds]: ['r-1', 'r-2', 'r-3', 'r-4'],
		});
	});

	test('count a referral id repeated inside the batch once', () => {
		const result = fold([addOne('r-3', 1, '2026-04-01'), addOne('r-3', 1, '2026-04-01')]);
		expect(result.plans.map((p) => p.skipped)).toEqual([false, true]);
	});

	test('leave the existing properties untouched when every referral was already counted', () => {
		expect(fold([addOne('r-1', 1, '2026-04-01')]).properties).toEqual({});
	});
});

describe('planReferralTotals: a referral without an amount (revenue value null, issue 20)', () => {
	const noAmount = (mode: 'add' | 'set'): ReferralTotalsUpdates => ({
		count: { mode: 'add', value: 1 },
		revenue: { mode, value: null },
		latestDate: { mode: 'add', value: '2026-04-01T00:00:00Z' },
	});
	const remembered = 'referral ID "r-3" is now remembered as counted, so a later delivery of it with an amount will be skipped and its revenue not added';

	test.each<[behaviour: string, updates: ReferralTotalsUpdates, written: Record<string, unknown>, warning: string]>([
		[
			'Add counts it, takes its date and remembers its id, leaving the revenue total unchanged',
			noAmount('add'),
			{ [NAMES.count]: 5, [NAMES.latestDate]: '2026-04-01T00:00:00Z', [NAMES.countedIds]: ['r-1', 'r-2', 'r-3'] },
			`the revenue total was left unchanged; the count and the latest date were applied; ${remembered}`,
		],
		[
			'Set does the same; a later Set with the amount still applies, so nothing is said about the id',
			noAmount('set'),
			{ [NAMES.count]: 5, [NAMES.latestDate]: '2026-04-01T00:00:00Z', [NAMES.countedIds]: ['r-1', 'r-2', 'r-3'] },
			'the revenue total was left unchanged; the count and the latest date were applied',
		],
		[
			'the warning names only the totals that were applied',
			{ count: { mode: 'add', value: 1 }, revenue: { mode: 'add', value: null } },
			{ [NAMES.count]: 5, [NAMES.countedIds]: ['r-1', 'r-2', 'r-3'] },
			`the revenue total was left unchanged; the count was applied; ${remembered}`,
		],
	])('%s', (_, updates, written, warning) => {
		const result = plan(updates);
		expect(result.properties).toEqual(written);
		expect(result.warning).toBe(warning);
	});

	test.each<['add' | 'set' | undefined, 'add' | undefined]>([
		[undefined, undefined],
		['set', undefined],
		[undefined, 'add'],
	])('with nothing added (count %s, date %s) the id stays free, so the later delivery with its amount adds it', (countMode, dateMode) => {
		const updates = (value: number | null): ReferralTotalsUpdates => ({
			...(countMode ? { count: { mode: countMode, value: 7 } } : {}),
			revenue: { mode: 'add', value },
			...(dateMode ? { latestDate: { mode: dateMode, value: '2026-04-01T00:00:00Z' } } : {}),
		});
		const first = plan(updates(null));
		expect(first.properties[NAMES.countedIds]).toBeUndefined();
		expect(first.warning).not.toMatch(/remembered/);
		const second = plan(updates(59), { existingProperties: { ...EXISTING, ...first.properties } });
		expect(second.skipped).toBe(false);
		expect(second.properties[NAMES.revenue]).toBe(159.1);
		expect(second.properties[NAMES.countedIds]).toEqual(['r-1', 'r-2', 'r-3']);
	});

	test('a referral already counted is skipped as before, with no warning: nothing was left out', () => {
		const result = plan(noAmount('add'), { referralId: 'r-2' });
		expect(result).toEqual({ properties: {}, skipped: true, replaySafe: true, reason: REFERRAL_TOTALS_REASONS.alreadyCounted });
	});

	test('a Set without an amount on a referral already counted: still a warning, as a Set would have applied', () => {
		expect(plan(noAmount('set'), { referralId: 'r-2' }).warning).toBe('the revenue total was left unchanged');
	});

	test('the known limit: a later delivery of that id with an amount is skipped, its revenue never added', () => {
		const first = plan(noAmount('add'));
		const existing = { ...EXISTING, ...first.properties };
		const later = plan({ ...noAmount('add'), revenue: { mode: 'add', value: 59 } }, { existingProperties: existing });
		expect(later).toMatchObject({ properties: {}, skipped: true });
	});

	test.each<[behaviour: string, updates: ReferralTotalsUpdates, replaySafe: boolean]>([
		['adding no amount without a referral id adds nothing, so it is replay-safe', { revenue: { mode: 'add', value: null } }, true],
		['the count it adds is still not replay-safe without a referral id', noAmount('add'), false],
	])('%s', (_, updates, replaySafe) => {
		expect(plan(updates, { referralId: undefined }).replaySafe).toBe(replaySafe);
	});

	test('a revenue with an amount carries no warning', () => {
		expect(plan({ revenue: { mode: 'add', value: 1 } })).not.toHaveProperty('warning');
	});

	test.each([Number.NaN, undefined as unknown as number])('a revenue value that is not a number nor null (%p) is still rejected', (value) => {
		expect(() => plan({ revenue: { mode: 'add', value } })).toThrow(/revenue\.value must be a finite number or null/);
	});

	test('folded in a batch, each plan carries its own warning', () => {
		const events = [
			{ referralId: 'r-3', updates: noAmount('add') },
			{ referralId: 'r-4', updates: { ...noAmount('add'), revenue: { mode: 'add', value: 5 } } satisfies ReferralTotalsUpdates },
		];
		const result = foldReferralTotals({ existingProperties: EXISTING, events, names: NAMES });
		expect(result.properties).toMatchObject({ [NAMES.count]: 6, [NAMES.revenue]: 105.1 });
		expect(result.plans.map((p) => p.warning !== undefined)).toEqual([true, false]);
	});
});
