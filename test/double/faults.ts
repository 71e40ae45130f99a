import { FaultAction, FaultRule } from './types';

/** mulberry32: a tiny seeded PRNG, so "30 % of requests fail" picks the same requests on every run. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface ActiveRule {
	rule: FaultRule;
	pattern: RegExp | null;
	random: () => number;
	remaining: number | null;
	toSkip: number;
}

export interface PickedFault {
	action: FaultAction;
	/** Retry-After for a throttle fault, already drawn from the rule's range. */
	retryAfterSeconds?: number;
}

const KINDS = ['throttle', 'status', 'connection-reset', 'delay', 'cloudflare-html', 'truncated-json'];

function checkRule(rule: FaultRule, index: number): void {
	const where = `fault rule ${index}`;
	if (!rule || typeof rule !== 'object' || !rule.fault || !KINDS.includes(rule.fault.kind)) {
		throw new Error(`${where}: fault.kind must be one of ${KINDS.join(', ')}`);
	}
	if (rule.share !== undefined && !(rule.share >= 0 && rule.share <= 1)) throw new Error(`${where}: share must be between 0 and 1`);
	if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) throw new Error(`${where}: times must be a whole number`);
	if (rule.skip !== undefined && !(Number.isInteger(rule.skip) && rule.skip >= 0)) throw new Error(`${where}: skip must be a whole number`);
	const f = rule.fault;
	if (f.kind === 'status' && ![500, 502, 503, 504].includes(f.status)) throw new Error(`${where}: status must be 500, 502, 503 or 504`);
	if (f.kind === 'cloudflare-html' && ![400, 403].includes(f.status)) throw new Error(`${where}: cloudflare-html status must be 400 or 403`);
	if (f.kind === 'delay' && !(f.ms >= 0)) throw new Error(`${where}: delay needs ms >= 0`);
}

/** Per-test fault rules: the first rule that matches a request and fires decides its fault. */
export class FaultInjector {
	private active: ActiveRule[] = [];

	set(rules: FaultRule[]): void {
		if (!Array.isArray(rules)) throw new Error('faults must be an array of rules');
		rules.forEach(checkRule);
		this.active = rules.map((rule) => ({
			rule,
			pattern: rule.pathPattern === undefined ? null : rule.pathPattern instanceof RegExp ? rule.pathPattern : new RegExp(rule.pathPattern),
			random: seededRandom(rule.seed ?? 1),
			remaining: rule.times ?? null,
			toSkip: rule.skip ?? 0,
		}));
	}

	clear(): void {
		this.active = [];
	}

	pick(method: string, path: string, operationId: string | null): PickedFault | null {
		for (const entry of this.active) {
			const { rule } = entry;
			if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
			if (rule.pathPrefix && !path.startsWith(rule.pathPrefix)) continue;
			if (entry.pattern && !entry.pattern.test(path)) continue;
			if (rule.operationId && rule.operationId !== operationId) continue;
			if (entry.remaining !== null && entry.remaining <= 0) continue;
			if (entry.toSkip > 0) {
				entry.toSkip -= 1;
				continue;
			}
			if (rule.share !== undefined && entry.random() >= rule.share) continue;
			if (entry.remaining !== null) entry.remaining -= 1;
			const picked: PickedFault = { action: rule.fault };
			if (rule.fault.kind === 'throttle' && !rule.fault.omitRetryAfter) {
				const spec = rule.fault.retryAfterSeconds ?? 1;
				picked.retryAfterSeconds = Array.isArray(spec) ? spec[0] + Math.floor(entry.random() * (spec[1] - spec[0] + 1)) : spec;
			}
			return picked;
		}
		return null;
	}
}

/**
 * What Cloudflare in front of a.klaviyo.com answers instead of Klaviyo JSON: a bot challenge (403 with
 * `cf-mitigated: challenge`, klaviyo-api-python#84) or a bare 400 page (malformed Authorization, klaviyo-api-ruby#39).
 */
export function cloudflarePage(status: 400 | 403): { headers: Record<string, string>; html: string } {
	const headers: Record<string, string> = { 'content-type': 'text/html; charset=UTF-8', server: 'cloudflare', 'cf-ray': '8f1d2c3b4a5e6f70-EWR' };
	if (status === 403) {
		headers['cf-mitigated'] = 'challenge';
		return {
			headers,
			html: '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>',
		};
	}
	return {
		headers,
		html: '<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n',
	};
}
