/** The suite's running totals, printed as one line at the end. */
export const tally = { cases: 0, faults: 0, lost: 0, duplicated: 0, leaked: 0 };

export function summaryLine(): string {
	const { cases, faults, lost, duplicated, leaked } = tally;
	return `reliability: ${cases} cases, ${faults} faults injected, ${lost} lost, ${duplicated} duplicated, ${leaked} leaked`;
}
