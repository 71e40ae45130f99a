import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	DEFAULT_PROPERTY_PREFIX,
	fillReferralLinkTemplate,
	KLAVIYO_LIMITS,
	namesFor,
	normalizeEmail,
	normalizePhoneNumber,
	parseIsoTimestamp,
	readAffiliateRecord,
	setOwn,
	type AffiliateRecord,
	type ProfileMergeMode,
	type ReferralProgramNames,
	type ReferralTotalsNames,
	type ReferralTotalsUpdates,
} from '../shared/domain';
import type { ProfileIdentifierField } from '../shared/klaviyo/profiles';
import { fieldText } from '../shared/n8n/fieldText';
import { fieldError } from '../shared/n8n/itemResults';
import { readNaming } from '../shared/n8n/namingProperty';
import {
	AFFILIATE_FIELDS,
	STANDARD_FIELDS,
	type AffiliateFieldKey,
	type StandardFieldKey,
} from './affiliateFields';
import { fieldLabel } from './description';

const MERGE_MODES: ProfileMergeMode[] = ['keepExisting', 'fillEmpty', 'overwriteSelected'];

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
	/** Values taken from the input item that could not be used, and why (shown as `kept` in the output). */
	ignored: Record<string, { existing: null; incoming: unknown; reason: string }>;
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
	// Identifiers and standard fields are text: an object or a list from an expression fails the item.
	const textField = (name: string, label: string, fromItem: keyof AffiliateRecord) =>
		fieldText(context, itemIndex, label, param(name)) || text(record[fromItem]);
	const options = param('options', {}) as IDataObject;
	const prefix = options.propertyPrefix === undefined ? DEFAULT_PROPERTY_PREFIX : String(options.propertyPrefix);
	const names = namesFor(readNaming(context, itemIndex), { propertyPrefix: prefix });

	const identifiers: ProfileRequest['identifiers'] = [];
	const incoming: IDataObject = {};
	const email = textField('email', 'Email', 'email');
	if (email) {
		const result = normalizeEmail(email);
		if (!result.ok) throw fieldError(context, itemIndex, 'Email', result.reason);
		identifiers.push({ field: 'email', value: result.email });
		incoming.email = result.email;
	}
	const ignored: ProfileRequest['ignored'] = {};
	const mappedPhone = fieldText(context, itemIndex, 'Phone Number', param('phoneNumber'));
	const phone = mappedPhone || text(record.phone);
	if (phone) {
		const result = normalizePhoneNumber(phone, { defaultCallingCode: text(options.defaultCallingCode) || undefined });
		if (result.ok) {
			identifiers.push({ field: 'phone_number', value: result.e164 });
			incoming.phone_number = result.e164;
		} else if (mappedPhone) {
			throw fieldError(context, itemIndex, 'Phone Number', result.reason);
		} else {
			// A platform's phone field is often national ("555-555-1234"): not worth failing the affiliate over.
			ignored.phone_number = { existing: null, incoming: phone, reason: `not sent: ${result.reason}` };
		}
	}
	const externalId = textField('externalId', 'External ID', 'externalId');
	if (externalId) {
		identifiers.push({ field: 'external_id', value: externalId });
		incoming.external_id = externalId;
	}
	if (identifiers.length === 0) {
		throw fieldError(context, itemIndex, 'Email', 'give at least one of Email, Phone Number or External ID');
	}

	const standard: Record<string, string> = {
		firstName: textField('firstName', 'First Name', 'firstName'),
		lastName: textField('lastName', 'Last Name', 'lastName'),
	};
	for (const [key, value] of Object.entries(param('profileFields', {}) as IDataObject)) {
		standard[key] = fieldText(context, itemIndex, fieldLabel(key), value);
	}
	let hasStandardFields = false;
	for (const [key, value] of Object.entries(standard)) {
		const path = STANDARD_FIELDS[key as StandardFieldKey];
		if (!path || value === '') continue;
		hasStandardFields = true;
		const [group, field] = path.includes('.') ? path.split('.') : [undefined, path];
		if (group) incoming[group] = { ...((incoming[group] as IDataObject) ?? {}), [field]: value };
		else incoming[field] = value;
	}

	const properties: IDataObject = {};
	for (const key of param('affiliateFields', []) as AffiliateFieldKey[]) {
		const affiliateField = AFFILIATE_FIELDS.find((candidate) => candidate.key === key);
		if (!affiliateField) continue;
		const name = key === 'referralLink' ? names.properties.referralLink : `${prefix}${affiliateField.label}`;
		let value = field(key, key);
		if (key === 'referralLink' && text(value) === '') value = linkFromTemplate(context, itemIndex, name, ignored, field);
		if (text(value) !== '') properties[name] = typeof value === 'string' ? value.trim() : value;
	}
	const custom = (param('customProperties', {}) as { property?: Array<{ name?: string; value?: unknown }> }).property;
	for (const { name, value } of custom ?? []) {
		const propertyName = fieldText(context, itemIndex, 'Custom Properties', name);
		if (!propertyName) throw fieldError(context, itemIndex, 'Custom Properties', 'every property needs a name');
		// setOwn: plain assignment would swallow a property named `__proto__`.
		if (text(value) !== '') setOwn(properties, propertyName, value);
	}
	if (Object.keys(properties).length > 0) incoming.properties = properties;

	// An expression can choose the mode per item; an unknown one would silently keep every existing field.
	const mode = param('mergeMode', 'fillEmpty') as ProfileMergeMode;
	if (!MERGE_MODES.includes(mode)) {
		throw fieldError(context, itemIndex, 'Existing Profile Sync', `must be one of ${MERGE_MODES.join(', ')}, got ${String(JSON.stringify(mode)).slice(0, 100)}`);
	}
	const request: ProfileRequest = {
		itemIndex,
		identifiers,
		incoming,
		hasStandardFields,
		mode,
		overwrite: param('overwriteFields', []) as string[],
		ignored,
	};
	if (param('referralTotals', false) === true) request.totals = readTotals(context, itemIndex, names, record);
	// 100,000 bytes (the stricter reading of Klaviyo's "100 KB") leaves room for the request around the attributes.
	if (Buffer.byteLength(JSON.stringify(incoming)) > KLAVIYO_LIMITS.profileBytes) {
		throw fieldError(context, itemIndex, 'Custom Properties', 'the profile is larger than Klaviyo’s 100 KB limit');
	}
	return request;
}

/**
 * The referral link built from *Referral Link Template*, when the item carries none. A template the node cannot use
 * is a setup mistake and fails the item; an affiliate without the code or id it needs keeps the rest of its
 * profile, and the output says under `kept` why the link was not sent.
 */
function linkFromTemplate(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	ignored: ProfileRequest['ignored'],
	field: (name: string, fromItem: keyof AffiliateRecord) => unknown,
): string {
	const template = fieldText(context, itemIndex, 'Referral Link Template', context.getNodeParameter('referralLinkTemplate', itemIndex, ''));
	if (!template) return '';
	const result = fillReferralLinkTemplate(template, {
		code: fieldText(context, itemIndex, 'Affiliate Code', field('affiliateCode', 'affiliateCode')),
		id: fieldText(context, itemIndex, 'Affiliate ID', field('affiliateId', 'affiliateId')),
	});
	if (result.ok) return result.link;
	if (result.missing === undefined) throw fieldError(context, itemIndex, 'Referral Link Template', result.reason);
	ignored[`properties.${propertyName}`] = { existing: null, incoming: template, reason: `not sent: ${result.reason}` };
	return '';
}

function readTotals(
	context: IExecuteFunctions,
	itemIndex: number,
	names: ReferralProgramNames,
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
		const raw = fieldText(context, itemIndex, 'Referral Revenue Value', param('referralRevenueValue'));
		// Version 2: a referral without an amount (a pulled conversion never has one) still counts; the revenue total
		// is left as it is (`null`) and the output says so. Version 1 failed the item, count and date included.
		const withoutAmount = raw === '' && record.amount === undefined && context.getNode().typeVersion >= 2;
		// An amount the item has but that is no number is refused by name, not taken for no amount.
		if (withoutAmount && record.unreadableAmount !== undefined) {
			throw fieldError(context, itemIndex, 'Referral Revenue Value', `left empty, it is read from the item's amount, which is not a number: "${record.unreadableAmount}"`);
		}
		const value = raw === '' ? (record.amount ?? NaN) : Number(raw);
		if (!withoutAmount && !Number.isFinite(value)) {
			throw fieldError(context, itemIndex, 'Referral Revenue Value', `must be a number, got "${raw}"`);
		}
		updates.revenue = { mode: revenueMode as 'add' | 'set', value: withoutAmount ? null : value };
	}
	const dateMode = param('referralDateMode', 'add');
	if (dateMode !== 'none') {
		const value =
			fieldText(context, itemIndex, 'Latest Referral Date Value', param('referralDateValue')) ||
			record.occurredAt ||
			new Date().toISOString();
		if (parseIsoTimestamp(value) === undefined) {
			throw fieldError(context, itemIndex, 'Latest Referral Date Value', `must be an ISO 8601 date with a time zone, got "${value}"`);
		}
		updates.latestDate = { mode: dateMode as 'add' | 'set', value };
	}
	// Version 2 also reads the referral's own id before the delivery's: a referral program's event (a coupon issued
	// for a successful referral) redelivered under a new webhook id is the same referral, counted once.
	const fromItem = context.getNode().typeVersion >= 2 ? (record.conversionId ?? record.referralId) : record.conversionId;
	const referralId = fieldText(context, itemIndex, 'Referral ID', param('referralId')) || fromItem || record.eventId || '';
	const { count, revenue, latestDate, countedIds } = names.properties;
	const totalsNames: ReferralTotalsNames = { count, revenue, latestDate, countedIds };
	return { updates, referralId: referralId || undefined, names: totalsNames };
}
