/**
 * Runs the Klaviyo double on its own: `npx tsx test/double/cli.ts --port 0 [--no-rate-limits]
 * [--rate-multiplier N] [--job-ms N] [--no-seed-lists] [--quiet]`. Prints exactly
 * "Klaviyo double listening on http://127.0.0.1:<port>" and stops on SIGINT/SIGTERM.
 */
import { startKlaviyoDouble } from './server';
import { KlaviyoDoubleOptions } from './types';

function numberAfter(args: string[], flag: string): number | undefined {
	const index = args.indexOf(flag);
	if (index < 0) return undefined;
	const value = Number(args[index + 1]);
	if (!Number.isFinite(value) || value < 0) {
		process.stderr.write(`${flag} needs a number\n`);
		process.exit(2);
	}
	return value;
}

async function main(args: string[]): Promise<void> {
	const options: KlaviyoDoubleOptions = {
		port: numberAfter(args, '--port') ?? 0,
		rateLimits: { enabled: !args.includes('--no-rate-limits'), multiplier: numberAfter(args, '--rate-multiplier') ?? 1 },
		jobDurationMs: numberAfter(args, '--job-ms'),
		seedLists: !args.includes('--no-seed-lists'),
		quiet: args.includes('--quiet'),
	};
	const double = await startKlaviyoDouble(options);
	process.stdout.write(`Klaviyo double listening on ${double.url}\n`);
	const stop = () => {
		void double.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

void main(process.argv.slice(2));
