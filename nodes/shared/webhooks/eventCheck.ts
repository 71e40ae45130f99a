import { isIsoUtcTime, NORMALIZED_EVENT_TYPES, REFERRAL_ACTORS, type NormalizedAffiliateEvent } from './schema';

/**
 * A quick yes to "does this event fit normalizedEventSchema?", for the events our own readers build. The schema stays
 * the rule: this check only ever says yes to what the schema accepts (a property test holds it to that), and anything
 * it is unsure of goes to the schema. Why it exists: zod copies every object it checks, and a payment to thousands of
 * affiliates spent most of its reading there; the events it built are right, and need no copy.
 */

type Check = (value: unknown) => boolean;

const text: Check = (value) => value === null || typeof value === 'string';
const amount: Check = (value) => value === null || (typeof value === 'number' && Number.isFinite(value));
const filled: Check = (value) => typeof value === 'string' && value.length > 0;
const oneOf = (values: readonly string[]): Check => {
	const allowed = new Set<unknown>(values);
	return (value) => allowed.has(value);
};

const isPlain = (value: unknown): value is Record<string, unknown> => {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
};

/** An object with exactly these keys (optional ones may be missing or undefined), each value passing its check. */
function strictObject(fields: Record<string, Check>, optional: ReadonlySet<string> = new Set()): Check {
	const names = Object.keys(fields);
	return (value) => {
		if (!isPlain(value)) return false;
		// `for…in` over own keys, not Object.keys: no list made per object, thousands of events per delivery.
		for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key) && !Object.prototype.hasOwnProperty.call(fields, key)) return false;
		for (const name of names) {
			const field = value[name];
			if (field === undefined && optional.has(name)) continue;
			if (!fields[name](field)) return false;
		}
		return true;
	};
}

const texts = (...names: string[]) => Object.fromEntries(names.map((name) => [name, text]));

const fitsSchema = strictObject(
	{
		id: filled,
		factId: (value) => value === null || filled(value),
		platform: filled,
		type: oneOf(NORMALIZED_EVENT_TYPES),
		sourceType: text,
		occurredAt: (value) => typeof value === 'string' && isIsoUtcTime(value),
		affiliate: strictObject(texts('id', 'code', 'email', 'firstName', 'lastName', 'phone', 'referralLink', 'couponCode', 'offerId', 'offerName', 'status')),
		conversion: strictObject({ ...texts('id', 'orderId', 'currency', 'status', 'customerEmail'), amount, commission: amount }),
		payout: strictObject({ ...texts('id', 'currency'), amount }),
		tier: strictObject({ ...texts('id', 'name', 'milestone'), amount }),
		referral: strictObject({
			...texts('id', 'referrerEmail', 'referrerPhone', 'referrerFirstName', 'recipientEmail', 'recipientPhone', 'recipientFirstName', 'couponCode', 'orderId', 'currency'),
			amount,
			actor: (value) => value === null || oneOf(REFERRAL_ACTORS)(value),
		}),
		raw: () => true,
	},
	// Present only on the events they describe; `raw` is anything, absent included.
	new Set(['conversion', 'payout', 'tier', 'referral', 'raw']),
);

/** True only when normalizedEventSchema would accept the value as it is; false means "ask the schema". */
export function surelyNormalizedEvent(value: unknown): value is NormalizedAffiliateEvent {
	return fitsSchema(value);
}
