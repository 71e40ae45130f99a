import { validateEvent, type EventToValidate } from '../../../nodes/shared/domain';

const NOW = new Date('2026-06-15T12:00:00Z');
const EVENT: EventToValidate = { metricName: 'Affiliate Conversion', properties: { orderId: 'A1' }, now: NOW };

describe('validateEvent: accepted events', () => {
	test('accepts a minimal event and trims the metric name', () => {
		expect(validateEvent({ ...EVENT, metricName: ' Affiliate Conversion ' })).toEqual({
			ok: true,
			metricName: 'Affiliate Conversion',
		});
	});

	test.each<[behaviour: string, change: Partial<EventToValidate>, normalized: object]>([
		[
			'normalizes the time to UTC, to the second',
			{ time: '2026-01-31T12:00:00.900+01:00' },
			{ time: '2026-01-31T11:00:00Z' },
		],
		['accepts a Date as time', { time: new Date('2026-01-31T11:00:00Z') }, { time: '2026-01-31T11:00:00Z' }],
		['accepts the first second of 2000', { time: '2000-01-01T00:00:00Z' }, { time: '2000-01-01T00:00:00Z' }],
		['accepts exactly one year ahead', { time: '2027-06-15T12:00:00Z' }, { time: '2027-06-15T12:00:00Z' }],
		['accepts a decimal value given as text', { value: '59.00' }, { value: 59 }],
		['accepts a value of 0', { value: 0 }, { value: 0 }],
		['uppercases the currency', { currency: 'usd' }, { valueCurrency: 'USD' }],
		['ignores a blank currency', { currency: ' ' }, {}],
		['accepts a metric name of 127 characters', { metricName: 'm'.repeat(127) }, { metricName: 'm'.repeat(127) }],
		['accepts 400 properties', { properties: manyProperties(400) }, {}],
		['accepts a property of exactly 100 KB', { properties: { blob: 'x'.repeat(99_998) } }, {}],
	])('%s', (_, change, normalized) => {
		expect(validateEvent({ ...EVENT, ...change })).toMatchObject({ ok: true, ...normalized });
	});
});

describe('validateEvent: rejected events name the Klaviyo field', () => {
	test.each<[behaviour: string, change: Partial<EventToValidate>, field: string]>([
		['an empty metric name', { metricName: '  ' }, 'metric.name'],
		['a metric name of 128 characters', { metricName: 'm'.repeat(128) }, 'metric.name'],
		['a time before 2000', { time: '1999-12-31T23:59:59Z' }, 'time'],
		['a time more than a year ahead', { time: '2027-06-15T12:00:01Z' }, 'time'],
		['a time without a zone', { time: '2026-01-31 12:00:00' }, 'time'],
		['a time that is not a date', { time: 'yesterday' }, 'time'],
		['an invalid Date', { time: new Date('nope') }, 'time'],
		['a value that is not a number', { value: 'ten' }, 'value'],
		['an infinite value', { value: Number.POSITIVE_INFINITY }, 'value'],
		['a currency that is not 3 letters', { currency: 'US$' }, 'value_currency'],
		['properties that are not an object', { properties: ['a'] }, 'properties'],
		['more than 400 properties', { properties: manyProperties(401) }, 'properties'],
		['a property over 100 KB', { properties: { ok: 1, blob: 'x'.repeat(100_000) } }, 'properties.blob'],
		['a property with over 4,000 items', { properties: { items: new Array(4001).fill(1) } }, 'properties.items'],
		['a property nested deeper than 10 levels', { properties: { deep: nested(10) } }, 'properties.deep'],
		['a property that is not JSON', { properties: { big: BigInt(1) } }, 'properties.big'],
	])('rejects %s', (_, change, field) => {
		expect(validateEvent({ ...EVENT, ...change })).toMatchObject({ ok: false, field, reason: expect.any(String) });
	});

	test('accepts nesting of 10 levels, counting the properties object', () => {
		expect(validateEvent({ ...EVENT, properties: { deep: nested(9) } }).ok).toBe(true);
	});
});

function manyProperties(count: number): Record<string, number> {
	return Object.fromEntries(Array.from({ length: count }, (_, index) => [`p${index}`, index]));
}

/** An object `levels` deep: nested(1) is `{ level: 1 }`. */
function nested(levels: number): object {
	let value: object = { level: levels };
	for (let level = levels - 1; level > 0; level--) value = { level, child: value };
	return value;
}
