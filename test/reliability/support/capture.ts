import { LoggerProxy } from 'n8n-workflow';

type Writer = typeof process.stdout.write;

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Everything the suite's code writes: `console.*`, raw `process.stdout` / `process.stderr` writes, and n8n's own
 * logger (WorkflowExecute logs through LoggerProxy). Writes still go through, so CI logs stay complete; the copy is
 * searched for secrets at the end.
 */
export class LogCapture {
	readonly lines: string[] = [];

	private restorers: Array<() => void> = [];

	install(): void {
		const record = (source: string, parts: unknown[]) => {
			this.lines.push(`${source}: ${parts.map((part) => (typeof part === 'string' ? part : safeText(part))).join(' ')}`);
		};
		for (const method of CONSOLE_METHODS) {
			const original = console[method];
			console[method] = (...parts: unknown[]) => {
				record(`console.${method}`, parts);
				original.apply(console, parts);
			};
			this.restorers.push(() => (console[method] = original));
		}
		for (const name of ['stdout', 'stderr'] as const) {
			const stream = process[name];
			const original = stream.write;
			stream.write = ((chunk: unknown, ...rest: unknown[]) => {
				record(name, [Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk)]);
				return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
			}) as Writer;
			this.restorers.push(() => (stream.write = original));
		}
		const log = (level: string) => (message: string, metadata?: unknown) => record(`n8n.${level}`, [message, metadata]);
		LoggerProxy.init({ error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') });
	}

	restore(): void {
		for (const restore of this.restorers.reverse()) restore();
		this.restorers = [];
	}
}

function safeText(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

interface NodeModuleInternals {
	_load(request: string, parent: null, isMain: boolean): NodeJS.Process;
}

/**
 * Unhandled promise rejections, caught on the real process. Jest gives each test file a copy of `process` whose
 * listeners never fire; Node's module loader hands out the real one.
 */
export class RejectionGuard {
	readonly rejections: string[] = [];

	private readonly realProcess = (require('module') as NodeModuleInternals)._load('process', null, false);

	private readonly onRejection = (reason: unknown) => {
		this.rejections.push(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
	};

	private readonly onException = (error: Error) => {
		this.rejections.push(`uncaught exception: ${error.stack ?? error.message}`);
	};

	install(): void {
		this.realProcess.on('unhandledRejection', this.onRejection);
		this.realProcess.on('uncaughtExceptionMonitor', this.onException);
	}

	restore(): void {
		this.realProcess.off('unhandledRejection', this.onRejection);
		this.realProcess.off('uncaughtExceptionMonitor', this.onException);
	}
}
