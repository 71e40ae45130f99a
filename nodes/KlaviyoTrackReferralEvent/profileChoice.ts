import type { INodeProperties } from 'n8n-workflow';

import { REFERRAL_PRESETS } from './presets';

/** Events whose profile the user chooses: the referral coupons, and (from version 2) custom metrics. */
export const CHOOSABLE_PROFILE_EVENTS = [...REFERRAL_PRESETS, 'custom'];

/**
 * The *Profile* choice, per node version (n8n does not store a default in the workflow, so each version keeps its own):
 * - 1: a referral coupon goes on the referrer unless told otherwise, a custom metric on the affiliate;
 * - 2: "From the Event" follows who acted (the trigger's `referral.actor`) and, when the item does not say, falls
 *   back to the referrer (a custom metric: the affiliate);
 * - 3: "From the Event" never guesses: an event that names both people and not who acted fails the item, saying how
 *   to fix it, because the fallback put a friend's redemption on the referrer's profile.
 */
export function profileChoice(): INodeProperties[] {
	const recipient = { name: 'Recipient', value: 'recipient', description: 'The person who was referred' };
	const referrer = { name: 'Referrer', value: 'referrer', description: 'The person who referred' };
	const both = { name: 'Referrer and Recipient', value: 'both', description: 'One input item records the event on both profiles' };
	const fromEvent = { name: 'From the Event', value: 'fromEvent' };
	const guessing = {
		...fromEvent,
		description:
			'Whoever acted, as the trigger’s referral.actor says: a coupon issued to or redeemed by the recipient goes on the recipient only. When the item does not say: the referrer (a custom metric: the affiliate).',
	};
	const asking = {
		...fromEvent,
		description:
			'Whoever acted, as the trigger’s referral.actor says: a coupon issued to or redeemed by the recipient goes on the recipient only. When the item names both people and not who acted, the item fails: send customer_role, or choose Referrer or Recipient.',
	};
	const affiliate = { name: 'Affiliate', value: 'affiliate', description: 'The affiliate the input item is about' };
	const property = { displayName: 'Profile', name: 'role', type: 'options' as const };
	const shown = (event: string[], version: number) => ({ show: { event, '@version': [version] } });
	return [
		{ ...property, options: [recipient, referrer, both], default: 'referrer', displayOptions: shown(REFERRAL_PRESETS, 1) },
		{ ...property, options: [guessing, recipient, referrer, both], default: 'fromEvent', displayOptions: shown(REFERRAL_PRESETS, 2) },
		{ ...property, options: [affiliate, guessing, recipient, referrer, both], default: 'fromEvent', displayOptions: shown(['custom'], 2) },
		{ ...property, options: [asking, recipient, referrer, both], default: 'fromEvent', displayOptions: shown(REFERRAL_PRESETS, 3) },
		{ ...property, options: [affiliate, asking, recipient, referrer, both], default: 'fromEvent', displayOptions: shown(['custom'], 3) },
	];
}
