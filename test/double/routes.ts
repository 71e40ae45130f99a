import { OpenApiDocument, OperationObject } from './specLoader';

export interface Route {
	operationId: string;
	method: string;
	template: string;
	/** The spec's operation; null when the double runs without the spec. */
	op: OperationObject | null;
	pattern: RegExp;
	paramNames: string[];
}

export type RouteMatch =
	| { kind: 'found'; route: Route; params: Record<string, string> }
	| { kind: 'method-not-allowed'; allowed: string[] }
	| { kind: 'not-found' };

const HTTP_METHODS = ['get', 'post', 'patch', 'put', 'delete'];

function compileTemplate(template: string): { pattern: RegExp; paramNames: string[] } {
	const paramNames: string[] = [];
	const source = template
		.split('/')
		.map((segment) => {
			const param = /^\{(.+)\}$/.exec(segment);
			if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			paramNames.push(param[1]);
			return '([^/]+)';
		})
		.join('/');
	return { pattern: new RegExp(`^${source}$`), paramNames };
}

/** Maps method + path to an operation. Klaviyo answers with and without a trailing slash (its own links add one). */
export class RouteTable {
	private readonly routes: Route[];

	constructor(entries: Array<{ operationId: string; method: string; template: string; op: OperationObject | null }>) {
		// Literal segments win over parameters, so /api/profiles/{id} never shadows a fixed path of the same depth.
		this.routes = entries
			.map((entry) => ({ ...entry, method: entry.method.toUpperCase(), ...compileTemplate(entry.template) }))
			.sort((a, b) => a.paramNames.length - b.paramNames.length);
	}

	static fromSpec(doc: OpenApiDocument): RouteTable {
		const entries = [];
		for (const [template, item] of Object.entries(doc.paths)) {
			for (const [method, op] of Object.entries(item)) {
				if (HTTP_METHODS.includes(method) && op?.operationId) entries.push({ operationId: op.operationId, method, template, op });
			}
		}
		return new RouteTable(entries);
	}

	match(method: string, rawPath: string): RouteMatch {
		const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
		const allowed: string[] = [];
		for (const route of this.routes) {
			const found = route.pattern.exec(path);
			if (!found) continue;
			if (route.method !== method.toUpperCase()) {
				allowed.push(route.method);
				continue;
			}
			const params: Record<string, string> = {};
			route.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1])));
			return { kind: 'found', route, params };
		}
		return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
	}

	all(): Route[] {
		return this.routes;
	}
}
