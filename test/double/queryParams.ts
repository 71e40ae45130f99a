import { invalidParameter } from './errors';
import { FilterNode, allowedFiltersFromDescription, parseFilter } from './filter';
import { OperationObject, ParameterObject } from './specLoader';

/** The query of an /api request, checked against the operation's declared parameters. */
export interface ParsedQuery {
	raw: Record<string, string>;
	/** fields[<type>] sparse fieldsets, e.g. fields.get('profile') = ['email','first_name']. */
	fields: Map<string, string[]>;
	additionalFields: Map<string, string[]>;
	include: string[];
	pageSize?: number;
	pageCursor?: string;
	sort?: string;
	filter?: FilterNode;
}

function bracketKey(name: string, prefix: string): string | null {
	return name.startsWith(`${prefix}[`) && name.endsWith(']') ? name.slice(prefix.length + 1, -1) : null;
}

function checkArrayItems(param: ParameterObject, items: string[]): void {
	const allowed = ((param.schema?.items as Record<string, unknown> | undefined)?.enum as string[] | undefined) ?? null;
	if (!allowed) return;
	for (const item of items) {
		if (allowed.includes(item)) continue;
		const resource = bracketKey(param.name, 'fields') ?? bracketKey(param.name, 'additional-fields');
		if (param.name === 'include') throw invalidParameter('include', `'${item}' is not an allowed include parameter for this resource.`);
		throw invalidParameter(param.name, `'${item}' is not a valid field for the resource '${resource ?? param.name}'.`);
	}
}

function checkInteger(param: ParameterObject, value: string): number {
	const schema = param.schema ?? {};
	const min = typeof schema.minimum === 'number' ? schema.minimum : Number.MIN_SAFE_INTEGER;
	const max = typeof schema.maximum === 'number' ? schema.maximum : Number.MAX_SAFE_INTEGER;
	const n = Number(value);
	if (!/^-?\d+$/.test(value) || n < min || n > max) {
		throw invalidParameter(param.name, `'${value}' is not valid for '${param.name}': expected an integer between ${min} and ${max}.`);
	}
	return n;
}

/**
 * Checks every query parameter against the operation (an unknown one is a 400 naming it in source.parameter) and
 * returns them parsed. Without an operation (spec absent) the values are parsed but not checked.
 */
export function parseQuery(op: OperationObject | null, search: URLSearchParams): ParsedQuery {
	const raw: Record<string, string> = {};
	for (const [key, value] of search) raw[key] = value;
	const declared = new Map((op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]));
	const parsed: ParsedQuery = { raw, fields: new Map(), additionalFields: new Map(), include: [] };
	for (const [name, value] of Object.entries(raw)) {
		const param = declared.get(name);
		if (op && !param) throw invalidParameter(name, `'${name}' is not a valid query parameter for this endpoint.`);
		const type = param?.schema?.type;
		if (type === 'array' || (!op && /^(fields|additional-fields)\[|^include$/.test(name))) {
			const items = value.split(',').map((s) => s.trim()).filter(Boolean);
			if (param) checkArrayItems(param, items);
			const fieldsOf = bracketKey(name, 'fields');
			const additionalOf = bracketKey(name, 'additional-fields');
			if (fieldsOf) parsed.fields.set(fieldsOf, items);
			else if (additionalOf) parsed.additionalFields.set(additionalOf, items);
			else if (name === 'include') parsed.include = items;
			continue;
		}
		if (type === 'integer' && param) {
			const n = checkInteger(param, value);
			if (name === 'page[size]') parsed.pageSize = n;
			continue;
		}
		const allowedValues = param?.schema?.enum as string[] | undefined;
		if (allowedValues && !allowedValues.includes(value)) {
			throw invalidParameter(name, `'${value}' is not a valid ${name} value. Valid values are: ${allowedValues.join(', ')}.`);
		}
		if (name === 'page[size]') parsed.pageSize = Number(value);
		if (name === 'page[cursor]') parsed.pageCursor = value;
		if (name === 'sort') parsed.sort = value;
		if (name === 'filter') parsed.filter = parseFilter(value, allowedFiltersFromDescription(param?.description ?? fallbackFilterDescription));
	}
	for (const param of declared.values()) {
		if (param.required === true && !(param.name in raw)) throw invalidParameter(param.name, `'${param.name}' is a required query parameter.`);
	}
	return parsed;
}

/** Used only without the spec: the filters the double's handlers understand. */
const fallbackFilterDescription =
	'Allowed field(s)/operator(s):<br>`id`: `any`, `equals`<br>`email`: `any`, `equals`<br>`phone_number`: `any`, `equals`<br>' +
	'`external_id`: `any`, `equals`<br>`name`: `any`, `equals`<br>`created`: `greater-than`, `less-than`<br>`updated`: `greater-than`, `less-than`';
