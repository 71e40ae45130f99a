/**
 * `npx tsx bench/n8n/cpuProfile.ts <file.cpuprofile> [--top 25] [--match name,name]`: where a V8 CPU profile (node
 * --cpu-prof, e.g. n8n started by `npm run bench:n8n -- --only trigger --cpu-prof DIR`) spent its time — self time
 * per function, and inclusive time per function (recursion counted once), each as ms and share of the samples.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface FunctionTime {
	key: string;
	selfMs: number;
	totalMs: number;
}

const keyOf = (node: ProfileNode) => {
	const { functionName, url, lineNumber } = node.callFrame;
	const where = url ? `${url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13) : basename(url)}:${lineNumber + 1}` : '';
	return `${functionName || '(anonymous)'} ${where}`.trim();
};

/** Self and inclusive milliseconds per function of one profile, and the profile's sampled total. */
export function summarize(profile: CpuProfile): { totalMs: number; functions: FunctionTime[] } {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfUs = new Map<number, number>();
	profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
	const functions = new Map<string, FunctionTime>();
	const entry = (key: string) => functions.get(key) ?? functions.set(key, { key, selfMs: 0, totalMs: 0 }).get(key)!;
	// Depth-first with an explicit stack; inclusive time is added to a function only where it is not already on the stack.
	const totals = new Map<number, number>();
	const order: Array<{ id: number; active: Set<string> }> = [];
	const childIds = new Set(profile.nodes.flatMap((node) => node.children ?? []));
	const roots = profile.nodes.filter((node) => !childIds.has(node.id));
	const stack = roots.map((root) => ({ id: root.id, active: new Set<string>() }));
	while (stack.length > 0) {
		const frame = stack.pop()!;
		order.push(frame);
		const node = byId.get(frame.id)!;
		const active = new Set(frame.active).add(keyOf(node));
		for (const child of node.children ?? []) stack.push({ id: child, active });
	}
	for (const { id, active } of order.reverse()) {
		const node = byId.get(id)!;
		const total = (selfUs.get(id) ?? 0) + (node.children ?? []).reduce((sum, child) => sum + (totals.get(child) ?? 0), 0);
		totals.set(id, total);
		const item = entry(keyOf(node));
		item.selfMs += (selfUs.get(id) ?? 0) / 1000;
		if (!active.has(keyOf(node))) item.totalMs += total / 1000;
	}
	const totalMs = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0) / 1000;
	return { totalMs, functions: [...functions.values()] };
}

function main(args: string[]): void {
	const file = args.find((arg) => !arg.startsWith('--') && !/^\d+$/.test(arg));
	if (!file) throw new Error('usage: cpuProfile.ts <file.cpuprofile> [--top N] [--match a,b]');
	const top = Number(args[args.indexOf('--top') + 1]) || 25;
	const match = args.includes('--match') ? args[args.indexOf('--match') + 1].split(',') : [];
	const { totalMs, functions } = summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
	const line = (f: FunctionTime, ms: number) => `${ms.toFixed(0).padStart(8)} ms ${((ms / totalMs) * 100).toFixed(1).padStart(5)} %  ${f.key}`;
	const out: string[] = [`${file}: ${totalMs.toFixed(0)} ms sampled`, '', 'self time:'];
	out.push(...[...functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top).map((f) => line(f, f.selfMs)));
	out.push('', 'inclusive time:');
	const inclusive = [...functions].filter((f) => match.length === 0 || match.some((name) => f.key.includes(name)));
	out.push(...inclusive.sort((a, b) => b.totalMs - a.totalMs).slice(0, top).map((f) => line(f, f.totalMs)));
	process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) main(process.argv.slice(2));
