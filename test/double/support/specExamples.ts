import { OpenApiDocument, SchemaObject, loadSpec, resolveRef } from '../specLoader';

/**
 * Builds a request body for an operation out of the spec's own `example` values: every property that is required
 * or carries an example (directly or deeper down) is filled, enums take their first value, and anything else gets a
 * plain value of its type. So "a valid request" in the tests is what Klaviyo's reference shows.
 */
export function exampleRequestBody(operationId: string, doc: OpenApiDocument = requireSpec()): Record<string, unknown> {
	for (const item of Object.values(doc.paths)) {
		for (const op of Object.values(item)) {
			if (op?.operationId !== operationId) continue;
			const schema = op.requestBody?.content?.['application/vnd.api+json']?.schema;
			if (!schema) throw new Error(`${operationId} has no JSON:API request body`);
			return build(doc, schema, 0) as Record<string, unknown>;
		}
	}
	throw new Error(`Unknown operation ${operationId}`);
}

export function requireSpec(): OpenApiDocument {
	const doc = loadSpec();
	if (!doc) throw new Error('The Klaviyo OpenAPI spec is required for this helper');
	return doc;
}

function deref(doc: OpenApiDocument, schema: SchemaObject): SchemaObject {
	return typeof schema.$ref === 'string' ? { ...resolveRef(doc, schema.$ref), ...(schema.example !== undefined ? { example: schema.example } : {}) } : schema;
}

function hasExample(doc: OpenApiDocument, schema: SchemaObject, depth: number): boolean {
	if (depth > 12) return false;
	const s = deref(doc, schema);
	if (s.example !== undefined) return true;
	const props = (s.properties ?? {}) as Record<string, SchemaObject>;
	if (Object.values(props).some((p) => hasExample(doc, p, depth + 1))) return true;
	return s.items ? hasExample(doc, s.items as SchemaObject, depth + 1) : false;
}

function build(doc: OpenApiDocument, schema: SchemaObject, depth: number): unknown {
	const s = deref(doc, schema);
	if (s.example !== undefined) return structuredClone(s.example);
	if (Array.isArray(s.enum)) return s.enum[0];
	if (Array.isArray(s.oneOf)) return build(doc, s.oneOf[0] as SchemaObject, depth + 1);
	if (s.properties) {
		const required = (s.required as string[] | undefined) ?? [];
		const out: Record<string, unknown> = {};
		for (const [key, prop] of Object.entries(s.properties as Record<string, SchemaObject>)) {
			if (required.includes(key) || hasExample(doc, prop, depth + 1)) out[key] = build(doc, prop, depth + 1);
		}
		return out;
	}
	switch (s.type) {
		case 'array':
			return s.items ? [build(doc, s.items as SchemaObject, depth + 1)] : [];
		case 'object':
			return {};
		case 'integer':
		case 'number':
			return 1;
		case 'boolean':
			return false;
		default:
			return s.format === 'date-time' ? '2024-01-01T00:00:00Z' : 'example';
	}
}
