import { createHash } from 'node:crypto';

import fc from 'fast-check';

import { amount, derivedId, derivedIdLeavingOut, emptyAffiliate, flatCanonical, lower, MAX_AMOUNT, obj, str, upper, type Json, type PlatformInput } from '../../../nodes/shared/webhooks/platforms/fields';
import { readAmount, readTime } from '../../../nodes/shared/webhooks/platforms/reading';
import { refersionPaymentEvents } from '../../../nodes/shared/webhooks/platforms/refersionPayments';
import type { NormalizedAffiliateEvent } from '../../../nodes/shared/webhooks/schema';

/**
 * Issue 20 made three readers linear in the body's size. Each must still give exactly what it gave before, so the code
 * it replaced is kept here, verbatim, as the oracle, and random inputs compare the two.
 */

// ---- The replaced code (issue 20): do not "fix" it, it is the reference. ----

function oldAmount(value: unknown, cents = false): number | null {
	let number = NaN;
	if (typeof value === 'number') number = value;
	else if (typeof value === 'string' && value.trim() !== '') {
		const text = value.trim().replace(/\s/g, '');
		const normalized = /,\d{3}(?!\d)/.test(text) ? text.replace(/,/g, '') : text.replace(',', '.');
		number = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalized) ? Number(normalized) : NaN;
	}
	if (!Number.isFinite(number)) return null;
	const major = cents ? Math.round(number) / 100 : number;
	if (Math.abs(major) > MAX_AMOUNT) return null;
	return major === 0 ? 0 : major;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function oldCanonical(root: unknown): string {
	const out: string[] = [];
	const open = new Set<object>();
	const stack: unknown[] = [0, root];
	const enter = (container: object, opening: string, closing: string) => {
		if (open.has(container)) throw new TypeError('a cycle cannot be hashed');
		open.add(container);
		out.push(opening);
		stack.push(2, container, 1, closing);
	};
	while (stack.length > 0) {
		const payload = stack.pop();
		const what = stack.pop();
		if (what === 1) out.push(payload as string);
		else if (what === 2) open.delete(payload as object);
		else if (Array.isArray(payload)) {
			enter(payload, '[', ']');
			for (let index = payload.length - 1; index >= 0; index--) {
				stack.push(0, payload[index]);
				if (index > 0) stack.push(1, ',');
			}
		} else if (isObject(payload)) {
			enter(payload, '{', '}');
			const keys = Object.keys(payload).filter((key) => payload[key] !== undefined).sort();
			for (let index = keys.length - 1; index >= 0; index--) {
				stack.push(0, payload[keys[index]], 1, `${JSON.stringify(keys[index])}:`);
				if (index > 0) stack.push(1, ',');
			}
		} else out.push(JSON.stringify(payload) ?? 'null');
	}
	return out.join('');
}

const oldDerivedId = (platform: string, ...parts: unknown[]) =>
	`${platform}:${createHash('sha256').update(oldCanonical(parts)).digest('hex').slice(0, 32)}`;

function oldPaymentsOf(affiliateId: string, affiliate: Json, payload: Json, affiliateCount: number): Json[] {
	if (Array.isArray(affiliate.payments)) return affiliate.payments.map(obj);
	const listed = Array.isArray(payload.payments) ? payload.payments.map(obj) : [];
	const tied = listed.filter((payment) => str(payment.affiliate_id) === affiliateId);
	return tied.length > 0 || affiliateCount > 1 ? tied : listed;
}

function oldPayoutAmount(input: PlatformInput, affiliateId: string, payments: Json[], currencies: unknown[]): number | null {
	const amounts = payments.map((payment, index) =>
		readAmount(input, [
			[`payments[${index}].commission_total`, payment.commission_total],
			[`payments[${index}].total`, payment.total],
		]),
	);
	if (amounts.length === 0 || amounts.some((value) => value === null) || currencies.length > 1) return null;
	const sum = Math.round((amounts as number[]).reduce((total, value) => total + value, 0) * 100) / 100;
	if (Number.isFinite(sum) && Math.abs(sum) <= MAX_AMOUNT) return sum;
	input.warn(`the payments of affiliate ${affiliateId} add up to no usable amount; payout.amount left empty`);
	return null;
}

type Reader = (source: Json, offer: Json, id?: string | null) => NormalizedAffiliateEvent['affiliate'];
type Base = Parameters<typeof refersionPaymentEvents>[2];

/** The listed-payments part of the old refersionPaymentEvents (the flat variant did not change). */
function oldPaymentEvents(input: PlatformInput, payload: Json, base: Base, affiliateOf: Reader): ReturnType<typeof refersionPaymentEvents> {
	const affiliates = Object.entries(obj(payload.affiliates));
	return affiliates.map(([key, value]) => {
		const affiliate = obj(value);
		const affiliateId = str(affiliate.id) ?? key;
		const payments = oldPaymentsOf(affiliateId, affiliate, payload, affiliates.length);
		const paymentIds = payments.map((payment) => str(payment.id)).filter((id): id is string => id !== null);
		const currencies = [...new Set(payments.map((payment) => upper(payment.currency)).filter(Boolean))];
		return {
			...base,
			id: derivedId('refersion', 'NEW_PAYMENT', affiliateId, paymentIds.length > 0 ? paymentIds.sort() : payments),
			occurredAt: readTime(input, [['payments[0].created', payments[0]?.created]]),
			affiliate: affiliateOf({ ...affiliate, id: affiliateId }, {}),
			payout: {
				id: paymentIds.join(',') || null,
				amount: oldPayoutAmount(input, affiliateId, payments, currencies),
				currency: currencies.length === 1 ? (currencies[0] as string) : null,
			},
		};
	});
}

// ---- The properties ----

const RUNS = { numRuns: 3000 };

describe('amount() reads every text exactly as before', () => {
	// Digits weigh most, so runs of them (and near-numbers such as "1,234.5-") come up often.
	const character = fc.oneof(
		{ weight: 6, arbitrary: fc.constantFrom(...'0123456789') },
		{ weight: 3, arbitrary: fc.constantFrom('.', ',', '+', '-') },
		{ weight: 2, arbitrary: fc.constantFrom(' ', '\t', '\n', '\u00a0') },
		{ weight: 1, arbitrary: fc.constantFrom(...'aeEx') },
	);
	const text = fc.string({ unit: character, maxLength: 60 });

	test('on random text of digits, points, commas, signs, blanks and letters', () => {
		fc.assert(
			fc.property(text, fc.boolean(), (value, cents) => {
				expect(amount(value, cents)).toBe(oldAmount(value, cents));
			}),
			RUNS,
		);
	});

	test.each(['59.00', '1,234.50', '59,90', ' +5 ', '-0', '.5', '5.', '.', '+', '1e3', '1.2.3', ',123', '400 nines', '1,000,000x'])('on %j', (label) => {
		const value = label === '400 nines' ? '9'.repeat(400) : label;
		expect(amount(value)).toBe(oldAmount(value));
		expect(amount(value, true)).toBe(oldAmount(value, true));
	});
});

describe('derived ids hash every value exactly as before', () => {
	const value = fc.anything({
		maxDepth: 4,
		withNullPrototype: true,
		withSparseArray: true,
		withDate: true,
		withBoxedValues: true,
		withMap: true,
		withTypedArray: true,
		stringUnit: 'binary',
	});
	const outcome = (hash: () => string) => {
		try {
			return hash();
		} catch (error) {
			return (error as Error).constructor.name;
		}
	};

	test('on random values (objects in any key order, undefined members, sparse lists, dates, lone surrogates)', () => {
		fc.assert(
			fc.property(fc.array(value, { maxLength: 3 }), (parts) => {
				expect(outcome(() => derivedId('p', ...parts))).toBe(outcome(() => oldDerivedId('p', ...parts)));
			}),
			RUNS,
		);
	});

	test('on values whose text runs to several pieces (the hash is fed piece by piece), surrogate pairs everywhere', () => {
		const long = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.dictionary(fc.string({ unit: 'binary', maxLength: 3 }), fc.integer())), {
			minLength: 600,
			maxLength: 1500,
		});
		fc.assert(
			fc.property(long, (parts) => {
				expect(derivedId('p', parts)).toBe(oldDerivedId('p', parts));
			}),
			{ numRuns: 40 },
		);
	});

	test('flat parts (primitives and lists of them: the ids of a payment) take the one-call hash and hash as before', () => {
		const primitive = fc.oneof(
			fc.string({ unit: 'binary', maxLength: 12 }),
			fc.double(),
			fc.integer(),
			fc.boolean(),
			fc.constant(null),
			fc.constant(undefined),
		);
		const flat = fc.array(fc.oneof(primitive, fc.array(primitive, { maxLength: 6 }), fc.sparseArray(primitive, { maxLength: 4 })), { maxLength: 5 });
		fc.assert(
			fc.property(flat, (parts) => {
				expect(flatCanonical(parts)).toBeDefined();
				const id = derivedId('p', ...parts);
				expect(id).toBe(oldDerivedId('p', ...parts));
				// Leaving out keys of an object the parts do not hold takes the general path: the same id.
				expect(id).toBe(derivedIdLeavingOut('p', parts, { from: {}, keys: new Set(['x']) }));
			}),
			RUNS,
		);
	});

	test('parts holding an object, or too long for one piece, are written piece by piece', () => {
		expect(flatCanonical(['a', { id: 1 }])).toBeUndefined();
		expect(flatCanonical([['a', [1]]])).toBeUndefined();
		const long = ['x'.repeat(20_000)];
		expect(flatCanonical(long)).toBeUndefined();
		expect(derivedId('p', ...long)).toBe(oldDerivedId('p', ...long));
	});

	/** A chain of `length` objects whose last one points back to the first, reached `depth` levels down. */
	function cycleOf(length: number, depth: number): unknown {
		const start: Json = { n: 0 };
		let last = start;
		for (let index = 1; index < length; index++) last = (last.next = { n: index }) as Json;
		last.next = start;
		let value: unknown = start;
		for (let level = 0; level < depth; level++) value = [value];
		return value;
	}

	test.each([
		['two objects', 2, 0],
		['one list holding itself, 300 levels down', 1, 300],
		['a chain of 500 objects', 500, 0],
		['a chain of 3 objects, 5,000 levels down', 3, 5000],
	])('a cycle of %s is refused as before', (_, length, depth) => {
		const value = cycleOf(length, depth);
		expect(outcome(() => derivedId('p', value))).toBe('TypeError');
		expect(outcome(() => oldDerivedId('p', value))).toBe('TypeError');
	});

	test('a value met twice, side by side or deep down, is no cycle', () => {
		const shared = { x: [1] };
		let deep: unknown = [shared, shared];
		for (let level = 0; level < 1000; level++) deep = [deep, shared];
		expect(derivedId('p', [shared, shared, { shared }])).toBe(oldDerivedId('p', [shared, shared, { shared }]));
		expect(derivedId('p', deep)).toBe(oldDerivedId('p', deep));
	});
});

describe('a Refersion payment gives the same events as before', () => {
	const affiliateId = fc.constantFrom('1', '2', '3', 'a');
	const money = fc.constantFrom<unknown>('5.00', 5, '1,234.50', 'x', null, undefined, '');
	const payment = fc.record(
		{
			id: fc.constantFrom<unknown>('9001', 9002, '9003', null),
			affiliate_id: fc.oneof(affiliateId, fc.constantFrom<unknown>(2, null)),
			total: money,
			commission_total: money,
			currency: fc.constantFrom<unknown>('USD', 'eur', undefined),
			created: fc.constantFrom<unknown>('2020-03-01 12:00:00', 'soon', undefined),
		},
		{ requiredKeys: [] },
	);
	const affiliate = fc.record(
		{ id: fc.oneof(affiliateId, fc.constantFrom<unknown>(3, null)), email: fc.constantFrom('A@x.io', 'b@y.io'), payments: fc.array(payment, { maxLength: 3 }) },
		{ requiredKeys: [] },
	);
	const payload = fc.record({
		affiliates: fc.dictionary(affiliateId, fc.oneof(affiliate, fc.constant('not an object')), { minKeys: 1, maxKeys: 4 }),
		payments: fc.oneof(fc.array(fc.oneof(payment, fc.constant(7)), { maxLength: 6 }), fc.constant(undefined)),
	});
	const reader: Reader = (source, _offer, id = str(source.id)) => ({ ...emptyAffiliate(), id, email: lower(source.email) });
	const base: Base = { platform: 'refersion', type: 'commission.paid', sourceType: 'NEW_PAYMENT', raw: null };
	const run = (events: typeof refersionPaymentEvents, body: Json) => {
		const warnings: string[] = [];
		const input = { body, signedHeaders: {}, hints: { headers: {} }, sourceTimeZone: 'UTC', now: new Date(0), warn: (m: string) => warnings.push(m), maxEvents: Infinity };
		return { events: events(input, body, base, reader), warnings };
	};

	test('on random affiliates with payments nested, listed, tied or not', () => {
		fc.assert(
			fc.property(payload, (body) => {
				const now = run(refersionPaymentEvents, body);
				const before = run(oldPaymentEvents, body);
				// One difference on purpose: each event of a payment to several affiliates carries its own part as `raw`.
				const withoutRaw = (events: Array<{ raw?: unknown }>) => events.map(({ raw: _raw, ...event }) => event);
				expect(withoutRaw(now.events)).toEqual(withoutRaw(before.events));
				const keys = Object.keys(body.affiliates);
				now.events.forEach((event, index) => {
					if (keys.length === 1) expect(event.raw).toBe(base.raw);
					else expect(Object.keys((event.raw as { affiliates: Json }).affiliates)).toEqual([keys[index]]);
				});
				// Affiliates that repeat one id share their listed payments: their warnings are said once, not once each.
				const ids = Object.entries(body.affiliates).map(([key, value]) => str(obj(value).id) ?? key);
				if (new Set(ids).size === ids.length) expect(now.warnings).toEqual(before.warnings);
				else expect(new Set(now.warnings)).toEqual(new Set(before.warnings));
			}),
			RUNS,
		);
	});
});

describe('derivedIdLeavingOut', () => {
	test('is derivedId of a copy without the left-out keys (of that object only), with no copy made', () => {
		const keys = new Set(['last_login', 'last_conversion']);
		const key = fc.constantFrom('id', 'code', 'status', 'last_login', 'last_conversion', 'email', '__proto__', 'constructor');
		const record = fc.dictionary(key, fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.dictionary(key, fc.string())));
		fc.assert(
			fc.property(record, fc.string(), (value, id) => {
				const copy = Object.fromEntries(Object.entries(value).filter(([name]) => !keys.has(name)));
				expect(derivedIdLeavingOut('refersion', ['AFFILIATE', id, value], { from: value, keys })).toBe(derivedId('refersion', 'AFFILIATE', id, copy));
			}),
			RUNS,
		);
	});
});
