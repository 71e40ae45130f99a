import axios from 'axios';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startKlaviyoDouble } from './server';
import { call, describeNeedsSpec, specViolations, useDouble } from './support/harness';

describe('control API and request log', () => {
	const getDouble = useDouble();

	test('GET /__double/state equals state(); POST seed, confirm and reset work over HTTP', async () => {
		const double = getDouble();
		await axios.post(`${double.url}/__double/seed`, { profiles: [{ id: 'S1', attributes: { email: 's1@example.com' }, lists: ['Xk3Nws'] }] });
		const overHttp = (await axios.get(`${double.url}/__double/state`)).data;
		expect(overHttp).toEqual(double.state());
		expect(overHttp.lists.find((l: { id: string }) => l.id === 'Xk3Nws').members).toEqual(['S1']);
		await call(double, 'POST', '/api/profile-subscription-bulk-create-jobs', {
			body: {
				data: {
					type: 'profile-subscription-bulk-create-job',
					attributes: { profiles: { data: [{ type: 'profile', attributes: { email: 's1@example.com', subscriptions: { email: { marketing: { consent: 'SUBSCRIBED' } } } } }] } },
					relationships: { list: { data: { type: 'list', id: 'Dbl9Af' } } },
				},
			},
		});
		expect((await axios.post(`${double.url}/__double/confirm`, { listId: 'Dbl9Af' })).data).toEqual({ confirmed: 1 });
		await axios.post(`${double.url}/__double/reset`);
		expect(double.state().profiles).toEqual([]);
		expect(double.state().lists.map((l) => l.id)).toEqual(['Xk3Nws', 'Dbl9Af', 'Vp7Ref']);
		expect(double.requests()).toEqual([]);
	});

	test('a seed that reuses another profile\'s identifier is refused', async () => {
		const double = getDouble();
		double.seed({ profiles: [{ id: 'A', attributes: { email: 'a@example.com' } }] });
		expect(() => double.seed({ profiles: [{ id: 'B', attributes: { email: 'A@example.com' } }] })).toThrow(/identifier/);
		const overHttp = await axios.post(`${double.url}/__double/seed`, { profiles: [{ attributes: {} }], lists: [{ name: 'L' }] }, { validateStatus: () => true });
		expect(overHttp.status).toBe(200);
	});

	test('the request log records method, path, query, status, operationId, timing, auth, revision and the parsed body', async () => {
		const double = getDouble();
		await call(double, 'GET', '/api/lists', { query: { 'page[size]': '2' } });
		await call(double, 'POST', '/api/profile-import', { body: { data: { type: 'profile', attributes: { email: 'log@example.com' } } } });
		const log = (await axios.get(`${double.url}/__double/requests`)).data;
		expect(log).toEqual(double.requests());
		expect(log[0]).toMatchObject({ seq: 1, method: 'GET', path: '/api/lists', query: { 'page[size]': '2' }, status: 200, operationId: 'get_lists', auth: 'api-key', revision: '2026-07-15', body: null });
		expect(log[1]).toMatchObject({ method: 'POST', status: 201, operationId: 'create_or_update_profile', body: { data: { attributes: { email: 'log@example.com' } } } });
		expect(typeof log[1].durationMs).toBe('number');
		expect(Date.parse(log[1].startedAt)).not.toBeNaN();
	});

	test('a gzip-encoded body is accepted; an unknown Content-Encoding is a 415', async () => {
		const double = getDouble();
		const body = JSON.stringify({ data: { type: 'profile', attributes: { email: 'gz@example.com' } } });
		const send = (data: Buffer | string, encoding: string) =>
			axios.post(`${double.url}/api/profile-import`, data, {
				headers: { authorization: 'Klaviyo-API-Key pk_x', revision: '2026-07-15', 'content-type': 'application/json', 'content-encoding': encoding },
				validateStatus: () => true,
			});
		expect((await send(gzipSync(body), 'gzip')).status).toBe(201);
		expect((await send(body, 'br')).status).toBe(415);
	});
});

describe('answers outside the happy path match the spec too', () => {
	const getDouble = useDouble();

	test.each([
		['an unknown path', 'GET', '/api/nothing-here', 404, 'not_found'],
		['a method the path does not have', 'PUT', '/api/profiles', 405, 'method_not_allowed'],
	])('%s: %s %s → %i', async (_label, method, path, status, code) => {
		const result = await call(getDouble(), method, path);
		expect(result.status).toBe(status);
		expect(result.body.errors[0]).toMatchObject({ status, code });
	});

	describeNeedsSpec('what only the spec knows', () => {
		test('an operation of the spec the double does not implement: GET /api/metrics → 501', async () => {
			const result = await call(getDouble(), 'GET', '/api/metrics');
			expect(result.status).toBe(501);
			expect(result.body.errors[0]).toMatchObject({ status: 501, code: 'not_implemented' });
			expect(specViolations('get_metrics', result)).toEqual([]);
		});

		test('revision 2099-01-15 (newer than the spec): 400 naming revision', async () => {
			const result = await call(getDouble(), 'GET', '/api/accounts', { revision: '2099-01-15' });
			expect(result.status).toBe(400);
			expect(result.body.errors[0].source).toEqual({ parameter: 'revision' });
		});
	});

	test.each([
		['2026-13-45', 'an impossible date'],
		['July 2026', 'no date format'],
	])('revision %s (%s): 400 naming revision', async (revision) => {
		const result = await call(getDouble(), 'GET', '/api/accounts', { revision });
		expect(result.status).toBe(400);
		expect(result.body.errors[0].source).toEqual({ parameter: 'revision' });
	});

	test('revision 2026-07-15.pre and trailing slashes are accepted', async () => {
		expect((await call(getDouble(), 'GET', '/api/accounts/', { revision: '2026-07-15.pre' })).status).toBe(200);
	});

	test('a profile write over 100 KB: 413', async () => {
		const properties = { blob: 'x'.repeat(110 * 1024) };
		const result = await call(getDouble(), 'POST', '/api/profile-import', { body: { data: { type: 'profile', attributes: { email: 'big@example.com', properties } } } });
		expect(result.status).toBe(413);
		expect(specViolations('create_or_update_profile', result)).toEqual([]);
	});

	test('an unknown private key with the right scheme: 401; apiKeys restricts the accepted keys', async () => {
		const double = await startKlaviyoDouble({ quiet: true, apiKeys: ['pk_only_this_one'] });
		try {
			expect((await call(double, 'GET', '/api/accounts', { auth: 'Klaviyo-API-Key pk_other' })).status).toBe(401);
			expect((await call(double, 'GET', '/api/accounts', { auth: 'Klaviyo-API-Key pk_only_this_one' })).status).toBe(200);
		} finally {
			await double.close();
		}
		expect((await call(getDouble(), 'GET', '/api/accounts', { auth: 'Klaviyo-API-Key sk_not_private' })).status).toBe(401);
	});
});

describe('without the spec', () => {
	test('the double starts, warns loudly on stderr, and still checks the facts of ownContract.ts', async () => {
		const writes: string[] = [];
		const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
			writes.push(String(chunk));
			return true;
		});
		const double = await startKlaviyoDouble({ quiet: false, specPath: '/nonexistent/stable.json' });
		spy.mockRestore();
		try {
			expect(writes.join('')).toMatch(/spec not found.*checked only against the facts in test\/double\/ownContract.ts/s);
			const wrongType = await call(double, 'POST', '/api/profile-import', { body: { data: { type: 'profile', attributes: { email: 42 } } } });
			expect(wrongType.body.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: '/data/attributes/email' } });
			const unknownField = await call(double, 'POST', '/api/profile-import', { body: { data: { type: 'profile', attributes: { email: 'n@example.com', nickname: 'x' } } } });
			expect(unknownField.body.errors[0]).toMatchObject({ code: 'invalid', source: { pointer: '/data/attributes/nickname' } });
			const known = await call(double, 'POST', '/api/profile-import', { body: { data: { type: 'profile', attributes: { email: 'n@example.com', properties: { nickname: 'x' } } } } });
			expect(known.status).toBe(201);
			expect((await call(double, 'GET', '/api/lists', { query: { 'page[size]': '11' } })).status).toBe(400);
			expect((await call(double, 'GET', '/api/lists')).status).toBe(200);
			await call(double, 'GET', '/api/accounts');
			expect((await call(double, 'GET', '/api/accounts')).status).toBe(429);
		} finally {
			await double.close();
		}
	});
});

describe('CLI', () => {
	test('prints exactly the listening line and stops on SIGTERM', async () => {
		const child = spawn(process.execPath, [require.resolve('tsx/cli'), resolve(__dirname, 'cli.ts'), '--port', '0', '--job-ms', '10', '--quiet'], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const line = await new Promise<string>((done, fail) => {
			let out = '';
			child.stdout.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				if (out.includes('\n')) done(out);
			});
			child.once('exit', (code) => fail(new Error(`cli exited with ${code}`)));
		});
		expect(line).toMatch(/^Klaviyo double listening on http:\/\/127\.0\.0\.1:\d+\n$/);
		const url = line.trim().split(' ').pop() as string;
		expect((await call({ url } as never, 'GET', '/api/lists')).status).toBe(200);
		const exited = new Promise<number | null>((done) => child.once('exit', done));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	}, 20_000);
});
