import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { KlaviyoUpsertAffiliateProfile } from '../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';
import { planProfileMerge, type ProfileMergeMode, type ProfileMergePlan } from '../../nodes/shared/domain';
import { runWithApiKey, useKlaviyoDouble } from './support';

/**
 * Issue 13, item 5: `planProfileMerge` is the whole merge rule. The exported domain function and the Upsert node
 * (through n8n-core, against the Klaviyo double) must give the same answer for the same existing profile and input:
 * what is sent, what changes, what is kept and why — identifiers included.
 */

const getDouble = useKlaviyoDouble();

type Identifier = 'email' | 'phone_number' | 'external_id';
type Incoming = 'absent' | 'same' | 'new';

const IDENTIFIERS: Identifier[] = ['email', 'phone_number', 'external_id'];

const MODES: Array<{ label: string; mode: ProfileMergeMode; overwrite: string[] }> = [
	{ label: 'keepExisting', mode: 'keepExisting', overwrite: [] },
	{ label: 'fillEmpty', mode: 'fillEmpty', overwrite: [] },
	{ label: 'overwriteSelected, identifiers not selected', mode: 'overwriteSelected', overwrite: [] },
	{ label: 'overwriteSelected, identifiers selected', mode: 'overwriteSelected', overwrite: [...IDENTIFIERS] },
];

/** One person's values: `n` keeps every case's profile and identifiers apart; `old` values are Klaviyo's. */
function valueOf(field: Identifier, n: number, which: 'old' | 'new'): string {
	const serial = String(n).padStart(3, '0');
	if (field === 'email') return `case${serial}.${which}@example.com`;
	if (field === 'phone_number') return `+1555555${which === 'old' ? '1' : '2'}${serial}`;
	return `crm-${which}-${serial}`;
}

interface Case {
	n: number;
	name: string;
	existing: IDataObject;
	incoming: IDataObject;
}

/**
 * Every existing profile with some of email / phone / external id, and every incoming combination of those that
 * still finds it (at least one identifier equal to Klaviyo's): each other identifier absent, equal, or new.
 */
function buildCases(): Case[] {
	const cases: Case[] = [];
	const subsets = [1, 2, 3, 4, 5, 6, 7].map((mask) => IDENTIFIERS.filter((_, bit) => mask & (1 << bit)));
	for (const held of subsets) {
		const choices = IDENTIFIERS.map((field): Incoming[] => (held.includes(field) ? ['absent', 'same', 'new'] : ['absent', 'new']));
		for (const combination of cartesian(choices)) {
			if (!combination.includes('same')) continue;
			const n = cases.length;
			const existing: IDataObject = {};
			for (const field of held) existing[field] = valueOf(field, n, 'old');
			const incoming: IDataObject = {};
			combination.forEach((choice, index) => {
				const field = IDENTIFIERS[index];
				if (choice !== 'absent') incoming[field] = valueOf(field, n, choice === 'same' ? 'old' : 'new');
			});
			// An affiliate property is sent in every mode, so every case makes exactly one write to compare.
			incoming.properties = { 'Affiliate Code': `code-${n}` };
			const name = `Klaviyo has ${held.join('+')}; incoming ${IDENTIFIERS.map((field, index) => `${field} ${combination[index]}`).join(', ')}`;
			cases.push({ n, name, existing, incoming });
		}
	}
	return cases;
}

/** JSON with object keys sorted, so two outcomes compare by content and not by key order. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, inner: unknown) =>
		inner && typeof inner === 'object' && !Array.isArray(inner)
			? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
			: inner,
	);
}

function cartesian<T>(lists: T[][]): T[][] {
	return lists.reduce<T[][]>((rows, list) => rows.flatMap((row) => list.map((value) => [...row, value])), [[]]);
}

const CASES = buildCases();

/** The comparable outcome: the attributes written, the changes, and each kept field's reason. */
function outcome(attributes: object, changes: ProfileMergePlan['changes'], kept: ProfileMergePlan['kept']) {
	return {
		attributes,
		changes,
		kept: Object.fromEntries(Object.entries(kept).map(([path, entry]) => [path, entry.reason])),
	};
}

/**
 * Runs `cases` through the node in one execution, every case's profile seeded; returns each case's outcome by its
 * number. A case's write is found by its unique affiliate code (an unread profile is written without its id).
 */
async function runNode(cases: Case[], mode: ProfileMergeMode, overwrite: string[]): Promise<Map<number, NodeOutcome>> {
	const double = getDouble();
	double.reset();
	double.seed({ profiles: CASES.map(({ n, existing }) => ({ id: `P${n}`, attributes: existing })) });
	const items = cases.map(({ incoming }) => ({
		email: incoming.email ?? '',
		phone: incoming.phone_number ?? '',
		externalId: incoming.external_id ?? '',
		code: (incoming.properties as IDataObject)['Affiliate Code'],
	}));
	const parameters = {
		email: '={{ $json.email }}',
		phoneNumber: '={{ $json.phone }}',
		externalId: '={{ $json.externalId }}',
		affiliateFields: ['affiliateCode'],
		affiliateCode: '={{ $json.code }}',
		mergeMode: mode,
		overwriteFields: overwrite,
		options: { batchMode: 'perItem' },
	};
	const { output, error } = await runWithApiKey(double, new KlaviyoUpsertAffiliateProfile(), parameters, items);
	expect(error).toBeUndefined();
	const sentByCode = new Map<unknown, IDataObject>();
	for (const entry of double.requests()) {
		if (entry.operationId !== 'create_or_update_profile') continue;
		const { attributes } = (entry.body as { data: { attributes: IDataObject } }).data;
		sentByCode.set((attributes.properties as IDataObject)['Affiliate Code'], attributes);
	}
	return new Map(
		output.map((item: INodeExecutionData, index) => {
			const { n, incoming } = cases[index];
			const json = item.json as { changes: ProfileMergePlan['changes']; kept: ProfileMergePlan['kept']; profileId: string; compared?: boolean };
			expect(json.profileId).toBe(`P${n}`);
			const sent = sentByCode.get((incoming.properties as IDataObject)['Affiliate Code']) ?? {};
			return [n, { outcome: outcome(sent, json.changes, json.kept), compared: json.compared !== false }];
		}),
	);
}

interface NodeOutcome {
	outcome: ReturnType<typeof outcome>;
	/** False when the node wrote without reading the profile (one identifier, only affiliate properties). */
	compared: boolean;
}

/** Cases with one incoming identifier run on their own: alone, the node writes them without reading the profile. */
const [SINGLE, SEVERAL] = [
	CASES.filter(({ incoming }) => IDENTIFIERS.filter((field) => incoming[field] !== undefined).length === 1),
	CASES.filter(({ incoming }) => IDENTIFIERS.filter((field) => incoming[field] !== undefined).length > 1),
];

test(`the node does what planProfileMerge says: ${MODES.length} modes × ${CASES.length} cases of existing and incoming identifiers`, async () => {
	expect(CASES.length).toBeGreaterThan(50);
	expect(SINGLE.length).toBeGreaterThan(0);
	const differences: string[] = [];
	for (const { label, mode, overwrite } of MODES) {
		const node = new Map([...(await runNode(SINGLE, mode, overwrite)), ...(await runNode(SEVERAL, mode, overwrite))]);
		for (const { n, name, existing, incoming } of CASES) {
			const plan = planProfileMerge(existing, incoming, { mode, overwrite });
			const { outcome: actual, compared } = node.get(n)!;
			const expected = outcome(plan.attributes, plan.changes, plan.kept);
			// Unread, the node cannot say what changes (`compared: false` says so); what it sends and keeps must still agree.
			if (!compared) expected.changes = actual.changes;
			if (canonical(actual) !== canonical(expected)) {
				differences.push(`${label}: ${name}${compared ? '' : ' (not read)'}\n  domain: ${canonical(expected)}\n  node:   ${canonical(actual)}`);
			}
		}
	}
	expect(differences).toEqual([]);
});
