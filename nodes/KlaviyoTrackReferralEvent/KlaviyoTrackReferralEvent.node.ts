import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { namesFor } from '../shared/domain';
import { klaviyoCredentials } from '../shared/klaviyo/authentication';
import { chosenOptionName } from '../shared/n8n/subtitle';
import { EVENT_OPTIONS, trackReferralEventProperties } from './description';
import { trackReferralEvents } from './track';

/** The canvas shows the metric as it will be named in Klaviyo. */
const OKENDO_METRICS = JSON.stringify(namesFor('okendo').metrics);

export class KlaviyoTrackReferralEvent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Klaviyo Track Referral Event',
		name: 'klaviyoTrackReferralEvent',
		icon: { light: 'file:trackReferralEvent.svg', dark: 'file:trackReferralEvent.dark.svg' },
		group: ['output'],
		// Version 2: the Profile of a referral coupon or custom metric follows who acted by default (see roles.ts).
		// Version 3: unique ids come from the event's fact id (one Klaviyo event whichever path brought the fact), and
		// "From the Event" no longer guesses whose act an event naming both people is.
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: `={{ $parameter["event"] === "custom" ? $parameter["metricName"] : ((${OKENDO_METRICS}[$parameter["naming"] === "okendo" ? $parameter["event"] : ""]) || ${chosenOptionName('event', EVENT_OPTIONS)}) }}`,
		description:
			'Record affiliate and referral events in Klaviyo (approved, conversion, commission paid, referral coupons) exactly once, to trigger flows',
		defaults: { name: 'Track Referral Event' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: klaviyoCredentials,
		hints: [
			{
				message:
					'Without a Source Event ID (or a mapped Unique ID), Klaviyo keeps at most one event per profile per metric per second, and a redelivered webhook is recorded again.',
				type: 'warning',
				location: 'outputPane',
				whenToDisplay: 'beforeExecution',
				displayCondition: '={{ $parameter["uniqueIdMode"] === "none" }}',
			},
		],
		properties: trackReferralEventProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await trackReferralEvents.call(this);
	}
}
