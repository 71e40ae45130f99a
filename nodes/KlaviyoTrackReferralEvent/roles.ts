import type { IExecuteFunctions } from 'n8n-workflow';

import type { AffiliateRecord } from '../shared/domain';
import { fieldError } from '../shared/n8n/itemResults';
import type { EventPreset, ProfileRole } from './presets';

const CHOSEN_ROLES = new Map<unknown, ProfileRole[]>([
	['affiliate', ['affiliate']],
	['referrer', ['referrer']],
	['recipient', ['recipient']],
	['both', ['referrer', 'recipient']],
]);

/**
 * Whose profile records the event. An event with one owner (the affiliate's, or a sent referral: the referrer's)
 * goes there. Otherwise the *Profile* choice; from version 2 its default, "From the Event", follows who acted — the
 * trigger's `referral.actor` — so a recipient's redemption never lands on the referrer. When the item does not say:
 * version 2 falls back to version 1's defaults (the referrer for a referral preset, the affiliate for a custom
 * metric); version 3 takes the only person the item names, and fails an item that names both rather than guess.
 */
export function readRoles(context: IExecuteFunctions, itemIndex: number, preset: EventPreset | undefined, record: AffiliateRecord): ProfileRole[] {
	if (preset && !preset.roles.includes('recipient')) return [preset.roles[0]];
	const version = context.getNode().typeVersion;
	const fallback: ProfileRole = preset ? 'referrer' : 'affiliate';
	if (!preset && version < 2) return [fallback];
	const choice = context.getNodeParameter('role', itemIndex, version < 2 ? fallback : 'fromEvent');
	if (choice === 'fromEvent') {
		if (record.unreadableReferralActor !== undefined) {
			throw fieldError(context, itemIndex, 'Profile', `"From the Event" reads the item's referral.actor, which must be "referrer" or "recipient" (null when the event does not say), got ${JSON.stringify(record.unreadableReferralActor)}`);
		}
		if (record.referralActor) return [record.referralActor];
		return [version >= 3 ? onlyPersonNamed(context, itemIndex, record, fallback) : fallback];
	}
	const roles = CHOSEN_ROLES.get(choice);
	if (!roles || (preset && roles.includes('affiliate'))) {
		const allowed = ['fromEvent', ...CHOSEN_ROLES.keys()].filter((role) => !preset || role !== 'affiliate');
		throw fieldError(context, itemIndex, 'Profile', `must be one of ${allowed.join(', ')}, got ${String(JSON.stringify(choice)).slice(0, 100)}`);
	}
	return roles;
}

/**
 * An event that does not say who acted belongs to the only person it names. One that names the recipient and
 * someone on the referrer's side (the referrer, or the affiliate) cannot be given to either without guessing — a
 * friend's redemption recorded on the referrer sends the referrer the friend's email — so the item fails, saying the
 * two ways to settle it.
 */
function onlyPersonNamed(context: IExecuteFunctions, itemIndex: number, record: AffiliateRecord, fallback: ProfileRole): ProfileRole {
	const recipient = record.recipientEmail ?? record.recipientPhone;
	const referrerSide = record.referrerEmail ?? record.referrerPhone ?? record.email ?? record.phone ?? record.externalId ?? record.profileId;
	if (recipient === undefined) return fallback;
	if (referrerSide === undefined) return 'recipient';
	throw fieldError(
		context,
		itemIndex,
		'Profile',
		'"From the Event" cannot tell whose act this is: the event names both the referrer and the recipient but not who acted ' +
			'(referral.actor is null: the event sent no role, or role fields that disagree). Send one role with the event ' +
			'(customer_role: "referrer" or "recipient"), or set Profile to Referrer or Recipient.',
	);
}
