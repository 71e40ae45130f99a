import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './n8nInstance';

export interface RedisServer {
	port: number;
	/** Sends one command (RESP) and returns its raw reply; for short replies only (PING, GET of a counter). */
	command(...args: string[]): Promise<string>;
	stop(): Promise<void>;
	log(): string;
}

/** Debian's redis-server, or a clear message saying how to get it (CI installs it, see .ci/run). */
function redisBinary(): string {
	const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
	if (!found) throw new Error('redis-server is not installed (Debian: apt-get install -y redis-server)');
	return found;
}

async function send(port: number, args: string[]): Promise<string> {
	return await new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1');
		let reply = '';
		socket.setTimeout(5000, () => socket.destroy(new Error('redis did not answer in 5 s')));
		socket.on('error', reject);
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			// Enough for the small replies used here: a status, an integer, a bulk string or an array of them.
			if (reply.endsWith('\r\n')) socket.end();
		});
		socket.on('end', () => resolve(reply));
		socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
	});
}

/**
 * A throw-away Redis for Bull: 127.0.0.1 only, a free port, no RDB or AOF persistence, its own process group so a
 * Ctrl-C in the terminal does not stop it before the n8n processes that use it (the caller stops it last).
 */
export async function startRedis(): Promise<RedisServer> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'n8n-queue-redis-'));
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', '', '--appendonly', 'no', '--dir', dir];
	const child: ChildProcess = spawn(redisBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let output = '';
	const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-10_000));
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
		rmSync(dir, { recursive: true, force: true });
	};
	for (let attempt = 0; attempt < 100; attempt++) {
		if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${output}`);
		try {
			if ((await send(port, ['PING'])).startsWith('+PONG')) {
				return { port, command: async (...command) => await send(port, command), stop, log: () => output };
			}
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	await stop();
	throw new Error(`redis-server did not answer PING in 10 s:\n${output}`);
}
