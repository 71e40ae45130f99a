import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { normalizeEmail, normalizePhoneNumber, parseIsoTimestamp, readAffiliateRecord, type AffiliateRecord } from '../shared/domain';
import type { PersonReference } from '../shared/klaviyo/profileLookup';
import type { ConsentChannel } from '../shared/klaviyo/subscriptions';
import { fieldText } from '../shared/n8n/fieldText';
import { fieldError } from '../shared/n8n/itemResults';

export type ListAction = 'add' | 'subscribe' | 'remove';

export interface ListRequest extends PersonReference {
	listId: string;
	profileId?: string;
	email?: string;
	phoneNumber?: string;
	channels: ConsentChannel[];
	customSource?: string;
	historicalImport: boolean;
	consentedAt?: string;
	createMissing: boolean;
	/** A phone number from the input item that is not E.164 and was left out. */
	ignoredPhone?: string;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

const CONSENT_CHANNELS: ConsentChannel[] = ['emailMarketing', 'smsMarketing', 'smsTransactional'];

export function readListRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	action: ListAction,
	json: IDataObject,
): ListRequest {
	const param = (name: string, fallback: unknown = '') => context.getNodeParameter(name, itemIndex, fallback);
	const record = readAffiliateRecord(json);
	// An empty parameter means "take it from the input item": no expression to evaluate per item.
	const field = (name: string, label: string, fromItem: keyof AffiliateRecord) =>
		fieldText(context, itemIndex, label, param(name)) || text(record[fromItem]);
	const options = param('options', {}) as IDataObject;
	const listId = fieldText(context, itemIndex, 'List', context.getNodeParameter('list', itemIndex, '', { extractValue: true }));
	if (!listId) throw fieldError(context, itemIndex, 'List', 'choose a list');

	const request: ListRequest = {
		itemIndex,
		listId,
		identifiers: [],
		channels: [],
		historicalImport: false,
		createMissing: options.createMissing !== false,
	};
	const profileId = field('profileId', 'Profile ID', 'profileId');
	if (profileId) request.profileId = profileId;
	const email = field('email', 'Email', 'email');
	if (email) {
		const result = normalizeEmail(email);
		if (!result.ok) throw fieldError(context, itemIndex, 'Email', result.reason);
		request.email = result.email;
		request.identifiers.push({ field: 'email', value: result.email });
	}
	const mappedPhone = fieldText(context, itemIndex, 'Phone Number', param('phoneNumber'));
	const phone = mappedPhone || text(record.phone);
	if (phone) {
		const result = normalizePhoneNumber(phone, { defaultCallingCode: text(options.defaultCallingCode) || undefined });
		if (result.ok) {
			request.phoneNumber = result.e164;
			request.identifiers.push({ field: 'phone_number', value: result.e164 });
		} else if (mappedPhone) {
			throw fieldError(context, itemIndex, 'Phone Number', result.reason);
		} else {
			// Taken from the item, not mapped: left out (SMS consent then asks for a phone explicitly, below).
			request.ignoredPhone = `${phone} (${result.reason})`;
		}
	}
	const externalId = field('externalId', 'External ID', 'externalId');
	if (externalId) request.identifiers.push({ field: 'external_id', value: externalId });
	if (!request.profileId && request.identifiers.length === 0) {
		throw fieldError(context, itemIndex, 'Email', 'give a Profile ID, Email, Phone Number or External ID');
	}
	if (action === 'subscribe') readConsent(context, itemIndex, request);
	return request;
}

function readConsent(context: IExecuteFunctions, itemIndex: number, request: ListRequest): void {
	const param = (name: string, fallback: unknown = '') => context.getNodeParameter(name, itemIndex, fallback);
	const channels: unknown = param('channels', ['emailMarketing']);
	// An expression can hand over anything; the checks below need a list of known channels.
	if (!Array.isArray(channels) || channels.some((channel) => !CONSENT_CHANNELS.includes(channel as ConsentChannel))) {
		throw fieldError(context, itemIndex, 'Channels', `must be a list of ${CONSENT_CHANNELS.join(', ')}, got ${String(JSON.stringify(channels)).slice(0, 100)}`);
	}
	request.channels = channels as ConsentChannel[];
	if (request.channels.length === 0) throw fieldError(context, itemIndex, 'Channels', 'choose at least one channel');
	if (request.channels.includes('emailMarketing') && !request.email) {
		throw fieldError(context, itemIndex, 'Email', 'email marketing consent needs an email address');
	}
	if (request.channels.some((channel) => channel.startsWith('sms')) && !request.phoneNumber) {
		throw fieldError(context, itemIndex, 'Phone Number', 'SMS consent needs a phone number in E.164 form (+15555551234)');
	}
	request.customSource = fieldText(context, itemIndex, 'Consent Source', param('consentSource')) || undefined;
	request.historicalImport = param('historicalImport', false) === true;
	if (request.historicalImport) {
		const consentedAt = fieldText(context, itemIndex, 'Consented At', param('consentedAt'));
		const time = parseIsoTimestamp(consentedAt, { assumeUtc: true });
		if (time === undefined) {
			throw fieldError(context, itemIndex, 'Consented At', `a historical import needs the date consent was given, got "${consentedAt}"`);
		}
		if (time > Date.now()) throw fieldError(context, itemIndex, 'Consented At', `must be in the past, got ${consentedAt}`);
		request.consentedAt = new Date(time).toISOString();
	}
}
