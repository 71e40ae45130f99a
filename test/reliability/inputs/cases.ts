import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { KlaviyoAddToList } from '../../../nodes/KlaviyoAddToList/KlaviyoAddToList.node';
import { KlaviyoTrackReferralEvent } from '../../../nodes/KlaviyoTrackReferralEvent/KlaviyoTrackReferralEvent.node';
import { KlaviyoUpsertAffiliateProfile } from '../../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';
import { LIST_ID } from '../faults/paths';
import {
	BAD_AMOUNTS,
	BAD_EMAILS,
	BAD_EVENT_TIMES,
	BAD_PHONES,
	manyProperties,
	nested,
	NO_IDENTIFIER,
	overFiveMegabytes,
	PROPERTY_150_KB,
	STRUCTURED,
	type Row,
} from './values';

export type NodeKey = 'upsert' | 'list' | 'track';

export const NODE_TYPES: Record<NodeKey, INodeType> = {
	upsert: new KlaviyoUpsertAffiliateProfile(),
	list: new KlaviyoAddToList(),
	track: new KlaviyoTrackReferralEvent(),
};

/**
 * One bad input. The run gets two items — a good one and the bad one, in either order — and the bad value reaches
 * the node through `={{ $json.v }}` (or, for the "from the item" cases, in a column the node reads by itself).
 */
export interface InputCase {
	title: string;
	node: NodeKey;
	parameters: INodeParameters;
	good: IDataObject;
	bad: IDataObject;
	/**
	 * The field the item error must name (`Invalid "<field>" in item <n>: …`), or n8n's own message; or, for a phone
	 * number the node finds in the item rather than in a mapped field, that it is left out — never sent to Klaviyo.
	 */
	expect: { field: string } | { message: RegExp } | { droppedPhone: true };
	/** Output items of the good item: 2 in referrer-and-recipient mode. */
	goodOutputs?: number;
}

const V = '={{ $json.v }}';
const list = (value: string) => ({ __rl: true, mode: 'id', value });

/** A good item of each node, carrying `v` for the expression under test. */
const goodItem: Record<NodeKey, (v: IDataObject[string]) => IDataObject> = {
	upsert: (v) => ({ email: 'good@example.com', first_name: 'Good', referral_link: 'https://shop.example/r/good', v }),
	list: (v) => ({ email: 'good@example.com', v }),
	track: (v) => ({
		id: 'evt-good',
		platform: 'refersion',
		occurredAt: '2026-03-01T10:00:00Z',
		affiliate: { id: '7', email: 'good@example.com' },
		conversion: { id: 'c7', orderId: 'ORD-7', amount: 59, currency: 'USD' },
		v,
	}),
};

const BASE: Record<NodeKey, INodeParameters> = {
	upsert: {},
	list: { list: list(LIST_ID), action: 'add' },
	track: { event: 'affiliateConversion' },
};

interface FieldSpec {
	node: NodeKey;
	/** Where `={{ $json.v }}` goes. */
	parameters: INodeParameters;
	field: string;
	good: IDataObject[string];
	rows: Row[];
	/** Whether the bad item keeps the good item's other fields (identity, amounts) or carries only `v`. */
	keepRest: boolean;
	group: string;
}

function fromSpec(spec: FieldSpec): InputCase[] {
	return spec.rows.map(([name, value]) => ({
		title: `${spec.node} ${spec.group}: ${name}`,
		node: spec.node,
		parameters: { ...BASE[spec.node], ...spec.parameters },
		good: goodItem[spec.node](spec.good),
		bad: spec.keepRest ? { ...goodItem[spec.node](value), ...(spec.node === 'track' ? { id: 'evt-bad' } : { email: 'bad@example.com' }) } : { v: value },
		expect: { field: spec.field },
	}));
}

const EVERY_NODE: NodeKey[] = ['upsert', 'list', 'track'];

/** Values the node finds in the input item itself (empty parameter): the trigger's event or a CSV row. */
function fromItem(node: NodeKey, column: string, field: string, rows: Row[]): InputCase[] {
	return rows
		.filter(([, value]) => typeof value === 'string')
		.map(([name, value]) => ({
			title: `${node} ${column} read from the item: ${name}`,
			node,
			parameters: BASE[node],
			good: goodItem[node]('unused'),
			bad: node === 'track' ? { id: 'evt-bad', affiliate: { [column]: value } } : { [column]: value },
			expect: { field },
		}));
}

/**
 * A phone number found in the item (not mapped) that is not E.164 is left out and the person is written without
 * it — platforms send national numbers — but it must never reach Klaviyo.
 */
function phoneFromItem(node: NodeKey, rows: Row[]): InputCase[] {
	return rows
		.filter(([, value]) => typeof value === 'string')
		.map(([name, value]) => ({
			title: `${node} phone read from the item: ${name}`,
			node,
			parameters: BASE[node],
			good: goodItem[node]('unused'),
			bad:
				node === 'track'
					? { id: 'evt-bad', affiliate: { email: 'bad@example.com', phone: value } }
					: { email: 'bad@example.com', phone: value },
			expect: { droppedPhone: true },
		}));
}

const identifierCases = (): InputCase[] =>
	EVERY_NODE.flatMap((node) => [
		...fromSpec({ node, parameters: { email: V }, field: 'Email', good: 'good@example.com', rows: BAD_EMAILS, keepRest: false, group: 'email' }),
		...fromSpec({ node, parameters: { phoneNumber: V }, field: 'Phone Number', good: '+15555550199', rows: BAD_PHONES, keepRest: false, group: 'phone' }),
		...fromSpec({ node, parameters: { email: V }, field: 'Email', good: 'good@example.com', rows: NO_IDENTIFIER, keepRest: false, group: 'missing identifier' }),
		...fromSpec({ node, parameters: { externalId: V }, field: 'External ID', good: 'ext-1', rows: STRUCTURED, keepRest: true, group: 'external id' }),
		...fromItem(node, 'email', 'Email', BAD_EMAILS.slice(0, 30).filter((_row, index) => index % 3 === 0)),
		...phoneFromItem(node, BAD_PHONES.filter((_row, index) => index % 3 === 0)),
	]);

const upsertCases = (): InputCase[] => [
	...fromSpec({ node: 'upsert', parameters: { firstName: V }, field: 'First Name', good: 'Good', rows: STRUCTURED, keepRest: true, group: 'first name' }),
	...fromSpec({ node: 'upsert', parameters: { profileFields: { city: V } }, field: 'City', good: 'Oslo', rows: STRUCTURED, keepRest: true, group: 'city' }),
	...fromSpec({
		node: 'upsert',
		parameters: { customProperties: { property: [{ name: 'Notes', value: V }] } },
		field: 'Custom Properties',
		good: 'fine',
		rows: [
			['a 150 KB custom property', PROPERTY_150_KB],
			// The profile's attributes stay under 100 KiB (102,389 bytes); the request around them does not.
			['a property at the 100 KB edge', 'z'.repeat(102_260)],
		],
		keepRest: true,
		group: 'custom property',
	}),
	...fromSpec({
		node: 'upsert',
		parameters: { customProperties: { property: [{ name: V, value: 'x' }] } },
		field: 'Custom Properties',
		good: 'Notes',
		rows: [['empty property name', ''], ...STRUCTURED.slice(0, 2)],
		keepRest: true,
		group: 'custom property name',
	}),
	...fromSpec({ node: 'upsert', parameters: { mergeMode: V }, field: 'Existing Profile Sync', good: 'fillEmpty', rows: [['unknown mode', 'overwrite'], ['object', { a: 1 }]], keepRest: true, group: 'merge mode' }),
	...fromSpec({
		node: 'upsert',
		parameters: { referralTotals: true, referralCountValue: V, referralRevenueMode: 'none', referralDateMode: 'none' },
		field: 'Referral Count Value',
		good: 1,
		rows: [['words', 'one'], ['fraction', 1.5], ['object', { a: 1 }]],
		keepRest: true,
		group: 'referral count',
	}),
	...fromSpec({ node: 'upsert', parameters: { referralTotals: true, referralRevenueValue: V, referralDateMode: 'none' }, field: 'Referral Revenue Value', good: '59', rows: BAD_AMOUNTS, keepRest: true, group: 'referral revenue' }),
	...fromSpec({
		node: 'upsert',
		parameters: { referralTotals: true, referralDateValue: V, referralRevenueMode: 'none' },
		field: 'Latest Referral Date Value',
		good: '2026-03-01T10:00:00Z',
		rows: BAD_EVENT_TIMES.filter(([name]) => !['1999', 'two years ahead'].includes(name)),
		keepRest: true,
		group: 'referral date',
	}),
	...fromSpec({ node: 'upsert', parameters: { referralTotals: true, referralId: V, referralRevenueMode: 'none' }, field: 'Referral ID', good: 'conv-1', rows: STRUCTURED, keepRest: true, group: 'referral id' }),
];

const future = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString();

const listCases = (): InputCase[] => [
	...fromSpec({ node: 'list', parameters: { profileId: V }, field: 'Profile ID', good: '', rows: STRUCTURED, keepRest: true, group: 'profile id' }),
	...fromSpec({
		node: 'list',
		parameters: { list: list(V) },
		field: 'List',
		good: LIST_ID,
		rows: [['unknown list', 'NoSuchList1'], ['path traversal', '../profiles'], ['CRLF in the id', 'Xk3Nws\r\nX: 1'], ['empty', ''], ...STRUCTURED],
		keepRest: true,
		group: 'list',
	}),
	...fromSpec({
		node: 'list',
		parameters: { action: 'subscribe', channels: V },
		field: 'Channels',
		good: ['emailMarketing'],
		rows: [['no channel', []], ['a string, not a list', 'emailMarketing'], ['unknown channel', ['carrierPigeon']], ['object', { a: 1 }], ['number', 5]],
		keepRest: true,
		group: 'channels',
	}),
	...fromSpec({ node: 'list', parameters: { action: 'subscribe', consentSource: V }, field: 'Consent Source', good: 'Affiliate program', rows: STRUCTURED, keepRest: true, group: 'consent source' }),
	...fromSpec({
		node: 'list',
		parameters: { action: 'subscribe', historicalImport: true, consentedAt: V },
		field: 'Consented At',
		good: '2024-05-01T10:00:00Z',
		rows: [['in the future', future], ['missing', ''], ['words', 'last spring'], ['impossible date', '2024-02-30T10:00:00Z'], ['object', { a: 1 }]],
		keepRest: true,
		group: 'historical consent',
	}),
	{
		title: 'list subscribe: email consent without an email',
		node: 'list',
		parameters: { ...BASE.list, action: 'subscribe', channels: ['emailMarketing'] },
		good: goodItem.list('unused'),
		bad: { phone: '+15555550123' },
		expect: { field: 'Email' },
	},
	{
		title: 'list subscribe: SMS consent without a phone number',
		node: 'list',
		parameters: { ...BASE.list, action: 'subscribe', channels: ['smsMarketing'] },
		good: { email: 'good@example.com', phone: '+15555550124' },
		bad: { email: 'bad@example.com' },
		expect: { field: 'Phone Number' },
	},
	{
		title: 'list: a URL that is not Klaviyo’s',
		node: 'list',
		parameters: { ...BASE.list, list: { __rl: true, mode: 'url', value: V } },
		good: goodItem.list(`https://www.klaviyo.com/list/${LIST_ID}/members`),
		bad: { email: 'bad@example.com', v: 'https://evil.example/list/abc' },
		expect: { message: /List parameter's value is invalid/ },
	},
];

const trackCases = (): InputCase[] => [
	...fromSpec({ node: 'track', parameters: { time: V }, field: 'Time', good: '2026-03-01T10:00:00Z', rows: BAD_EVENT_TIMES, keepRest: true, group: 'time' }),
	...fromSpec({ node: 'track', parameters: { value: V }, field: 'Value', good: '59', rows: BAD_AMOUNTS, keepRest: true, group: 'value' }),
	...fromSpec({
		node: 'track',
		parameters: { valueCurrency: V },
		field: 'Value Currency',
		good: 'USD',
		rows: [['two letters', 'US'], ['a word', 'dollars'], ['symbols', '€€€'], ['number', 978]],
		keepRest: true,
		group: 'currency',
	}),
	...fromSpec({
		node: 'track',
		parameters: { event: 'custom', metricName: V },
		field: 'Metric Name',
		good: 'Affiliate Bonus',
		rows: [['200 characters', 'M'.repeat(200)], ['empty', ''], ...STRUCTURED],
		keepRest: true,
		group: 'metric name',
	}),
	...fromSpec({
		node: 'track',
		parameters: { eventPropertiesJson: V },
		field: 'Event Properties (JSON)',
		good: '{"campaign":"spring"}',
		rows: [['not JSON', '{campaign: spring'], ['a JSON list', '[1,2]'], ['a JSON string', '"text"'], ['JSON null', 'null'], ['a list from an expression', [1, 2]]],
		keepRest: true,
		group: 'properties JSON',
	}),
	...fromSpec({ node: 'track', parameters: { eventPropertiesJson: V }, field: 'Event Properties → big', good: {}, rows: [['a 150 KB property', { big: PROPERTY_150_KB }]], keepRest: true, group: 'properties' }),
	...fromSpec({ node: 'track', parameters: { eventPropertiesJson: V }, field: 'Event Properties → deep', good: {}, rows: [['nested 12 levels', { deep: nested(11) }]], keepRest: true, group: 'properties' }),
	...fromSpec({ node: 'track', parameters: { eventPropertiesJson: V }, field: 'Event Properties → list', good: {}, rows: [['a list of 5,000', { list: Array.from({ length: 5000 }, (_u, i) => i) }]], keepRest: true, group: 'properties' }),
	...fromSpec({
		node: 'track',
		parameters: { eventPropertiesJson: V },
		field: 'Event Properties',
		good: {},
		rows: [['500 properties', manyProperties(500)], ['over 5 MB in total', overFiveMegabytes()]],
		keepRest: true,
		group: 'properties',
	}),
	...fromSpec({ node: 'track', parameters: { conversionAmount: V }, field: 'Conversion Amount', good: '59', rows: BAD_AMOUNTS, keepRest: true, group: 'conversion amount' }),
	...fromSpec({ node: 'track', parameters: { uniqueIdMode: 'explicit', uniqueId: V }, field: 'Unique ID Value', good: 'u-1', rows: [['empty', ''], ...STRUCTURED], keepRest: true, group: 'unique id' }),
	...fromSpec({ node: 'track', parameters: { sourceEventId: V }, field: 'Source Event ID', good: 'evt-x', rows: STRUCTURED, keepRest: true, group: 'source event id' }),
	...fromSpec({ node: 'track', parameters: { profileId: V }, field: 'Profile ID', good: '', rows: STRUCTURED, keepRest: true, group: 'profile id' }),
	...(['referrer', 'recipient'] as const).flatMap((role) =>
		fromSpec({
			node: 'track',
			parameters: { event: 'receivedReferralCoupon', role: 'both', referrerEmail: '={{ $json.referrer }}', recipientEmail: '={{ $json.recipient }}', [`${role}Email`]: V },
			field: `${role[0].toUpperCase()}${role.slice(1)} Email`,
			good: `${role}@example.com`,
			rows: [...BAD_EMAILS.slice(0, 6), ...NO_IDENTIFIER.slice(0, 2), ...STRUCTURED.slice(0, 1)],
			keepRest: true,
			group: `${role} email`,
		}).map((input) => ({
			...input,
			goodOutputs: 2,
			good: { ...input.good, referrer: 'rita@example.com', recipient: 'rob@example.com' },
			bad: { ...input.bad, referrer: 'rita2@example.com', recipient: 'rob2@example.com' },
		})),
	),
];

export function inputCases(): InputCase[] {
	return [...identifierCases(), ...upsertCases(), ...listCases(), ...trackCases()];
}
