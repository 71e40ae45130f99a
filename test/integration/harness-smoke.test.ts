import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runNode } from '../harness/runWorkflow';
import { transportProbeNode } from '../harness/transportProbeNode';

test('a request through n8n-core reaches a server with the private key and revision headers', async () => {
	const seen: IncomingHttpHeaders[] = [];
	const server = createServer((req, res) => {
		seen.push(req.headers);
		res.writeHead(200, { 'content-type': 'application/vnd.api+json' });
		res.end(JSON.stringify({ data: { type: 'account', id: 'A1' } }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	try {
		const result = await runNode({
			nodeType: transportProbeNode(),
			parameters: { authentication: 'apiKey' },
			items: [{ operation: 'getAccounts', method: 'GET', path: '/api/accounts' }],
			credentials: [
				{ id: 'k1', name: 'key', type: 'klaviyoApi', data: { apiKey: 'pk_test_123', baseUrl: `http://127.0.0.1:${port}` } },
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.output[0].json).toMatchObject({ status: 200, body: { data: { id: 'A1' } } });
		expect(seen[0].authorization).toBe('Klaviyo-API-Key pk_test_123');
		expect(seen[0].revision).toBe('2026-07-15');
	} finally {
		server.close();
	}
});
