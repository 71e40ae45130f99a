import { Answer } from './httpIo';
import { FaultRule, SeedData } from './types';

/** The operations behind /__double/* — the same ones the KlaviyoDouble object offers in process. */
export interface DoubleControls {
	state(): unknown;
	requests(): unknown;
	reset(): void;
	setFaults(rules: FaultRule[]): void;
	seed(data: SeedData): void;
	confirmPending(listId?: string): number;
	expireAccessTokens(): void;
}

function json(status: number, body: unknown): Answer {
	return { status, headers: { 'content-type': 'application/json' }, json: body };
}

function parse(bytes: Buffer): unknown {
	return bytes.length === 0 ? {} : JSON.parse(bytes.toString('utf8'));
}

/**
 * Test tooling, unauthenticated: GET state and requests; POST reset, faults (an array of rules or {rules}), seed,
 * confirm ({listId?}) and expire-tokens. Errors are plain {error} JSON, not Klaviyo's shapes.
 */
export function controlAnswer(controls: DoubleControls, method: string, action: string, bytes: Buffer): Answer {
	try {
		const route = `${method} ${action}`;
		switch (route) {
			case 'GET state':
				return json(200, controls.state());
			case 'GET requests':
				return json(200, controls.requests());
			case 'POST reset':
				controls.reset();
				return json(200, { ok: true });
			case 'POST faults': {
				const body = parse(bytes) as FaultRule[] | { rules?: FaultRule[] };
				controls.setFaults(Array.isArray(body) ? body : body.rules ?? []);
				return json(200, { ok: true });
			}
			case 'POST seed':
				controls.seed(parse(bytes) as SeedData);
				return json(200, { ok: true });
			case 'POST confirm': {
				const { listId } = parse(bytes) as { listId?: string };
				return json(200, { confirmed: controls.confirmPending(listId) });
			}
			case 'POST expire-tokens':
				controls.expireAccessTokens();
				return json(200, { ok: true });
			default:
				return json(404, { error: `Unknown control route ${route}` });
		}
	} catch (e) {
		return json(400, { error: (e as Error).message });
	}
}
