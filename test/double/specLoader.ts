import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The parts of an OpenAPI 3.0 document the double reads. */
export type SchemaObject = Record<string, unknown>;

export interface ParameterObject {
	name: string;
	in: 'query' | 'header' | 'path' | 'cookie';
	required?: boolean | null;
	description?: string;
	schema?: SchemaObject;
	explode?: boolean | null;
}

export interface OperationObject {
	operationId: string;
	description?: string;
	parameters?: ParameterObject[];
	requestBody?: { required?: boolean; content?: Record<string, { schema?: SchemaObject }> };
	responses: Record<string, { $ref?: string; content?: Record<string, { schema?: SchemaObject }> }>;
	'x-klaviyo-ratelimit'?: { burst?: string; steady?: string; daily?: string };
	'x-klaviyo-scopes'?: string[];
}

export interface OpenApiDocument {
	openapi: string;
	info: { version: string };
	paths: Record<string, Record<string, OperationObject>>;
	components: { schemas: Record<string, SchemaObject>; responses: Record<string, SchemaObject> };
}

const REPO_ROOT = resolve(__dirname, '..', '..');

/** Where the spec is read from: the option, else $KLAVIYO_OPENAPI_SPEC, else the shared checkout beside the repo. */
export function resolveSpecPath(specPath?: string): string {
	return resolve(specPath ?? process.env.KLAVIYO_OPENAPI_SPEC ?? resolve(REPO_ROOT, '..', 'shared', 'klaviyo-openapi', 'stable.json'));
}

const cache = new Map<string, OpenApiDocument | null>();

/**
 * Reads and parses the spec once per path (the file is 3 MB; parsing it is most of the double's start-up time).
 * Returns null when the file is absent, so callers can fall back to running without validation.
 */
export function loadSpec(specPath?: string): OpenApiDocument | null {
	const path = resolveSpecPath(specPath);
	if (cache.has(path)) return cache.get(path) ?? null;
	let doc: OpenApiDocument | null = null;
	if (existsSync(path)) {
		doc = JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
		if (!doc.paths || !doc.components) throw new Error(`${path} is not an OpenAPI document`);
	}
	cache.set(path, doc);
	return doc;
}

/** Follows a local `#/components/...` reference. */
export function resolveRef(doc: OpenApiDocument, ref: string): SchemaObject {
	if (!ref.startsWith('#/')) throw new Error(`Only local references are supported: ${ref}`);
	let node: unknown = doc;
	for (const part of ref.slice(2).split('/')) {
		node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
	}
	if (!node || typeof node !== 'object') throw new Error(`Unresolvable reference ${ref}`);
	return node as SchemaObject;
}
