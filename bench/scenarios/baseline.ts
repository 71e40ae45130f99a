import type { RateGate as RateGateClass } from '../../nodes/shared/klaviyo/rateGate';
import { rateLimitFloorSeconds } from '../../test/double';
import { admitted, countByOperation, total } from '../lib/analysis';
import { runBaseline } from '../lib/baselineClient';
import { AFFILIATE_LIST, affiliateRows } from '../lib/data';
import { checkOutcome, type Outcome } from '../lib/outcome';
import type { RemoteDouble } from '../lib/remoteDouble';
import { ratio, round } from '../lib/stats';

/** One call per record per step: profile-import, a subscription call for that one profile, one event. */
export const perRecordCalls = (records: number): Record<string, number> => ({
	create_or_update_profile: records,
	bulk_subscribe_profiles: records,
	create_event: records,
});

export interface BaselineResult {
	/** Computed from the per-record call counts, not run: 30,000 calls at the real tiers take the floor below. */
	computed: {
		affiliates: number;
		calls: number;
		callsByOperation: Record<string, number>;
		/** The double's floor for that mix: the three buckets run side by side (the best case). */
		floor_s: number;
		/** The same steps one after another (import all, then subscribe all, then events), as a per-step tool runs a sheet. */
		floor_steps_in_sequence_s: number;
	};
	/** A sample run for real against the double, to show the arithmetic holds. */
	sample: {
		affiliates: number;
		calls: number;
		callsByOperation: Record<string, number>;
		wall_s: number;
		floor_s: number;
		/** The sample's floor computed from per-record counts alone, as for the 10,000. */
		computed_floor_s: number;
		wall_over_floor: number | null;
		retries: number;
		outcome: Outcome;
	};
}

export async function runBaselineScenario(
	double: RemoteDouble,
	RateGate: typeof RateGateClass,
	affiliates: number,
	sampleSize: number,
): Promise<BaselineResult> {
	const computedCalls = perRecordCalls(affiliates);
	await double.reset();
	await double.seed({ lists: [AFFILIATE_LIST] });
	const rows = affiliateRows(sampleSize, 'bl');
	const run = await runBaseline(RateGate, double.url, rows);
	const log = await double.requests();
	const state = await double.settleJobs();
	const sampleCalls = countByOperation(log);
	const sampleFloor = rateLimitFloorSeconds(countByOperation(log, admitted));
	return {
		computed: {
			affiliates,
			calls: total(computedCalls),
			callsByOperation: computedCalls,
			floor_s: rateLimitFloorSeconds(computedCalls),
			floor_steps_in_sequence_s: Object.entries(computedCalls).reduce(
				(sum, [operation, calls]) => sum + rateLimitFloorSeconds({ [operation]: calls }),
				0,
			),
		},
		sample: {
			affiliates: sampleSize,
			calls: total(sampleCalls),
			callsByOperation: sampleCalls,
			wall_s: round(run.wallMs / 1000, 3),
			floor_s: sampleFloor,
			computed_floor_s: rateLimitFloorSeconds(perRecordCalls(sampleSize)),
			wall_over_floor: ratio(run.wallMs / 1000, sampleFloor),
			retries: run.retries,
			outcome: checkOutcome(rows, state, []),
		},
	};
}
