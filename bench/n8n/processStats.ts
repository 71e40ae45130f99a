import { readdirSync, readFileSync } from 'node:fs';

/** Linux's clock ticks per second for /proc/<pid>/stat times (USER_HZ: 100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

const read = (path: string): string | undefined => {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return undefined;
	}
};

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
	const text = read(`/proc/${pid}/stat`);
	if (!text) return undefined;
	return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** User + system CPU seconds the process has used so far (utime + stime, fields 14 and 15 of /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
	const fields = statFields(pid);
	if (!fields) return NaN;
	return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The process and every descendant still alive (n8n 2 starts its task runner as a child). */
export function processTree(root: number): number[] {
	const children = new Map<number, number[]>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const parent = Number(statFields(Number(entry))?.[1]);
		if (Number.isFinite(parent)) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
	}
	const tree: number[] = [];
	const pending = [root];
	while (pending.length > 0) {
		const pid = pending.pop()!;
		tree.push(pid);
		pending.push(...(children.get(pid) ?? []));
	}
	return tree;
}

/** A /proc/<pid>/status memory line in MB (VmRSS now, VmHWM the peak so far). */
function statusMb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
	const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(read(`/proc/${pid}/status`) ?? '');
	return match ? Number(match[1]) / 1024 : 0;
}

export interface MemoryPeak {
	/** The n8n process itself: its kernel-kept peak (VmHWM), so a spike between samples is not missed. */
	main_mb: number;
	/** The highest sum of the current RSS of n8n and its children (task runner) seen by the sampler. */
	tree_mb: number;
	/** The n8n process's RSS at the end of every tenth of the run (11 values): where in the run the peak builds. */
	rss_tenths_mb?: number[];
}

/**
 * Samples a process's memory until stopped. VmHWM is the kernel's own high-water mark, read at every sample
 * because it vanishes with the process; the tree sum catches a task runner's memory too.
 */
export class MemorySampler {
	private peak: MemoryPeak = { main_mb: 0, tree_mb: 0 };

	private readonly series: number[] = [];

	private readonly timer: NodeJS.Timeout;

	constructor(
		private readonly pid: number,
		everyMs = 200,
	) {
		this.timer = setInterval(() => this.sample(), everyMs);
		this.sample();
	}

	private sample(): void {
		const hwm = statusMb(this.pid, 'VmHWM');
		if (hwm === 0) return;
		this.series.push(statusMb(this.pid, 'VmRSS'));
		const tree = processTree(this.pid).reduce((sum, pid) => sum + statusMb(pid, 'VmRSS'), 0);
		this.peak = { main_mb: Math.max(this.peak.main_mb, hwm), tree_mb: Math.max(this.peak.tree_mb, tree) };
	}

	stop(): MemoryPeak {
		clearInterval(this.timer);
		const last = this.series.length - 1;
		const tenths = last < 10 ? [] : Array.from({ length: 11 }, (_, tenth) => Math.round(this.series[Math.round((last * tenth) / 10)]));
		return { main_mb: Math.round(this.peak.main_mb), tree_mb: Math.round(this.peak.tree_mb), ...(tenths.length > 0 ? { rss_tenths_mb: tenths } : {}) };
	}
}
