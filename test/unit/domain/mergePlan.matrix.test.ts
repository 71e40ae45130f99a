import { KEPT_REASONS, planProfileMerge, type ProfileMergeOptions } from '../../../nodes/shared/domain';
import { outcomeOf, readPath } from './mergePlanHelpers';

/**
 * The merge modes on an existing profile, for every kind of field and every state of Klaviyo's current value.
 * The profile was found by email; the field under test is the only other incoming field. An identifier other than
 * the one that found the profile (here a phone number) follows the mode like a standard field.
 */

type FieldKind = 'standard field' | 'location field' | 'custom property' | 'identifier';
type ExistingState = 'absent' | 'empty' | 'filled';

const FIELDS: Record<FieldKind, { path: string; incoming: object; existing: Record<ExistingState, object> }> = {
	'standard field': {
		path: 'first_name',
		incoming: { first_name: 'Ann' },
		existing: { absent: {}, empty: { first_name: '  ' }, filled: { first_name: 'Annie' } },
	},
	'location field': {
		path: 'location.city',
		incoming: { location: { city: 'Boston' } },
		existing: {
			absent: { location: { country: 'US' } },
			empty: { location: { city: null } },
			filled: { location: { city: 'Denver' } },
		},
	},
	'custom property': {
		path: 'properties.Affiliate Code',
		incoming: { properties: { 'Affiliate Code': 'ann10' } },
		existing: {
			absent: { properties: { Plan: 'pro' } },
			empty: { properties: { 'Affiliate Code': '' } },
			filled: { properties: { 'Affiliate Code': 'old5' } },
		},
	},
	identifier: {
		path: 'phone_number',
		incoming: { phone_number: '+15555551234' },
		existing: { absent: {}, empty: { phone_number: null }, filled: { phone_number: '+15555550000' } },
	},
};

const ALL_PATHS = Object.values(FIELDS).map((field) => field.path);

const MODES: Record<string, ProfileMergeOptions> = {
	keepExisting: { mode: 'keepExisting' },
	fillEmpty: { mode: 'fillEmpty' },
	'overwriteSelected, field selected': { mode: 'overwriteSelected', overwrite: ALL_PATHS },
	'overwriteSelected, field not selected': { mode: 'overwriteSelected', overwrite: [] },
};

const SENT = 'sent';
type Expected = typeof SENT | string;

const MATRIX: Array<[mode: string, existing: ExistingState, kind: FieldKind, expected: Expected]> = [
	['keepExisting', 'absent', 'standard field', KEPT_REASONS.keepExisting],
	['keepExisting', 'absent', 'location field', KEPT_REASONS.keepExisting],
	['keepExisting', 'absent', 'custom property', SENT],
	['keepExisting', 'absent', 'identifier', KEPT_REASONS.keepExisting],
	['keepExisting', 'empty', 'standard field', KEPT_REASONS.keepExisting],
	['keepExisting', 'empty', 'location field', KEPT_REASONS.keepExisting],
	['keepExisting', 'empty', 'custom property', SENT],
	['keepExisting', 'empty', 'identifier', KEPT_REASONS.keepExisting],
	['keepExisting', 'filled', 'standard field', KEPT_REASONS.keepExisting],
	['keepExisting', 'filled', 'location field', KEPT_REASONS.keepExisting],
	['keepExisting', 'filled', 'custom property', SENT],
	['keepExisting', 'filled', 'identifier', KEPT_REASONS.keepExisting],

	['fillEmpty', 'absent', 'standard field', SENT],
	['fillEmpty', 'absent', 'location field', SENT],
	['fillEmpty', 'absent', 'custom property', SENT],
	['fillEmpty', 'absent', 'identifier', SENT],
	['fillEmpty', 'empty', 'standard field', SENT],
	['fillEmpty', 'empty', 'location field', SENT],
	['fillEmpty', 'empty', 'custom property', SENT],
	['fillEmpty', 'empty', 'identifier', SENT],
	['fillEmpty', 'filled', 'standard field', KEPT_REASONS.fillEmpty],
	['fillEmpty', 'filled', 'location field', KEPT_REASONS.fillEmpty],
	['fillEmpty', 'filled', 'custom property', SENT],
	['fillEmpty', 'filled', 'identifier', KEPT_REASONS.fillEmpty],

	['overwriteSelected, field selected', 'absent', 'standard field', SENT],
	['overwriteSelected, field selected', 'absent', 'location field', SENT],
	['overwriteSelected, field selected', 'absent', 'custom property', SENT],
	['overwriteSelected, field selected', 'absent', 'identifier', SENT],
	['overwriteSelected, field selected', 'empty', 'standard field', SENT],
	['overwriteSelected, field selected', 'empty', 'location field', SENT],
	['overwriteSelected, field selected', 'empty', 'custom property', SENT],
	['overwriteSelected, field selected', 'empty', 'identifier', SENT],
	['overwriteSelected, field selected', 'filled', 'standard field', SENT],
	['overwriteSelected, field selected', 'filled', 'location field', SENT],
	['overwriteSelected, field selected', 'filled', 'custom property', SENT],
	['overwriteSelected, field selected', 'filled', 'identifier', SENT],

	['overwriteSelected, field not selected', 'absent', 'standard field', KEPT_REASONS.notSelected],
	['overwriteSelected, field not selected', 'absent', 'location field', KEPT_REASONS.notSelected],
	['overwriteSelected, field not selected', 'absent', 'custom property', SENT],
	['overwriteSelected, field not selected', 'absent', 'identifier', KEPT_REASONS.notSelected],
	['overwriteSelected, field not selected', 'empty', 'standard field', KEPT_REASONS.notSelected],
	['overwriteSelected, field not selected', 'empty', 'location field', KEPT_REASONS.notSelected],
	['overwriteSelected, field not selected', 'empty', 'custom property', SENT],
	['overwriteSelected, field not selected', 'empty', 'identifier', KEPT_REASONS.notSelected],
	['overwriteSelected, field not selected', 'filled', 'standard field', KEPT_REASONS.notSelected],
	['overwriteSelected, field not selected', 'filled', 'location field', KEPT_REASONS.notSelected],
	['overwriteSelected, field not selected', 'filled', 'custom property', SENT],
	['overwriteSelected, field not selected', 'filled', 'identifier', KEPT_REASONS.notSelected],
];

describe('planProfileMerge on an existing profile', () => {
	test.each(MATRIX)('%s mode, Klaviyo value %s: %s → %s', (mode, state, kind, expected) => {
		const field = FIELDS[kind];
		const existing = { email: 'ann@example.com', ...field.existing[state] };
		const incoming = { email: 'ann@example.com', ...field.incoming };

		const plan = planProfileMerge(existing, incoming, MODES[mode]);

		const existingValue = readPath(existing, field.path);
		const incomingValue = readPath(incoming, field.path);
		const expectedOutcome =
			expected === SENT
				? {
						sent: incomingValue,
						change: { from: state === 'filled' ? existingValue : null, to: incomingValue },
						kept: undefined,
					}
				: {
						sent: undefined,
						change: undefined,
						kept: { existing: existingValue, incoming: incomingValue, reason: expected },
					};
		expect(outcomeOf(plan, field.path)).toEqual(expectedOutcome);
	});
});
