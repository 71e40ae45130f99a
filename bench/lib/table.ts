/** Plain-text tables for the terminal: left-aligned first column, right-aligned numbers. */
export function table(title: string, header: string[], rows: Array<Array<string | number | null | undefined>>): string {
	const cells = [header, ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '—' : String(cell))))];
	const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
	const line = (row: string[]) =>
		row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
	const rule = widths.map((width) => '-'.repeat(width)).join('  ');
	return [`\n${title}`, line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

export const seconds = (value: number | null | undefined, digits = 2) =>
	value === null || value === undefined ? null : `${value.toFixed(digits)} s`;
