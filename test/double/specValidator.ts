import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { componentId, convertSchema } from './schemaConvert';
import { OpenApiDocument, OperationObject, SchemaObject, resolveRef } from './specLoader';

export interface BodyIssue {
	pointer: string;
	detail: string;
}

/**
 * Klaviyo parses timestamps leniently (an offset is recommended, not required — community thread 17405), so
 * request bodies accept ISO 8601 with optional time and offset; the double's own answers are held to RFC 3339.
 */
const LENIENT_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** One ajv instance whose spec components are converted and registered only when an operation first needs them. */
class SchemaSet {
	private readonly ajv: Ajv;
	private readonly registered = new Set<string>();
	private readonly compiled = new Map<string, ValidateFunction>();

	constructor(
		private readonly doc: OpenApiDocument,
		strictDates: boolean,
		private readonly dropRequired = false,
	) {
		this.ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false, addUsedSchema: false });
		addFormats(this.ajv, ['uri', 'date', 'time']);
		this.ajv.addFormat('date-time', strictDates ? RFC3339_DATE_TIME : LENIENT_DATE_TIME);
		this.ajv.addFormat('binary', true);
	}

	compile(key: string, schema: SchemaObject, closeObjects: boolean): ValidateFunction {
		const cached = this.compiled.get(key);
		if (cached) return cached;
		const refs = new Set<string>();
		const converted = convertSchema(this.doc, schema, refs, { closeObjects, dropRequired: this.dropRequired });
		this.register(refs);
		const validate = this.ajv.compile(converted);
		this.compiled.set(key, validate);
		return validate;
	}

	private register(names: Set<string>): void {
		const pending = [...names];
		while (pending.length > 0) {
			const name = pending.pop() as string;
			if (this.registered.has(name)) continue;
			this.registered.add(name);
			const refs = new Set<string>();
			const converted = convertSchema(this.doc, resolveRef(this.doc, `#/components/schemas/${name}`), refs, {
				closeObjects: true,
				dropRequired: this.dropRequired,
			});
			this.ajv.addSchema({ ...converted, $id: componentId(name) });
			pending.push(...refs);
		}
	}
}

/** Validates request bodies and the double's own answers against the spec, compiling per operation on demand. */
export class SpecValidator {
	private readonly requests: SchemaSet;
	private readonly responses: SchemaSet;
	private readonly sparseResponses: SchemaSet;

	constructor(private readonly doc: OpenApiDocument) {
		this.requests = new SchemaSet(doc, false);
		this.responses = new SchemaSet(doc, true);
		this.sparseResponses = new SchemaSet(doc, true, true);
	}

	requestBodySchema(op: OperationObject): SchemaObject | undefined {
		const content = op.requestBody?.content;
		if (!content) return undefined;
		return (content['application/vnd.api+json'] ?? content['application/json'] ?? Object.values(content)[0])?.schema;
	}

	validateRequestBody(op: OperationObject, body: unknown): BodyIssue | null {
		const schema = this.requestBodySchema(op);
		if (!schema) return null;
		const validate = this.requests.compile(`${op.operationId}:request`, schema, true);
		if (validate(body)) return null;
		return describeIssue(validate.errors ?? [], body);
	}

	/** Returns what is wrong with an answer (empty when it matches the spec's response for that status). */
	validateResponse(op: OperationObject | null, status: number, body: unknown, sparse = false): string[] {
		const declared = op ? pickResponse(op, status) : this.doc.components.responses[status >= 500 ? 'ServerError' : 'ClientError'];
		if (!declared) return [`status ${status} is not declared for ${op?.operationId}`];
		const response = typeof declared.$ref === 'string' ? resolveRef(this.doc, declared.$ref as string) : declared;
		const content = response.content as Record<string, { schema?: SchemaObject }> | undefined;
		const schema = content?.['application/vnd.api+json']?.schema;
		if (!schema) return body === undefined ? [] : [`status ${status} of ${op?.operationId} declares no body, but one was sent`];
		if (body === undefined) return [`status ${status} of ${op?.operationId} declares a body, but none was sent`];
		// Error envelopes stay open: Klaviyo's errors carry status, links and meta the spec's error schema omits.
		const isErrorEnvelope = status >= 400;
		const key = `${op?.operationId ?? 'unrouted'}:${status}`;
		const validate = (sparse ? this.sparseResponses : this.responses).compile(key, schema, !isErrorEnvelope);
		if (validate(body)) return [];
		return (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
	}
}

function pickResponse(op: OperationObject, status: number): Record<string, unknown> | undefined {
	const responses = op.responses as Record<string, Record<string, unknown>>;
	return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
}

function valueAt(body: unknown, pointer: string): unknown {
	let node = body;
	for (const part of pointer.split('/').slice(1)) {
		node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
	}
	return node;
}

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	return typeof value;
}

function lastSegment(pointer: string): string {
	return pointer.split('/').pop() ?? '';
}

/** The resource an unknown field was sent on: the `type` of the enclosing resource object, else the parent key. */
function resourceName(body: unknown, parentPointer: string): string {
	const owner = parentPointer.endsWith('/attributes') ? parentPointer.slice(0, -'/attributes'.length) : parentPointer;
	const type = valueAt(body, `${owner}/type`);
	if (typeof type === 'string') return type;
	return lastSegment(parentPointer) || 'data';
}

/** Picks the most telling ajv error (the deepest, ignoring the `null` branch of nullable wrappers) and words it. */
export function describeIssue(errors: ErrorObject[], body: unknown): BodyIssue {
	const meaningful = errors.filter(
		(e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword) && !(e.keyword === 'type' && e.params.type === 'null'),
	);
	const candidates = meaningful.length > 0 ? meaningful : errors;
	const error = candidates.reduce((best, e) => (e.instancePath.length > best.instancePath.length ? e : best), candidates[0]);
	const path = error.instancePath;
	const value = valueAt(body, path);
	switch (error.keyword) {
		case 'required':
			return { pointer: `${path}/${error.params.missingProperty}`, detail: `'${error.params.missingProperty}' is a required field.` };
		case 'additionalProperties':
			return {
				pointer: `${path}/${error.params.additionalProperty}`,
				detail: `'${error.params.additionalProperty}' is not a valid field for the resource '${resourceName(body, path)}'.`,
			};
		case 'type': {
			// A oneOf of types (e.g. latitude: string | number) fails once per branch; name them all.
			const types = errors.filter((e) => e.keyword === 'type' && e.instancePath === path).flatMap((e) => e.params.type as string);
			const expected = [...new Set(types)].filter((t) => t !== 'null').join(' or ');
			return { pointer: path || '/', detail: `'${lastSegment(path) || 'body'}' must be of type ${expected}, not ${describeValue(value)}.` };
		}
		case 'enum': {
			const choices = (error.params.allowedValues as unknown[]).filter((v) => v !== null).join(', ');
			return { pointer: path, detail: `'${String(value)}' is not a valid choice for '${lastSegment(path)}'. Valid choices are: ${choices}.` };
		}
		case 'format':
			return { pointer: path, detail: `'${String(value)}' is not a valid ${error.params.format}.` };
		default:
			return { pointer: path || '/', detail: `'${lastSegment(path) || 'body'}' ${error.message ?? 'is invalid'}.` };
	}
}
