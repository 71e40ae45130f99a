import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	eventsAllowedFor,
	normalizeWebhookDelivery,
	rememberDeliveries,
	type AffiliatePlatform,
	type NormalizedAffiliateEvent,
	type Verdict,
} from '../shared/webhooks';
import { applyEventFilter, type EventFilter } from './eventFilter';
import { RESPOND_WHEN_FINISHED } from './description';
import { fallbackEvent } from './fallbackEvent';
import { claimEvents, settleWhenAnswered } from './runOutcomes';
import { positiveOption } from './numericOption';

/** A delivery whose signature held and whose body is JSON: everything the rest of the way needs. */
export interface VerifiedDelivery {
	platform: AffiliatePlatform;
	verdict: Verdict;
	body: unknown;
	options: IDataObject;
	reply: (status: number, body: IDataObject) => IWebhookResponseData;
}

/** The normalized events and what could not be read; our own failure becomes one `unknown` event, never a throw. */
function normalize(this: IWebhookFunctions, delivery: VerifiedDelivery): { events: NormalizedAffiliateEvent[]; warnings: string[] } {
	const { platform, verdict, body, options } = delivery;
	try {
		const query = this.getQueryData() as Record<string, unknown>;
		const sourceTimeZone = typeof options.sourceTimeZone === 'string' ? options.sourceTimeZone.trim() : '';
		return normalizeWebhookDelivery({
			platform,
			headers: this.getRequestObject().headers,
			body,
			options: {
				sourceTimeZone: sourceTimeZone || undefined,
				// UpPromote subscribes one URL per event: append ?topic=<event> to say which.
				topic: typeof query.topic === 'string' ? query.topic : undefined,
				deliveryId: verdict.deliveryId,
				signedHeaders: verdict.signedHeaders,
				// The bound on events grows with the body cap the user chose (receiveDelivery refused larger bodies).
				maxEvents: eventsAllowedFor(positiveOption(options.maxBodyKb, 1024) * 1024),
			},
		});
	} catch (error) {
		return {
			events: [fallbackEvent(platform, body, verdict.deliveryId)],
			warnings: [`the delivery could not be normalized (${String((error as Error)?.message ?? error).slice(0, 120)}); kept as unknown`],
		};
	}
}

function eventFilterOf(this: IWebhookFunctions): EventFilter {
	const passByDefault = this.getNode().typeVersion >= 2;
	return {
		wanted: this.getNodeParameter('events', []) as string[],
		passUnclassified: this.getNodeParameter('passUnclassified', passByDefault) as boolean,
	};
}

const asItems = (events: NormalizedAffiliateEvent[], warnings: string[]) => [
	events.map((event) => ({ json: (warnings.length > 0 ? { ...event, warnings } : event) as unknown as IDataObject })),
];

/**
 * After the signature check: normalize, filter, drop redeliveries, start the run. Whatever goes wrong in here is
 * our fault, not the sender's, so the caller turns an exception into an `unknown` event rather than n8n's 500.
 */
export function startEvents(this: IWebhookFunctions, delivery: VerifiedDelivery): IWebhookResponseData {
	const { options, reply } = delivery;
	const { events, warnings } = normalize.call(this, delivery);
	for (const warning of warnings) this.logger.warn(`Affiliate Webhook Trigger: ${warning}`, { workflowId: this.getWorkflow().id });

	const { passed, droppedTypes } = applyEventFilter(events, eventFilterOf.call(this));
	if (droppedTypes.length > 0) {
		const message = `Affiliate Webhook Trigger: left out by the Events filter: ${droppedTypes.join(', ')}`;
		if (droppedTypes.includes('unknown')) this.logger.warn(message, { workflowId: this.getWorkflow().id });
		else this.logger.debug(message, { workflowId: this.getWorkflow().id });
	}
	if (passed.length === 0) return reply(200, { received: true, started: false, reason: 'filtered out', filtered: droppedTypes });
	if (options.dropReplays === false) return { workflowData: asItems(passed, warnings) };

	const ttlSeconds = positiveOption(options.replayWindowHours, 72) * 3600;
	if (this.getNodeParameter('responseMode', '') !== RESPOND_WHEN_FINISHED) {
		const store = this.getWorkflowStaticData('node');
		const nowSeconds = Math.floor(Date.now() / 1000);
		// One pass over the store for all the delivery's events: a payment can carry thousands.
		const duplicates = rememberDeliveries(store, passed.map((event) => event.id), nowSeconds, { ttlSeconds });
		const fresh = passed.filter((_, index) => !duplicates[index]);
		if (fresh.length === 0) return reply(200, { received: true, started: false, reason: 'already received' });
		return { workflowData: asItems(fresh, warnings) };
	}

	// Per mode too: a run from the Test URL ("manual") must not make the production delivery of the event a redelivery.
	const triggerKey = [this.getWorkflow().id ?? '', this.getNode().id ?? this.getNode().name, this.getMode()].join('\u0000');
	const claimed = claimEvents(triggerKey, passed, { ttlSeconds });
	if (claimed.fresh.length === 0) {
		if (claimed.running.length > 0) {
			// Retryable on purpose: if the run in progress fails, this delivery must come back and run.
			return reply(503, { error: 'still running', reason: 'a run of the same event is in progress; retry later' });
		}
		return reply(200, { received: true, started: false, reason: 'already received' });
	}
	settleWhenAnswered(
		triggerKey,
		claimed.fresh.map((event) => event.id),
		this.getResponseObject(),
		{ ttlSeconds },
	);
	return { workflowData: asItems(claimed.fresh, warnings) };
}
