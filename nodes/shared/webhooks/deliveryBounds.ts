/**
 * Bounds on what one delivery turns into, so that what n8n copies and stores grows with the body, not with the square
 * of it: one event per id, and a bounded list of warnings on every item.
 */

/**
 * One event per id: a delivery that lists the same thing twice (a Refersion payment naming one affiliate under two
 * keys) says one thing, and thousands of copies of one event — each carrying the whole list of its payments — would
 * only multiply what n8n copies and stores. The first one stands; the warning says how many were left out.
 */
export function onePerId<T extends { id: string }>(events: T[], warn: (message: string) => void): T[] {
	if (events.length < 2) return events;
	const seen = new Set<string>();
	const kept = events.filter((event) => !seen.has(event.id) && Boolean(seen.add(event.id)));
	const repeated = events.length - kept.length;
	if (repeated > 0) warn(`${repeated} event${repeated === 1 ? '' : 's'} repeated the id of an earlier one in the same delivery (the same affiliate listed twice) and ${repeated === 1 ? 'was' : 'were'} left out`);
	return kept;
}

const MAX_WARNINGS = 20;

/** A warning with its particulars (quoted values, numbers) taken out: warnings of one kind share it. */
const kindOf = (warning: string) => warning.replace(/"[^"]*"|\d+/g, '#');

/**
 * The warnings every item of the delivery carries, bounded: a payment with thousands of affiliates can raise one per
 * affiliate. Each kind of warning shows at least once before any kind shows twice, so a rare one is not hidden behind
 * many of another; then a count of the rest.
 */
export function capped(warnings: string[]): string[] {
	const distinct = [...new Set(warnings)];
	if (distinct.length <= MAX_WARNINGS) return distinct;
	const kinds = new Set<string>();
	const firstOfKind: string[] = [];
	for (const warning of distinct) {
		// Once per warning: thousands of affiliates can each raise one.
		const kind = kindOf(warning);
		if (kinds.has(kind)) continue;
		kinds.add(kind);
		firstOfKind.push(warning);
	}
	const shown = new Set(firstOfKind.slice(0, MAX_WARNINGS));
	for (const warning of distinct) {
		if (shown.size >= MAX_WARNINGS) break;
		shown.add(warning);
	}
	const order = distinct.filter((warning) => shown.has(warning));
	return [...order, `…and ${distinct.length - order.length} more warnings`];
}
