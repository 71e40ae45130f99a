import { invalidParameter } from './errors';

/**
 * Klaviyo's JSON:API filter syntax (developers.klaviyo.com/en/docs/filtering_): `equals(email,"a@b.com")`,
 * `any(email,["a@b.com","c@d.com"])`, `greater-than(created,2024-01-01T00:00:00Z)`, combined with `and(…)` or
 * top-level commas. Strings are quoted (double or single quotes); datetimes must be unquoted (a Klaviyo employee
 * in community thread 14473). Which fields and operators an endpoint allows is read from the spec's description
 * of its `filter` parameter ("Allowed field(s)/operator(s)").
 */
export type FilterValue =
	| { kind: 'string'; value: string }
	| { kind: 'datetime'; value: number; raw: string }
	| { kind: 'number'; value: number }
	| { kind: 'boolean'; value: boolean }
	| { kind: 'null' }
	| { kind: 'list'; items: FilterValue[] };

export type FilterNode = { op: 'and'; terms: FilterNode[] } | { op: string; field: string; value: FilterValue };

export type AllowedFilters = Map<string, Set<string>>;

const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const TIME_FIELDS = /(^|\.)(created|updated|timestamp|datetime)$/;

/** Reads "`email`: `any`, `equals`<br>…" out of the filter parameter's description. */
export function allowedFiltersFromDescription(description: string | undefined): AllowedFilters {
	const allowed: AllowedFilters = new Map();
	const section = description?.split('Allowed field(s)/operator(s):')[1] ?? '';
	for (const line of section.split('<br>')) {
		const match = /^`([^`]+)`:\s*(.+)$/.exec(line.trim());
		if (match) allowed.set(match[1], new Set([...match[2].matchAll(/`([^`]+)`/g)].map((m) => m[1])));
	}
	return allowed;
}

class FilterParser {
	private pos = 0;

	constructor(private readonly text: string) {}

	parse(): FilterNode {
		const terms = [this.term()];
		while (this.peek() === ',') {
			this.pos += 1;
			terms.push(this.term());
		}
		if (this.pos < this.text.length) this.fail(`unexpected '${this.text[this.pos]}'`);
		return terms.length === 1 ? terms[0] : { op: 'and', terms };
	}

	private term(): FilterNode {
		const op = this.read(/^[a-z][a-z-]*/, 'an operator such as equals');
		this.expect('(');
		if (op === 'and' || op === 'or' || op === 'not') {
			const terms = [this.term()];
			while (this.peek() === ',') {
				this.pos += 1;
				terms.push(this.term());
			}
			this.expect(')');
			if (op !== 'and') this.fail(`the '${op}' operator is not supported by this endpoint`);
			return { op: 'and', terms };
		}
		const field = this.read(/^[A-Za-z0-9_.$]+/, 'a field name');
		this.expect(',');
		const value = this.value();
		this.expect(')');
		return { op, field, value };
	}

	private value(): FilterValue {
		const c = this.peek();
		if (c === '"' || c === "'") return { kind: 'string', value: this.quoted(c) };
		if (c === '[') {
			this.pos += 1;
			const items: FilterValue[] = [];
			if (this.peek() !== ']') {
				items.push(this.value());
				while (this.peek() === ',') {
					this.pos += 1;
					items.push(this.value());
				}
			}
			this.expect(']');
			return { kind: 'list', items };
		}
		const raw = this.read(/^[^,()[\]\s]+/, 'a value');
		if (raw === 'true' || raw === 'false') return { kind: 'boolean', value: raw === 'true' };
		if (raw === 'null') return { kind: 'null' };
		if (/^-?\d+(\.\d+)?$/.test(raw)) return { kind: 'number', value: Number(raw) };
		if (DATETIME.test(raw) && !Number.isNaN(Date.parse(raw))) return { kind: 'datetime', value: Date.parse(raw), raw };
		return this.fail(`'${raw}' is not a valid value; strings must be quoted`);
	}

	private quoted(quote: string): string {
		this.pos += 1;
		let out = '';
		while (this.pos < this.text.length && this.text[this.pos] !== quote) {
			if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos += 1;
			out += this.text[this.pos];
			this.pos += 1;
		}
		if (this.pos >= this.text.length) this.fail('unterminated string');
		this.pos += 1;
		return out;
	}

	private peek(): string | undefined {
		while (this.text[this.pos] === ' ') this.pos += 1;
		return this.text[this.pos];
	}

	private expect(char: string): void {
		if (this.peek() !== char) this.fail(`expected '${char}' at position ${this.pos}`);
		this.pos += 1;
	}

	private read(pattern: RegExp, what: string): string {
		this.peek();
		const match = pattern.exec(this.text.slice(this.pos));
		if (!match) return this.fail(`expected ${what} at position ${this.pos}`);
		this.pos += match[0].length;
		return match[0];
	}

	private fail(reason: string): never {
		throw invalidParameter('filter', `Invalid filter provided: ${reason}.`);
	}
}

function checkComparison(node: { op: string; field: string; value: FilterValue }, allowed: AllowedFilters): void {
	const ops = allowed.get(node.field);
	if (!ops) {
		throw invalidParameter('filter', `'${node.field}' is not a valid filter field for this resource. Allowed fields: ${[...allowed.keys()].join(', ')}.`);
	}
	if (!ops.has(node.op)) {
		throw invalidParameter('filter', `'${node.op}' is not a valid operator for '${node.field}'. Allowed operators: ${[...ops].join(', ')}.`);
	}
	const values = node.value.kind === 'list' ? node.value.items : [node.value];
	if (node.op === 'any' && node.value.kind !== 'list') throw invalidParameter('filter', `'any' expects a list of values for '${node.field}'.`);
	if (node.op !== 'any' && node.value.kind === 'list') throw invalidParameter('filter', `'${node.op}' expects a single value for '${node.field}'.`);
	const wantsDatetime = TIME_FIELDS.test(node.field);
	for (const value of values) {
		if (wantsDatetime && value.kind !== 'datetime') {
			throw invalidParameter('filter', `'${node.field}' must be compared with an unquoted datetime, e.g. 2024-01-01T00:00:00Z.`);
		}
		if (!wantsDatetime && value.kind !== 'string') throw invalidParameter('filter', `'${node.field}' must be compared with a quoted string.`);
	}
}

/** Parses and checks a filter against what the endpoint allows; every failure is a 400 with source.parameter "filter". */
export function parseFilter(text: string, allowed: AllowedFilters): FilterNode {
	const node = new FilterParser(text).parse();
	const visit = (n: FilterNode): void => (n.op === 'and' ? (n as { terms: FilterNode[] }).terms.forEach(visit) : checkComparison(n as never, allowed));
	visit(node);
	return node;
}

function scalar(value: FilterValue): string | number | null {
	if (value.kind === 'string' || value.kind === 'datetime' || value.kind === 'number') return value.value;
	return null;
}

/**
 * Evaluates a parsed filter. `get` returns a field's value (datetimes as epoch ms, several values as an array);
 * `normalize` lets the caller compare case-insensitively where Klaviyo does (emails).
 */
export function matchesFilter(node: FilterNode, get: (field: string) => unknown, normalize = (_field: string, v: string) => v): boolean {
	if (node.op === 'and') return (node as { terms: FilterNode[] }).terms.every((t) => matchesFilter(t, get, normalize));
	const { op, field, value } = node as { op: string; field: string; value: FilterValue };
	const actualRaw = get(field);
	const actuals = (Array.isArray(actualRaw) ? actualRaw : [actualRaw]).map((a) => (typeof a === 'string' ? normalize(field, a) : a));
	const expected = (value.kind === 'list' ? value.items : [value]).map(scalar).map((v) => (typeof v === 'string' ? normalize(field, v) : v));
	return actuals.some((actual) => {
		if (actual === null || actual === undefined) return false;
		switch (op) {
			case 'equals':
			case 'any':
				return expected.includes(actual as string | number);
			case 'greater-than':
				return (actual as number) > (expected[0] as number);
			case 'greater-or-equal':
				return (actual as number) >= (expected[0] as number);
			case 'less-than':
				return (actual as number) < (expected[0] as number);
			case 'less-or-equal':
				return (actual as number) <= (expected[0] as number);
			default:
				return false;
		}
	});
}
