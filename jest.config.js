/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: {
		// Type checking is done once by `npm run lint` (tsc -p tsconfig.test.json); jest only transpiles.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	setupFiles: ['<rootDir>/test/harness/setupEnv.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/harness/jestAfterEnv.ts'],
	testTimeout: 60000,
	// What a run without Klaviyo's spec skipped, in one line; any other skipped test fails the run.
	globalSetup: '<rootDir>/test/harness/specSkipsSetup.js',
	reporters: ['default', '<rootDir>/test/harness/specSkips.js'],
};
