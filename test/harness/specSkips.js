'use strict';
// Counts what a run without Klaviyo's OpenAPI spec could not check, and says it in one loud line at the end.
// - Tests that truly need the spec sit in a describe titled with NEEDS_SPEC_TAG (see test/double/support/harness.ts)
//   and are skipped without it; any OTHER skipped test fails the run, so no skip can hide a failure.
// - Single assertions that need the spec (an answer checked against the spec's response schema) are appended, one
//   line each, to the file named by KLAVIYO_SPEC_SKIPS_FILE, which the global setup creates for the workers.
const { mkdtempSync, readFileSync, rmSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const NEEDS_SPEC_TAG = '[needs Klaviyo OpenAPI spec]';
const FILE_ENV = 'KLAVIYO_SPEC_SKIPS_FILE';

function globalSetup() {
	process.env[FILE_ENV] = join(mkdtempSync(join(tmpdir(), 'klaviyo-spec-skips-')), 'assertions.log');
}

class SpecSkipReporter {
	onRunComplete(_contexts, results) {
		const skippedTests = [];
		const untaggedSkips = [];
		for (const file of results.testResults) {
			for (const test of file.testResults) {
				if (test.status !== 'pending' && test.status !== 'skipped') continue;
				(test.fullName.includes(NEEDS_SPEC_TAG) ? skippedTests : untaggedSkips).push(test.fullName);
			}
		}
		const file = process.env[FILE_ENV];
		const assertions = file && existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
		if (file) rmSync(join(file, '..'), { recursive: true, force: true });
		if (skippedTests.length > 0 || assertions > 0) {
			process.stderr.write(
				`\n!!! No Klaviyo OpenAPI spec (set KLAVIYO_OPENAPI_SPEC): ${skippedTests.length} tests and ${assertions} ` +
					'response-schema assertions that need it were skipped; every other test ran against the facts in test/double/ownContract.ts.\n\n',
			);
		}
		this.error = untaggedSkips.length > 0 ? new Error(`Skipped tests that do not need the spec:\n  ${untaggedSkips.join('\n  ')}`) : undefined;
		if (this.error) process.stderr.write(`\n${this.error.message}\n`);
	}

	getLastError() {
		return this.error;
	}
}

module.exports = SpecSkipReporter;
module.exports.globalSetup = globalSetup;
module.exports.NEEDS_SPEC_TAG = NEEDS_SPEC_TAG;
module.exports.FILE_ENV = FILE_ENV;
