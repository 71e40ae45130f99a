import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	assignOwn,
	deriveEventUniqueId,
	formatIsoSeconds,
	namesFor,
	normalizeEmail,
	normalizePhoneNumber,
	readAffiliateRecord,
	setOwn,
	validateEvent,
	type AffiliateRecord,
} from '../shared/domain';
import type { KlaviyoEvent } from '../shared/klaviyo/events';
import { fieldText } from '../shared/n8n/fieldText';
import { fieldError } from '../shared/n8n/itemResults';
import { readNaming } from '../shared/n8n/namingProperty';
import { EVENT_PRESETS, EVENT_PROPERTY_FIELDS, type EventPreset, type ProfileRole } from './presets';
import { readRoles } from './roles';

/** One event to record, for one profile; an input item yields one, or two in referrer-and-recipient mode. */
export interface EventRequest {
	itemIndex: number;
	role: ProfileRole;
	event: KlaviyoEvent;
	/** Identifies the profile inside a batch (for grouping and duplicate detection). */
	profileKey: string;
}

/** Klaviyo names of the event fields, as the node's parameters call them, for error messages. */
const FIELD_LABELS: Record<string, string> = {
	'metric.name': 'Metric Name',
	time: 'Time',
	value: 'Value',
	value_currency: 'Value Currency',
	properties: 'Event Properties',
};

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

export function readEventRequests(
	context: IExecuteFunctions,
	itemIndex: number,
	json: IDataObject,
	now: Date,
): EventRequest[] {
	const param = (name: string, fallback: unknown = '') => context.getNodeParameter(name, itemIndex, fallback);
	const record = readAffiliateRecord(json);
	// An empty parameter means "take it from the input item": no expression to evaluate per item.
	const field = (name: string, label: string, fromItem?: unknown) =>
		fieldText(context, itemIndex, label, param(name)) || text(fromItem) || undefined;
	const options = param('options', {}) as IDataObject;
	const presetValue = param('event') as string;
	const preset = EVENT_PRESETS.find((candidate) => candidate.value === presetValue);
	const metric = readMetricName(context, itemIndex, preset, options);
	const roles = readRoles(context, itemIndex, preset, record);
	const properties = readEventProperties(context, itemIndex, record);
	const checked = validateEvent({
		metricName: metric,
		properties,
		time: field('time', 'Time', record.occurredAt),
		value: field('value', 'Value', record.amount ?? record.payoutAmount),
		currency: field('valueCurrency', 'Value Currency', record.currency ?? record.payoutCurrency),
		now,
	});
	if (!checked.ok) {
		const label = FIELD_LABELS[checked.field] ?? (checked.field.startsWith('properties.') ? `Event Properties → ${checked.field.slice(11)}` : checked.field);
		throw fieldError(context, itemIndex, label, checked.reason);
	}
	const profileProperties = readPairs(param('profileProperties', {}));
	const callingCode = text(options.defaultCallingCode) || undefined;
	const both = roles.length === 2;

	const requests = roles.map((role): EventRequest => {
		const prefix = both ? role : '';
		const profile = readProfile(context, itemIndex, prefix, role, record, callingCode);
		if (Object.keys(profileProperties).length > 0) profile.attributes.properties = profileProperties;
		const uniqueId = readUniqueId(context, itemIndex, metric, role, record);
		return {
			itemIndex,
			role,
			profileKey: profileKey(profile),
			event: {
				metric: checked.metricName,
				profile,
				properties,
				// Without a unique id Klaviyo keeps one event per profile, metric and second of its time. Sending the
				// run's time, rather than letting Klaviyo take the time it receives the event, makes a retry of a
				// request Klaviyo did process (its answer lost to a timeout or a reset) land on the same second.
				time: checked.time ?? (uniqueId ? undefined : formatIsoSeconds(now.getTime())),
				value: checked.value,
				valueCurrency: checked.valueCurrency,
				uniqueId,
				backfill: options.backfill === true,
			},
		};
	});
	return both ? oneEventPerProfile(requests) : requests;
}

/**
 * One act is one event per profile. When the referrer and the recipient are the same profile (a self-referral),
 * the recipient's copy takes the referrer's unique id, so the run reports it as a duplicate instead of recording
 * the act twice — as it already did with an explicit unique id or none (same id, or same second).
 */
function oneEventPerProfile([referrer, recipient]: EventRequest[]): EventRequest[] {
	if (referrer.profileKey !== recipient.profileKey) return [referrer, recipient];
	return [referrer, { ...recipient, event: { ...recipient.event, uniqueId: referrer.event.uniqueId } }];
}

/**
 * The metric under the chosen naming. A platform's own names (Okendo's) are written exactly as the platform writes
 * them, so the metric prefix never goes in front of them; it still does before the package's and custom names.
 */
function readMetricName(context: IExecuteFunctions, itemIndex: number, preset: EventPreset | undefined, options: IDataObject): string {
	const names = namesFor(readNaming(context, itemIndex));
	const prefix = text(options.metricPrefix) ? String(options.metricPrefix) : '';
	if (!preset) return `${prefix}${fieldText(context, itemIndex, 'Metric Name', context.getNodeParameter('metricName', itemIndex, ''))}`;
	if (preset.namedBy) return names.prefixable ? `${prefix}${names.metrics[preset.namedBy]}` : names.metrics[preset.namedBy];
	return `${prefix}${preset.metric}`;
}

/** Klaviyo resolves an event's profile by id, else by email, phone, external id — in that order here too. */
function profileKey(profile: KlaviyoEvent['profile']): string {
	if (profile.id) return `id:${profile.id}`;
	const field = ['email', 'phone_number', 'external_id'].find((name) => profile.attributes[name] !== undefined)!;
	return `${field}:${String(profile.attributes[field]).toLowerCase()}`;
}

/**
 * Where each person's identifiers are in the input item, first match wins. For one person, the referrer is the
 * affiliate of a referral program, so the affiliate's fields stand in; the recipient is someone else and never
 * falls back to them. In referrer-and-recipient mode the item must name both (`PAIRED`): no guessing who referred.
 */
const FROM_ITEM: Record<ProfileRole, Record<'email' | 'phone' | 'externalId' | 'profileId', Array<keyof AffiliateRecord>>> = {
	affiliate: { email: ['email'], phone: ['phone'], externalId: ['externalId'], profileId: ['profileId'] },
	referrer: { email: ['referrerEmail', 'email'], phone: ['referrerPhone', 'phone'], externalId: ['externalId'], profileId: ['profileId'] },
	recipient: { email: ['recipientEmail'], phone: ['recipientPhone'], externalId: [], profileId: [] },
};
const PAIRED: typeof FROM_ITEM = {
	...FROM_ITEM,
	referrer: { email: ['referrerEmail'], phone: ['referrerPhone'], externalId: [], profileId: [] },
};

/** `prefix` names the parameters (`referrerEmail` in referrer-and-recipient mode); `role`, whose item fields to read. */
function readProfile(
	context: IExecuteFunctions,
	itemIndex: number,
	prefix: string,
	role: ProfileRole,
	record: AffiliateRecord,
	defaultCallingCode?: string,
): KlaviyoEvent['profile'] {
	const sources = (prefix ? PAIRED : FROM_ITEM)[role];
	const fromItem = (fields: Array<keyof AffiliateRecord>) => fields.map((field) => text(record[field])).find(Boolean) ?? '';
	const name = (field: string) => (prefix ? `${prefix}${field}` : field[0].toLowerCase() + field.slice(1));
	const label = prefix ? `${prefix[0].toUpperCase()}${prefix.slice(1)} ` : '';
	const mapped = (parameter: string, fieldLabel: string) =>
		fieldText(context, itemIndex, fieldLabel, context.getNodeParameter(parameter, itemIndex, ''));
	const param = (field: string, fieldLabel: string, fromItemFields: Array<keyof AffiliateRecord>) =>
		mapped(name(field), `${label}${fieldLabel}`) || fromItem(fromItemFields);
	const attributes: IDataObject = {};
	const email = param('Email', 'Email', sources.email);
	if (email) {
		const result = normalizeEmail(email);
		if (!result.ok) throw fieldError(context, itemIndex, `${label}Email`, result.reason);
		attributes.email = result.email;
	}
	const mappedPhone = mapped(name('PhoneNumber'), `${label}Phone Number`);
	const phone = mappedPhone || fromItem(sources.phone);
	if (phone) {
		const result = normalizePhoneNumber(phone, { defaultCallingCode });
		if (result.ok) attributes.phone_number = result.e164;
		// A phone taken from the item (not mapped) that is not E.164 is left out rather than failing the event.
		else if (mappedPhone) throw fieldError(context, itemIndex, `${label}Phone Number`, result.reason);
	}
	const externalId = param('ExternalId', 'External ID', sources.externalId);
	if (externalId) attributes.external_id = externalId;
	const id = prefix ? '' : mapped('profileId', 'Profile ID') || fromItem(sources.profileId);
	if (!id && Object.keys(attributes).length === 0) {
		// Say whose profile: with "From the Event" the item, not the node, chose the recipient or the referrer.
		const whose = role === 'recipient' ? 'recipient (referral.recipientEmail)' : role === 'referrer' ? 'referrer (referral.referrerEmail)' : 'affiliate';
		throw fieldError(context, itemIndex, `${label}Email`, `give a Profile ID, Email, Phone Number or External ID for the ${whose}: the item has none`);
	}
	return { ...(id ? { id } : {}), attributes };
}

function readEventProperties(context: IExecuteFunctions, itemIndex: number, record: AffiliateRecord): IDataObject {
	const param = (name: string, fallback: unknown = '') => context.getNodeParameter(name, itemIndex, fallback);
	const properties: IDataObject = {};
	for (const key of param('eventFields', []) as string[]) {
		const field = EVENT_PROPERTY_FIELDS.find((candidate) => candidate.key === key);
		if (!field) continue;
		const given = param(key);
		const raw = text(given) !== '' ? given : record[field.record as keyof AffiliateRecord];
		if (text(raw) === '') continue;
		if (field.numeric) {
			const number = Number(typeof raw === 'string' ? raw.trim() : raw);
			if (!Number.isFinite(number)) throw fieldError(context, itemIndex, field.label, `must be a number, got "${text(raw)}"`);
			properties[field.label] = number;
		} else {
			properties[field.label] = typeof raw === 'string' ? raw.trim() : (raw as IDataObject[string]);
		}
	}
	// assignOwn/setOwn, not Object.assign or `=`: a property named `__proto__` is a name like any other to Klaviyo.
	assignOwn(properties, readPairs(param('customEventProperties', {})));
	const json = param('eventPropertiesJson', '{}');
	let extra: unknown = json;
	if (typeof json === 'string') {
		try {
			extra = json.trim() === '' ? {} : JSON.parse(json);
		} catch {
			throw fieldError(context, itemIndex, 'Event Properties (JSON)', 'is not valid JSON');
		}
	}
	if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
		throw fieldError(context, itemIndex, 'Event Properties (JSON)', 'must be a JSON object');
	}
	return assignOwn(properties, extra as IDataObject) as IDataObject;
}

function readPairs(collection: unknown): IDataObject {
	const pairs: IDataObject = {};
	for (const { name, value } of (collection as { property?: Array<{ name?: string; value?: unknown }> }).property ?? []) {
		if (text(name) && text(value) !== '') setOwn(pairs, text(name), value);
	}
	return pairs;
}

function readUniqueId(
	context: IExecuteFunctions,
	itemIndex: number,
	metric: string,
	role: ProfileRole,
	record: AffiliateRecord,
): string | undefined {
	const param = (name: string, label: string) => fieldText(context, itemIndex, label, context.getNodeParameter(name, itemIndex, ''));
	const mode = context.getNodeParameter('uniqueIdMode', itemIndex, 'derived');
	if (mode === 'none') return undefined;
	if (mode === 'explicit') {
		const explicit = param('uniqueId', 'Unique ID Value');
		if (!explicit) throw fieldError(context, itemIndex, 'Unique ID Value', 'is empty');
		// Klaviyo dedupes per profile and metric, so a referrer and a recipient may share one explicit id.
		return explicit;
	}
	// From version 3 the fact an event reports, not the delivery that brought it, identifies it: a conversion received
	// by webhook and pulled again by a reconcile is one Klaviyo event (see factIdOf).
	const fromItem = context.getNode().typeVersion >= 3 ? (record.factId ?? record.eventId) : record.eventId;
	return deriveEventUniqueId({
		platform: param('sourcePlatform', 'Source Platform') || record.platform || 'n8n',
		sourceEventId: param('sourceEventId', 'Source Event ID') || fromItem,
		metric,
		role,
	});
}
