import type { IDataObject } from 'n8n-workflow';

import type { DoubleState } from '../../test/double/types';
import { AFFILIATE_LIST, METRIC } from './data';
import type { PipelineRun } from './pipeline';

export interface Outcome {
	affiliates: number;
	/** Affiliates missing any of: profile with names and affiliate values, email consent + list membership, one event. */
	lost: number;
	lostProfiles: number;
	lostSubscriptions: number;
	lostEvents: number;
	/** Extra "Affiliate Approved" events beyond one per affiliate. */
	duplicates: number;
	/**
	 * Profiles that hold the referral link and coupon, but not under the names the README documents ("Affiliate
	 * Referral Link", "Affiliate Coupon Code"): not lost, but a flow that reads those names finds nothing.
	 */
	misnamedProperties: number;
	/** The affiliate property names found on the first affiliate's profile. */
	propertyNames: string[];
	/** Output items that carry an error, per step. */
	errorItems: Record<string, number>;
	stepErrors: string[];
}

const DOCUMENTED = { link: 'Affiliate Referral Link', coupon: 'Affiliate Coupon Code' };

/** Checks every affiliate's end state in the double against its row: nothing lost, nothing twice. */
export function checkOutcome(rows: IDataObject[], state: DoubleState, steps: PipelineRun['steps']): Outcome {
	const byEmail = new Map(state.profiles.map((profile) => [profile.attributes.email, profile]));
	const list = state.lists.find((candidate) => candidate.id === AFFILIATE_LIST.id);
	const members = new Set(list?.members ?? []);
	const eventsPerProfile = new Map<string, number>();
	for (const event of state.events) {
		if (event.metric === METRIC) eventsPerProfile.set(event.profile_id, (eventsPerProfile.get(event.profile_id) ?? 0) + 1);
	}
	const outcome: Outcome = {
		affiliates: rows.length,
		lost: 0,
		lostProfiles: 0,
		lostSubscriptions: 0,
		lostEvents: 0,
		duplicates: 0,
		misnamedProperties: 0,
		propertyNames: Object.keys(byEmail.get(String(rows[0]?.email))?.attributes.properties ?? {}),
		errorItems: {},
		stepErrors: [],
	};
	for (const row of rows) {
		const profile = byEmail.get(String(row.email));
		const properties = profile?.attributes.properties ?? {};
		const values = new Set(Object.values(properties));
		const profileOk =
			profile !== undefined &&
			profile.attributes.first_name === row.first_name &&
			profile.attributes.last_name === row.last_name &&
			values.has(row.referral_link) &&
			values.has(row.coupon_code);
		if (profileOk && (properties[DOCUMENTED.link] !== row.referral_link || properties[DOCUMENTED.coupon] !== row.coupon_code)) {
			outcome.misnamedProperties += 1;
		}
		const subscribed = profile !== undefined && profile.subscriptions.email.marketing.consent === 'SUBSCRIBED' && members.has(profile.id);
		const events = profile ? (eventsPerProfile.get(profile.id) ?? 0) : 0;
		if (!profileOk) outcome.lostProfiles += 1;
		if (!subscribed) outcome.lostSubscriptions += 1;
		if (events === 0) outcome.lostEvents += 1;
		if (!profileOk || !subscribed || events === 0) outcome.lost += 1;
		outcome.duplicates += Math.max(0, events - 1);
	}
	for (const step of steps) {
		outcome.errorItems[step.step] = step.outputs.filter((json) => json.error !== undefined).length;
		if (step.error) outcome.stepErrors.push(`${step.step}: ${step.error}`);
	}
	return outcome;
}
