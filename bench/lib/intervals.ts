/** [from, to] in epoch milliseconds. */
export type Interval = [number, number];

/** The same time as disjoint intervals, sorted. */
export function union(intervals: Interval[]): Interval[] {
	const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
	const merged: Interval[] = [];
	for (const [a, b] of sorted) {
		const last = merged[merged.length - 1];
		if (last && a <= last[1]) last[1] = Math.max(last[1], b);
		else merged.push([a, b]);
	}
	return merged;
}

/** Time that is in both sets. */
export function intersect(left: Interval[], right: Interval[]): Interval[] {
	const a = union(left);
	const b = union(right);
	const out: Interval[] = [];
	for (let i = 0, j = 0; i < a.length && j < b.length; ) {
		const from = Math.max(a[i][0], b[j][0]);
		const to = Math.min(a[i][1], b[j][1]);
		if (to > from) out.push([from, to]);
		if (a[i][1] < b[j][1]) i++;
		else j++;
	}
	return out;
}

/** Length of the union of intervals, clipped to [from, to]. */
export function covered(intervals: Interval[], from: number, to: number): number {
	return intersect(intervals, [[from, to]]).reduce((sum, [a, b]) => sum + (b - a), 0);
}
