import { formatIsoSeconds, parseIsoTimestamp } from './isoTime';
import { KLAVIYO_LIMITS } from './klaviyoLimits';
import { isPlainObject, toFiniteNumber, utf8ByteLength } from './values';

export interface EventToValidate {
	metricName: string;
	properties?: unknown;
	/** ISO 8601 with a zone (or a date, read as UTC midnight), or a Date; left out, Klaviyo uses the receipt time. */
	time?: string | Date;
	/** A number, or a plain decimal string such as Refersion's `"59.00"`. */
	value?: number | string;
	currency?: string;
	/** The clock, passed in so the check is pure. */
	now: Date;
}

/** The event's values as Klaviyo should receive them; each is present only when given. */
export interface ValidEvent {
	ok: true;
	/** Trimmed. */
	metricName: string;
	/** UTC, truncated to the second, as Klaviyo stores it. */
	time?: string;
	value?: number;
	/** Uppercase. */
	valueCurrency?: string;
}

/** `field` is the Klaviyo name: `metric.name`, `properties`, `properties.<key>`, `time`, `value`, `value_currency`. */
export interface InvalidEvent {
	ok: false;
	field: string;
	reason: string;
}

/** Klaviyo rejects event times before 2000 (and the OpenAPI says after 1990; the stricter bound wins). */
const EARLIEST_EVENT_TIME = Date.UTC(2000, 0, 1);

/**
 * Checks one event against Klaviyo's documented limits before it is sent, because one bad event fails a whole
 * bulk job (up to 1,000 events), and a failure named by field is easier to fix than Klaviyo's 400.
 */
export function validateEvent(event: EventToValidate): ValidEvent | InvalidEvent {
	const metricName = typeof event.metricName === 'string' ? event.metricName.trim() : '';
	if (metricName === '') return invalid('metric.name', 'is empty');
	if ([...metricName].length > KLAVIYO_LIMITS.metricNameLength) {
		return invalid('metric.name', `must be under ${KLAVIYO_LIMITS.metricNameLength + 1} characters`);
	}
	const valid: ValidEvent = { ok: true, metricName };

	if (event.time !== undefined) {
		const time = checkTime(event.time, event.now);
		if (typeof time !== 'number') return time;
		valid.time = formatIsoSeconds(time);
	}
	if (event.value !== undefined) {
		const value = toFiniteNumber(event.value);
		if (value === undefined) return invalid('value', 'must be a finite number');
		valid.value = value;
	}
	if (event.currency !== undefined && event.currency.trim() !== '') {
		const currency = event.currency.trim().toUpperCase();
		if (!/^[A-Z]{3}$/.test(currency)) return invalid('value_currency', 'must be a 3-letter ISO 4217 code');
		valid.valueCurrency = currency;
	}
	return checkProperties(event.properties) ?? valid;
}

function checkTime(time: string | Date, now: Date): number | InvalidEvent {
	const epoch = time instanceof Date ? time.getTime() : parseIsoTimestamp(String(time));
	if (epoch === undefined || Number.isNaN(epoch)) {
		return invalid('time', 'must be an ISO 8601 date-time with a zone (Z or ±hh:mm)');
	}
	if (epoch < EARLIEST_EVENT_TIME) return invalid('time', 'must not be before 2000-01-01');
	const latest = new Date(now.getTime());
	latest.setUTCFullYear(latest.getUTCFullYear() + 1);
	if (epoch > latest.getTime()) return invalid('time', 'must not be more than 1 year in the future');
	return epoch;
}

function checkProperties(properties: unknown): InvalidEvent | undefined {
	if (properties === undefined) return undefined;
	if (!isPlainObject(properties)) return invalid('properties', 'must be an object');
	const keys = Object.keys(properties);
	if (keys.length > KLAVIYO_LIMITS.eventProperties) {
		const limit = KLAVIYO_LIMITS.eventProperties;
		return invalid('properties', `has ${keys.length} properties; Klaviyo takes at most ${limit}`);
	}
	for (const key of keys) {
		const reason = checkPropertyValue(properties[key]);
		if (reason) return invalid(`properties.${key}`, reason);
	}
	// Each field under 100 KB can still add up to more than a whole request may carry (Klaviyo answers 413).
	if (utf8ByteLength(JSON.stringify(properties)) > KLAVIYO_LIMITS.payloadBytes) {
		return invalid('properties', `are over ${KLAVIYO_LIMITS.payloadBytes / 1_000_000} MB together, more than Klaviyo takes in one request`);
	}
	return undefined;
}

function checkPropertyValue(value: unknown): string | undefined {
	let serialized: string | undefined;
	try {
		serialized = JSON.stringify(value);
	} catch {
		return 'is not JSON (circular or a BigInt)';
	}
	if (serialized !== undefined && utf8ByteLength(serialized) > KLAVIYO_LIMITS.fieldBytes) {
		return `is over ${KLAVIYO_LIMITS.fieldBytes / 1000} KB`;
	}
	// The properties object is level 1, so its values start at level 2.
	return checkShape(value, 2);
}

/** Klaviyo caps arrays at 4,000 items and nesting at 10 levels. */
function checkShape(value: unknown, depth: number): string | undefined {
	const children = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : undefined;
	if (children === undefined) return undefined;
	if (depth > KLAVIYO_LIMITS.nestingDepth) return `nests deeper than ${KLAVIYO_LIMITS.nestingDepth} levels`;
	if (Array.isArray(value) && value.length > KLAVIYO_LIMITS.arrayItems) {
		return `has more than ${KLAVIYO_LIMITS.arrayItems} items`;
	}
	for (const child of children) {
		const reason = checkShape(child, depth + 1);
		if (reason) return reason;
	}
	return undefined;
}

function invalid(field: string, reason: string): InvalidEvent {
	return { ok: false, field, reason };
}
