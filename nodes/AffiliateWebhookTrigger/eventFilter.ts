import type { NormalizedAffiliateEvent } from '../shared/webhooks';

export interface EventFilter {
	/** The *Events* parameter: the types that start the workflow; empty for all. */
	wanted: string[];
	/** Whether `unknown` (a delivery the trigger could not classify) starts the workflow although not ticked. */
	passUnclassified: boolean;
}

export interface FilteredEvents {
	passed: NormalizedAffiliateEvent[];
	/** The types left out, each once, in the order met: said in the answer and the log, never dropped in silence. */
	droppedTypes: string[];
}

export function applyEventFilter(events: NormalizedAffiliateEvent[], filter: EventFilter): FilteredEvents {
	if (filter.wanted.length === 0) return { passed: events, droppedTypes: [] };
	const passes = (event: NormalizedAffiliateEvent) =>
		filter.wanted.includes(event.type) || (event.type === 'unknown' && filter.passUnclassified);
	const passed = events.filter(passes);
	const droppedTypes = [...new Set(events.filter((event) => !passes(event)).map((event) => event.type))];
	return { passed, droppedTypes };
}
