import { OpenApiDocument, SchemaObject, resolveRef } from './specLoader';

/** Base of the $ids under which spec components are registered with ajv. */
const COMPONENT_BASE = 'https://klaviyo-double.local/components/';

export function componentId(name: string): string {
	return COMPONENT_BASE + encodeURIComponent(name);
}

function refName(ref: string): string {
	const prefix = '#/components/schemas/';
	if (!ref.startsWith(prefix)) throw new Error(`Unsupported schema reference ${ref}`);
	return ref.slice(prefix.length);
}

const COPIED_KEYWORDS = ['type', 'enum', 'format', 'required', 'minimum', 'maximum', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'const'];

/**
 * Turns an OpenAPI 3.0 schema into a JSON Schema ajv can compile:
 * - `nullable: true` becomes a 'null' type (or an anyOf with null around a $ref / oneOf, because 3.0 lets
 *   `nullable` sit beside a `$ref`, which plain JSON Schema would ignore);
 * - `$ref`s into components become references to lazily registered component schemas (names go to `refs`);
 * - `allOf` branches are merged into one object schema, so that closing objects stays possible;
 * - objects that declare `properties` are closed (`additionalProperties: false`). Klaviyo rejects unknown fields
 *   ("'last_name' is not a valid field for the resource 'profile'." — verbb/formie#1986), while free-form
 *   objects such as `properties` stay open because the spec gives them no `properties` of their own.
 * Annotations (description, example, x-*) are dropped.
 */
export interface ConvertOptions {
	closeObjects: boolean;
	/** For answers to sparse-fieldset requests (`fields[profile]=email`), where required attributes may be left out. */
	dropRequired?: boolean;
}

export function convertSchema(doc: OpenApiDocument, node: SchemaObject, refs: Set<string>, options: ConvertOptions): SchemaObject {
	if (typeof node.$ref === 'string') {
		const name = refName(node.$ref);
		refs.add(name);
		const ref = { $ref: componentId(name) };
		return node.nullable ? { anyOf: [ref, { type: 'null' }] } : ref;
	}
	if (Array.isArray(node.allOf)) {
		const { allOf, ...rest } = node;
		const merged = mergeAllOf(doc, [...(allOf as SchemaObject[]), rest]);
		return convertSchema(doc, merged, refs, options);
	}
	const out: SchemaObject = {};
	for (const keyword of COPIED_KEYWORDS) if (node[keyword] !== undefined) out[keyword] = node[keyword];
	if (options.dropRequired) delete out.required;
	if (node.properties && typeof node.properties === 'object') {
		const properties: Record<string, SchemaObject> = {};
		for (const [key, value] of Object.entries(node.properties as Record<string, SchemaObject>)) {
			properties[key] = convertSchema(doc, value, refs, options);
		}
		out.properties = properties;
		if (!out.type) out.type = 'object';
	}
	if (node.items && typeof node.items === 'object') out.items = convertSchema(doc, node.items as SchemaObject, refs, options);
	for (const combinator of ['oneOf', 'anyOf'] as const) {
		if (Array.isArray(node[combinator])) {
			out[combinator] = (node[combinator] as SchemaObject[]).map((branch) => convertSchema(doc, branch, refs, options));
		}
	}
	if (typeof node.additionalProperties === 'object' && node.additionalProperties !== null) {
		out.additionalProperties = convertSchema(doc, node.additionalProperties as SchemaObject, refs, options);
	} else if (typeof node.additionalProperties === 'boolean') {
		out.additionalProperties = node.additionalProperties;
	} else if (options.closeObjects && out.properties) {
		out.additionalProperties = false;
	}
	if (node.nullable !== true) return out;
	if (typeof out.type === 'string') {
		out.type = [out.type, 'null'];
		if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
		return out;
	}
	return { anyOf: [out, { type: 'null' }] };
}

function resolveDeep(doc: OpenApiDocument, node: SchemaObject): SchemaObject {
	if (typeof node.$ref === 'string') {
		const { $ref, ...siblings } = node;
		return { ...resolveDeep(doc, resolveRef(doc, $ref as string)), ...siblings };
	}
	if (Array.isArray(node.allOf)) {
		const { allOf, ...rest } = node;
		return mergeAllOf(doc, [...(allOf as SchemaObject[]), rest]);
	}
	return node;
}

/** Merges allOf branches: the union of properties (recursively, so `attributes` of two branches combine). */
function mergeAllOf(doc: OpenApiDocument, branches: SchemaObject[]): SchemaObject {
	return branches.map((branch) => resolveDeep(doc, branch)).reduce((a, b) => mergeTwo(doc, a, b), {});
}

function mergeTwo(doc: OpenApiDocument, a: SchemaObject, b: SchemaObject): SchemaObject {
	const merged: SchemaObject = { ...a, ...b };
	const aProps = (a.properties ?? {}) as Record<string, SchemaObject>;
	const bProps = (b.properties ?? {}) as Record<string, SchemaObject>;
	if (a.properties || b.properties) {
		const properties: Record<string, SchemaObject> = { ...aProps };
		for (const [key, value] of Object.entries(bProps)) {
			properties[key] = key in aProps ? mergeProperty(doc, aProps[key], value) : value;
		}
		merged.properties = properties;
		merged.type = a.type ?? b.type ?? 'object';
	}
	const required = new Set([...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])]);
	if (required.size > 0) merged.required = [...required];
	return merged;
}

function mergeProperty(doc: OpenApiDocument, a: SchemaObject, b: SchemaObject): SchemaObject {
	if (a.$ref && a.$ref === b.$ref) return { ...a, ...b };
	const left = resolveDeep(doc, a);
	const right = resolveDeep(doc, b);
	if (!left.properties && !right.properties) return { ...left, ...right };
	const merged = mergeTwo(doc, left, right);
	if (a.nullable || b.nullable) merged.nullable = true;
	return merged;
}
