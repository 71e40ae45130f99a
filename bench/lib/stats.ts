/** Nearest-rank percentile of an ascending-sorted array. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const round = (value: number, digits = 2) => {
	const scale = 10 ** digits;
	return Math.round(value * scale) / scale;
};

export function median(values: number[]): number {
	return percentile([...values].sort((a, b) => a - b), 50);
}

/** A ratio for the JSON output: JSON has no Infinity, so an undefined ratio is null (and said so in the table). */
export const ratio = (numerator: number, denominator: number, digits = 2): number | null =>
	denominator > 0 ? round(numerator / denominator, digits) : null;
