/** Named pass/fail checks of one scenario, printed as they happen. */
export class Checks {
	readonly results: Array<{ name: string; ok: boolean; detail?: string }> = [];

	constructor(
		readonly label: string,
		private readonly log: (line: string) => void,
	) {}

	ok(name: string, condition: boolean, detail?: string): void {
		this.results.push({ name, ok: condition, detail });
		this.log(`${condition ? 'PASS' : 'FAIL'} [n8n ${this.label}] ${name}${condition || !detail ? '' : ` — ${detail}`}`);
	}

	get failed(): number {
		return this.results.filter((result) => !result.ok).length;
	}
}
