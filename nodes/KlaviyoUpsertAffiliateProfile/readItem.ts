import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	normalizeEmail,
	normalizePhoneNumber,
	parseIsoTimestamp,
	readAffiliateRecord,
	type AffiliateRecord,
	type ProfileMergeMode,
	type ReferralTotalsNames,
	type ReferralTotalsUpdates,
} from '../shared/domain';
import type { ProfileIdentifierField } from '../shared/klaviyo/profiles';
import { fieldError } from '../shared/n8n/itemResults';
import {
	AFFILIATE_FIELDS,
	REFERRAL_TOTAL_LABELS,
	STANDARD_FIELDS,
	type AffiliateFieldKey,
	type StandardFieldKey,
} from './affiliateFields';

/** Klaviyo refuses a profile payload over 100 KB. */
const MAX_PROFILE_BYTES = 100 * 1024;

/** One input item, read and validated: everything the upsert needs, in Klaviyo's names. */
export interface ProfileRequest {
	itemIndex: number;
	/** Identifiers in lookup order: email, then phone, then external id. */
	identifiers: Array<{ field: ProfileIdentifierField; value: string }>;
	incoming: IDataObject;
	hasStandardFields: boolean;
	mode: ProfileMergeMode;
	overwrite: string[];
	totals?: { updates: ReferralTotalsUpdates; referralId?: string; names: ReferralTotalsNames };
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

/** Reads one item's parameters; throws a field error that names the field and the item. */
export function readProfileRequest(context: IExecuteFunctions, itemIndex: number, json: IDataObject): ProfileRequest {
	const param = (name: string, fallback: unknown = '') => context.getNodeParameter(name, itemIndex, fallback);
	const record = readAffiliateRecord(json);
	// An empty parameter means "take it from the input item": no expression to evaluate per item.
	const field = (name: string, fromItem: keyof AffiliateRecord) => {
		const value = param(name);
		return text(value) !== '' ? value : record[fromItem];
	};
	const options = param('options', {}) as IDataObject;
	const prefix = options.propertyPrefix === undefined ? 'Affiliate ' : String(options.propertyPrefix);

	const identifiers: ProfileRequest['identifiers'] = [];
	const incoming: IDataObject = {};
	const email = text(field('email', 'email'));
	if (email) {
		const result = normalizeEmail(email);
		if (!result.ok) throw fieldError(context, itemIndex, 'Email', result.reason);
		identifiers.push({ field: 'email', value: result.email });
		incoming.email = result.email;
	}
	const phone = text(field('phoneNumber', 'phone'));
	if (phone) {
		const result = normalizePhoneNumber(phone, { defaultCallingCode: text(options.defaultCallingCode) || undefined });
		if (!result.ok) throw fieldError(context, itemIndex, 'Phone Number', result.reason);
		identifiers.push({ field: 'phone_number', value: result.e164 });
		incoming.phone_number = result.e164;
	}
	const externalId = text(field('externalId', 'externalId'));
	if (externalId) {
		identifiers.push({ field: 'external_id', value: externalId });
		incoming.external_id = externalId;
	}
	if (identifiers.length === 0) {
		throw fieldError(context, itemIndex, 'Email', 'give at least one of Email, Phone Number or External ID');
	}

	const standard: Record<string, unknown> = {
		firstName: field('firstName', 'firstName'),
		lastName: field('lastName', 'lastName'),
		...(param('profileFields', {}) as IDataObject),
	};
	let hasStandardFields = false;
	for (const [key, value] of Object.entries(standard)) {
		const path = STANDARD_FIELDS[key as StandardFieldKey];
		if (!path || text(value) === '') continue;
		hasStandardFields = true;
		const [group, field] = path.includes('.') ? path.split('.') : [undefined, path];
		if (group) incoming[group] = { ...((incoming[group] as IDataObject) ?? {}), [field]: text(value) };
		else incoming[field] = text(value);
	}

	const properties: IDataObject = {};
	for (const key of param('affiliateFields', []) as AffiliateFieldKey[]) {
		const affiliateField = AFFILIATE_FIELDS.find((candidate) => candidate.key === key);
		if (!affiliateField) continue;
		const value = field(key, key);
		if (text(value) !== '') properties[`${prefix}${affiliateField.label}`] = typeof value === 'string' ? value.trim() : value;
	}
	const custom = (param('customProperties', {}) as { property?: Array<{ name?: string; value?: unknown }> }).property;
	for (const { name, value } of custom ?? []) {
		if (!text(name)) throw fieldError(context, itemIndex, 'Custom Properties', 'every property needs a name');
		if (text(value) !== '') properties[text(name)] = value as IDataObject[string];
	}
	if (Object.keys(properties).length > 0) incoming.properties = properties;

	const request: ProfileRequest = {
		itemIndex,
		identifiers,
		incoming,
		hasStandardFields,
		mode: param('mergeMode', 'fillEmpty') as ProfileMergeMode,
		overwrite: param('overwriteFields', []) as string[],
	};
	if (param('referralTotals', false) === true) request.totals = readTotals(context, itemIndex, prefix, record);
	if (Buffer.byteLength(JSON.stringify(incoming)) > MAX_PROFILE_BYTES) {
		throw fieldError(context, itemIndex, 'Custom Properties', 'the profile is larger than Klaviyo’s 100 KB limit');
	}
	return request;
}

function readTotals(
	context: IExecuteFunctions,
	itemIndex: number,
	prefix: string,
	record: AffiliateRecord,
): ProfileRequest['totals'] {
	const param = (name: string, fallback: unknown = '') => context.getNodeParameter(name, itemIndex, fallback);
	const updates: ReferralTotalsUpdates = {};
	const countMode = param('referralCountMode', 'add');
	if (countMode !== 'none') {
		const value = Number(param('referralCountValue', 1));
		if (!Number.isInteger(value) || (countMode === 'set' && value < 0)) {
			throw fieldError(context, itemIndex, 'Referral Count Value', `must be a whole number, got ${value}`);
		}
		updates.count = { mode: countMode as 'add' | 'set', value };
	}
	const revenueMode = param('referralRevenueMode', 'add');
	if (revenueMode !== 'none') {
		const raw = text(param('referralRevenueValue'));
		const value = raw === '' ? (record.amount ?? NaN) : Number(raw);
		if (!Number.isFinite(value)) {
			throw fieldError(context, itemIndex, 'Referral Revenue Value', `must be a number, got "${raw}"`);
		}
		updates.revenue = { mode: revenueMode as 'add' | 'set', value };
	}
	const dateMode = param('referralDateMode', 'add');
	if (dateMode !== 'none') {
		const value = text(param('referralDateValue')) || record.occurredAt || new Date().toISOString();
		if (parseIsoTimestamp(value) === undefined) {
			throw fieldError(context, itemIndex, 'Latest Referral Date Value', `must be an ISO 8601 date with a time zone, got "${value}"`);
		}
		updates.latestDate = { mode: dateMode as 'add' | 'set', value };
	}
	const referralId = text(param('referralId')) || record.conversionId || record.eventId || '';
	const names = Object.fromEntries(
		Object.entries(REFERRAL_TOTAL_LABELS).map(([key, label]) => [key, `${prefix}${label}`]),
	) as unknown as ReferralTotalsNames;
	return { updates, referralId: referralId || undefined, names };
}
