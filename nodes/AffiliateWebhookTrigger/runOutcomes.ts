import { claimDeliveries, settleDeliveries, type ClaimOptions, type ClaimVerdict } from '../shared/webhooks/replayStore';

/*
 * Redeliveries when the answer waits for the run ("Respond: When the Workflow Finishes").
 *
 * Why not the workflow's static data, as when answering at once: n8n saves the static data a trigger changed only
 * together with its answer, which in this mode comes after the run — and it saves it whatever the outcome, while no
 * node API tells a trigger that outcome. A claim written there would only become visible once the run was over, and
 * a failed run would look exactly like a successful one. The one place the outcome shows is the HTTP answer n8n
 * writes through the response this process holds: 2xx when the run succeeded, 500 when it failed. So claims and
 * outcomes are kept in this process's memory, one replay store per trigger node, with the same window and cap.
 * What that gives and does not give is in the README (Respond option).
 */
const storesByTrigger = new Map<string, Record<string, unknown>>();

function storeOf(triggerKey: string): Record<string, unknown> {
	let store = storesByTrigger.get(triggerKey);
	if (!store) {
		store = {};
		storesByTrigger.set(triggerKey, store);
	}
	return store;
}

/**
 * Seconds on a monotonic clock: these stores never leave the process, so they need no calendar time, and a wall clock
 * set back (or forward) would stretch an abandoned claim's lease, or end a running one early and let a second run in.
 */
const nowSeconds = () => Math.floor(performance.now() / 1000);

export interface ClaimedEvents<T> {
	/** Claimed now: start these. */
	fresh: T[];
	/** A run of these is in progress here: the platform should ask again later. */
	running: T[];
	/** Run successfully within the window: nothing to do. */
	done: T[];
}

export function claimEvents<T extends { id: string }>(triggerKey: string, events: T[], options: ClaimOptions): ClaimedEvents<T> {
	const store = storeOf(triggerKey);
	const claimed: ClaimedEvents<T> = { fresh: [], running: [], done: [] };
	const sorted: Record<ClaimVerdict, T[]> = { fresh: claimed.fresh, running: claimed.running, done: claimed.done };
	// One pass over the store for all the delivery's events (a payment can carry thousands); verdict i is event i's.
	const verdicts = claimDeliveries(store, events.map((event) => event.id), nowSeconds(), options);
	events.forEach((event, index) => sorted[verdicts[index]].push(event));
	return claimed;
}

/** What this needs of the HTTP response: Node's `ServerResponse` (which Express's response is) has all three. */
interface AnsweredResponse {
	statusCode?: number;
	once?: (event: 'finish', listener: () => void) => unknown;
	end?: (...args: never[]) => unknown;
}

/**
 * Settles the claims once n8n answers: a 2xx means the run succeeded, so the ids are remembered; any other status
 * releases them, so a redelivery runs. The answer is read when n8n ends the response, not only on 'finish': a sender
 * that hangs up mid-run (its timeout is shorter than the run) gets no 'finish' — Node emits only 'close' — yet n8n
 * still writes the run's outcome when it ends, and its retry must then find the event done, or free to run. Only a
 * run that never ends leaves its claims to the lease.
 */
export function settleWhenAnswered(triggerKey: string, ids: string[], response: AnsweredResponse, options: ClaimOptions): void {
	const store = storeOf(triggerKey);
	let settled = false;
	const settle = (succeeded: boolean) => {
		if (settled) return;
		settled = true;
		settleDeliveries(store, ids, nowSeconds(), succeeded, options);
	};
	const settleFromStatus = () => settle((response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300);
	const end = response.end;
	if (typeof response.once !== 'function' || typeof end !== 'function') {
		// No way to learn the outcome: release at once rather than block redeliveries for the whole lease.
		settle(false);
		return;
	}
	response.once('finish', settleFromStatus);
	response.end = function (this: unknown, ...args: never[]) {
		settleFromStatus();
		return end.apply(this, args);
	};
}
