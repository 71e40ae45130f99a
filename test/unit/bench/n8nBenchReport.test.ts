import { printN8nTables, scaleGrowth, toJsonLine, type N8nBenchResults, type ScaleResult } from '../../../bench/n8n/report';
import { medianRound, withRatios, type TriggerMeasure } from '../../../bench/n8n/trigger';

const measure = (rps: number, cpu = 20): TriggerMeasure => ({ requests: 300, rps, p50_ms: 10, p99_ms: 20, cpu_ms: cpu, non2xx: 0, errors: 0 });

describe('bench:n8n report', () => {
	test('a target measured in rounds reports its median round and every round’s rate', () => {
		const picked = medianRound([measure(40, 1), measure(60, 2), measure(50, 3)]);
		expect(picked.rps).toBe(50);
		expect(picked.cpu_ms).toBe(3); // the median round's own figures, not a mix of rounds
		expect(picked.rounds_rps).toEqual([40, 60, 50]);
		expect(medianRound([measure(40), measure(60)]).rps).toBe(40);
		expect(medianRound([measure(40)]).rounds_rps).toBeUndefined();
	});

	test('failures of any round show in the row, not only the median round’s', () => {
		const failing = { ...measure(10), non2xx: 120, errors: 7 };
		const picked = medianRound([measure(40), failing, measure(50)]);
		expect(picked.rps).toBe(40);
		expect(picked.non2xx).toBe(120);
		expect(picked.errors).toBe(7);
	});

	test('ratios compare ours with the bare Webhook and the DIY check', () => {
		const row = withRatios({ webhook: measure(50, 20), diy: measure(20, 80), ours: measure(45, 22) });
		expect(row.ratios).toEqual({ rps_ours_vs_webhook: 0.9, rps_ours_vs_diy: 2.25, cpu_ours_vs_webhook: 1.1, cpu_ours_vs_diy: 0.28 });
	});

	test('memory growth: linear excess over the baseline has exponent 1; quadratic has 2', () => {
		const scale = (excess: (rows: number) => number): Record<string, ScaleResult> =>
			Object.fromEntries(
				[25_000, 50_000, 100_000].map((rows) => [rows, { wall_s: 1, real_s: 1, calls: 1, rss_mb: 500 + excess(rows), baseline_rss_mb: 500, lost: 0, status: 'success' }]),
			);
		expect(scaleGrowth(scale((rows) => rows / 50)).exponent).toBe(1);
		expect(scaleGrowth(scale((rows) => rows / 50)).mb_per_1000_rows_above_baseline).toEqual([20, 20]);
		expect(scaleGrowth(scale((rows) => (rows / 1000) ** 2)).exponent).toBe(2);
	});

	test('--json prints the issue’s shape on one line, both isolate settings of the trigger included', () => {
		const results: N8nBenchResults = {
			k: 20,
			machine: {},
			meta: { trigger_settings: "n8n's default settings", trigger_lazy_acquire_settings: 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true' },
			trigger: { 1: withRatios({ webhook: measure(20), ours: measure(12) }) },
			trigger_lazy_acquire: { 1: withRatios({ webhook: measure(50), ours: measure(52) }) },
		};
		const line = toJsonLine(results);
		expect(line).not.toContain('\n');
		const parsed = JSON.parse(line);
		expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['backfill', 'trigger', 'trigger_lazy_acquire', 'scale', 'k']));
		expect(parsed.trigger['1'].ours).toMatchObject({ rps: 12 });
		expect(parsed.trigger_lazy_acquire['1'].ratios.rps_ours_vs_webhook).toBe(1.04);
		const tables = printN8nTables(results);
		expect(tables).toMatch(/concurrency 1, n8n's default settings/);
		expect(tables).toMatch(/concurrency 1, N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true/);
	});
});
