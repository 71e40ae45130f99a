import tsParser from '@typescript-eslint/parser';
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';

// The rule sets n8n's community-package scanner (@n8n/scan-community-package) applies: the Cloud-eligible
// `recommended` set of @n8n/eslint-plugin-community-nodes, `no-console`, and eslint-plugin-n8n-nodes-base's
// community / credentials / nodes sets with the scanner's own overrides — only those, each explained below.
// Inline configuration is off here (as the scanner's `allowInlineConfig: false`), so no source file can switch a rule
// off, whether linted by `npm run lint` or by n8n's own `n8n-node lint`, which runs `eslint .` with this file (the
// package's `n8n.strict` is false: strict mode demands n8n's default config, which would lint tests, benchmarks and
// scripts as node code). CI also lints with the scanner itself, at its pinned versions: scripts/ci/scanner-lint.sh.
const n8nBase = { 'n8n-nodes-base': n8nNodesBase };
const typescript = { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } };

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'test/**', 'bench/**', 'scripts/**', 'examples/**', '*.js', '*.mjs'] },
	{ linterOptions: { noInlineConfig: true } },
	{
		...communityNodes.configs.recommended,
		files: ['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts'],
		languageOptions: typescript,
	},
	{
		files: ['package.json', 'nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: { 'no-console': 'error' },
	},
	{
		files: ['package.json'],
		languageOptions: typescript,
		plugins: n8nBase,
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: typescript,
		plugins: n8nBase,
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// Meant for n8n's monorepo, where documentationUrl is a docs slug; it contradicts
			// cred-class-field-documentation-url-not-http-url for community packages. The scanner turns it off.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			// Superseded by @n8n/community-nodes/credential-password-field (scanner override).
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: typescript,
		plugins: n8nBase,
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two want the string 'main'; @n8n/community-nodes/node-connection-type-literal requires
			// NodeConnectionTypes.Main. The scanner turns them off.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			// Klaviyo's page sizes do have maxima (100 profiles, 10 lists); scanner override.
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
];
