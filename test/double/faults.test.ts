import axios from 'axios';
import { API_KEY, REVISION, call, specViolations, useDouble } from './support/harness';
import { FaultRule, KlaviyoDouble } from './types';

const upsert = (double: KlaviyoDouble, email: string) =>
	call(double, 'POST', '/api/profile-import', { body: { data: { type: 'profile', attributes: { email } } } });

describe('faults', () => {
	const getDouble = useDouble();

	test.each([
		['a fixed Retry-After', { kind: 'throttle', retryAfterSeconds: 7 }, '7'],
		['no Retry-After at all', { kind: 'throttle', omitRetryAfter: true }, undefined],
	] as Array<[string, FaultRule['fault'], string | undefined]>)('429 with %s; nothing is written', async (_label, fault, retryAfter) => {
		const double = getDouble();
		double.setFaults([{ operationId: 'create_or_update_profile', fault }]);
		const result = await upsert(double, 'a@example.com');
		expect(result.status).toBe(429);
		expect(result.headers['retry-after']).toBe(retryAfter);
		expect(result.headers['ratelimit-limit']).toBeUndefined();
		expect(result.body.errors[0].code).toBe('throttled');
		expect(specViolations('create_or_update_profile', result)).toEqual([]);
		expect(double.state().profiles).toHaveLength(0);
		expect(double.requests()[0]).toMatchObject({ operationId: 'create_or_update_profile', status: 429, fault: 'throttle' });
	});

	test('a Retry-After range is drawn from a seeded RNG: the same rule gives the same values on every run', async () => {
		const double = getDouble();
		const rule: FaultRule = { pathPrefix: '/api/lists', fault: { kind: 'throttle', retryAfterSeconds: [2, 30] }, seed: 42 };
		const draw = async () => {
			double.setFaults([rule]);
			const values: number[] = [];
			for (let i = 0; i < 6; i++) values.push(Number((await call(double, 'GET', '/api/lists')).headers['retry-after']));
			return values;
		};
		const first = await draw();
		expect(await draw()).toEqual(first);
		expect(first.every((v) => v >= 2 && v <= 30)).toBe(true);
		expect(new Set(first).size).toBeGreaterThan(1);
	});

	test.each([500, 503])('status %i: a JSON:API error body', async (status) => {
		const double = getDouble();
		double.setFaults([{ method: 'GET', pathPrefix: '/api/accounts', fault: { kind: 'status', status: status as 500 | 503 } }]);
		const result = await call(double, 'GET', '/api/accounts');
		expect(result.status).toBe(status);
		expect(result.body.errors[0]).toMatchObject({ status });
		expect(specViolations('get_accounts', result)).toEqual([]);
	});

	test.each([502, 504])('status %i: the CDN\'s HTML page', async (status) => {
		const double = getDouble();
		double.setFaults([{ operationId: 'get_accounts', fault: { kind: 'status', status: status as 502 | 504 } }]);
		const result = await call(double, 'GET', '/api/accounts');
		expect(result.status).toBe(status);
		expect(result.headers['content-type']).toBe('text/html');
	});

	test('a connection reset: the client sees ECONNRESET (or a hang-up) and nothing is written', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'create_or_update_profile', fault: { kind: 'connection-reset' }, times: 1 }]);
		const error = await axios
			.post(`${double.url}/api/profile-import`, { data: { type: 'profile', attributes: { email: 'r@example.com' } } }, {
				headers: { authorization: `Klaviyo-API-Key ${API_KEY}`, revision: REVISION },
			})
			.catch((e: { code?: string }) => e);
		expect(['ECONNRESET', 'ERR_BAD_RESPONSE', 'ECONNABORTED']).toContain((error as { code?: string }).code);
		expect(double.state().profiles).toHaveLength(0);
		expect(double.requests()[0]).toMatchObject({ status: 0, fault: 'connection-reset' });
		expect((await upsert(double, 'r@example.com')).status).toBe(201);
	});

	test('a delay answers normally, late, and the write happens', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'create_or_update_profile', fault: { kind: 'delay', ms: 150 } }]);
		const started = Date.now();
		const result = await upsert(double, 'd@example.com');
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(result.status).toBe(201);
		expect(double.state().profiles).toHaveLength(1);
		expect(double.requests()[0]).toMatchObject({ status: 201, fault: 'delay' });
	});

	test.each([403, 400])('a Cloudflare HTML page with status %i', async (status) => {
		const double = getDouble();
		double.setFaults([{ pathPattern: '^/api/profile', fault: { kind: 'cloudflare-html', status: status as 400 | 403 } }]);
		const result = await upsert(double, 'c@example.com');
		expect(result.status).toBe(status);
		expect(result.headers['content-type']).toMatch(/^text\/html/);
		expect(result.text).toMatch(/<html/);
		if (status === 403) expect(result.headers['cf-mitigated']).toBe('challenge');
		expect(double.state().profiles).toHaveLength(0);
	});

	test('truncated JSON: the status says success, the body is half of the real answer, and nothing is written', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'create_or_update_profile', fault: { kind: 'truncated-json', status: 201 } }]);
		const result = await upsert(double, 't@example.com');
		expect(result.status).toBe(201);
		expect(result.text.startsWith('{"data":{"type":"profile"')).toBe(true);
		expect(() => JSON.parse(result.text)).toThrow();
		expect(double.state().profiles).toHaveLength(0);
	});

	test('times: only the next N matching requests are faulted', async () => {
		const double = getDouble();
		double.setFaults([{ operationId: 'get_lists', fault: { kind: 'status', status: 503 }, times: 2 }]);
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await call(double, 'GET', '/api/lists')).status);
		expect(statuses).toEqual([503, 503, 200, 200]);
	});

	test('share: a seeded share of matching requests, identical across runs', async () => {
		const double = getDouble();
		const run = async () => {
			double.setFaults([{ method: 'GET', fault: { kind: 'status', status: 500 }, share: 0.3, seed: 7 }]);
			const statuses: number[] = [];
			for (let i = 0; i < 40; i++) statuses.push((await call(double, 'GET', '/api/lists')).status);
			return statuses;
		};
		const first = await run();
		expect(await run()).toEqual(first);
		const faulted = first.filter((s) => s === 500).length;
		expect(faulted).toBeGreaterThan(4);
		expect(faulted).toBeLessThan(24);
	});

	test('rules that do not match leave requests alone; the first matching rule wins', async () => {
		const double = getDouble();
		double.setFaults([
			{ method: 'POST', operationId: 'get_lists', fault: { kind: 'status', status: 500 } },
			{ pathPattern: /^\/api\/lists$/, fault: { kind: 'status', status: 502 } },
			{ pathPrefix: '/api/lists', fault: { kind: 'status', status: 504 } },
		]);
		expect((await call(double, 'GET', '/api/lists')).status).toBe(502);
		expect((await call(double, 'GET', '/api/lists/Xk3Nws')).status).toBe(504);
		expect((await call(double, 'GET', '/api/accounts')).status).toBe(200);
	});

	test('faults are set and cleared over HTTP too, and reset() clears them', async () => {
		const double = getDouble();
		await axios.post(`${double.url}/__double/faults`, [{ operationId: 'get_accounts', fault: { kind: 'status', status: 503 } }]);
		expect((await call(double, 'GET', '/api/accounts')).status).toBe(503);
		double.reset();
		expect((await call(double, 'GET', '/api/accounts')).status).toBe(200);
		const bad = await axios.post(`${double.url}/__double/faults`, [{ fault: { kind: 'explode' } }], { validateStatus: () => true });
		expect(bad.status).toBe(400);
	});
});
