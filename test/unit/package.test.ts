import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json, as n8n loads community packages', () => {
	test('no runtime dependencies; n8n-workflow is the only peer', () => {
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	test('the community-node keyword, MIT, files and engines', () => {
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(manifest.license).toBe('MIT');
		expect(manifest.files).toEqual(['dist/nodes', 'dist/credentials', 'index.js', 'CHANGELOG.md']);
		expect(manifest.engines.node).toBe('>=20.19');
		expect(manifest.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: false });
	});
});

describe('built package (npm run build)', () => {
	beforeAll(() => {
		if (!existsSync(join(root, 'dist'))) throw new Error('dist/ is missing: `npm test` builds it first; run `npm run build` before calling jest directly');
	});

	test.each(manifest.n8n.nodes as string[])('%s loads, with its codex and light/dark icons beside it', (path) => {
		const file = join(root, path);
		const exported = require(file);
		const NodeClass = Object.values(exported)[0] as new () => { description: { name: string; icon: { light: string; dark: string } } };
		const { description } = new NodeClass();
		const codex = JSON.parse(readFileSync(file.replace(/\.js$/, '.json'), 'utf8'));
		expect(codex.node).toBe(`${manifest.name}.${description.name}`);
		for (const icon of [description.icon.light, description.icon.dark]) {
			expect(existsSync(join(dirname(file), icon.replace(/^file:/, '')))).toBe(true);
		}
		expect(description.icon.light).not.toBe(description.icon.dark);
	});

	test.each(manifest.n8n.credentials as string[])('%s loads, with its icons', (path) => {
		const file = join(root, path);
		const CredentialClass = Object.values(require(file))[0] as new () => { icon: { light: string; dark: string } };
		const { icon } = new CredentialClass();
		for (const variant of [icon.light, icon.dark]) expect(existsSync(join(dirname(file), variant.replace(/^file:/, '')))).toBe(true);
	});

	test('index.js exports the pure domain API', () => {
		const api = require(join(root, 'index.js'));
		for (const name of ['planProfileMerge', 'verifyWebhookSignature', 'normalizeAffiliateWebhook', 'normalizePhoneNumber', 'deriveEventUniqueId', 'planReferralTotals', 'eventsAllowedFor', 'normalizeWebhookDelivery']) {
			expect(typeof api[name]).toBe('function');
		}
		const plan = api.planProfileMerge({ first_name: 'Ann' }, { first_name: 'Anna', last_name: 'Lee' }, { mode: 'fillEmpty' });
		expect(plan.attributes).toEqual({ last_name: 'Lee' });
	});
});
