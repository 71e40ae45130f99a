import { mkdtempSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

// Imported first: n8n-core's InstanceSettings writes a settings file under the user folder on first use (kept out
// of $HOME), and without a key it prints "No encryption key found" to stdout, where the JSON line must stay last.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-klaviyo-affiliates-bench-'));
process.env.N8N_ENCRYPTION_KEY ??= 'bench-only-not-a-secret';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';

export interface Machine {
	cpu: string;
	cores: number;
	node: string;
	os: string;
	memory_gb: number;
}

export function machine(): Machine {
	const list = cpus();
	return {
		cpu: list[0]?.model.trim() ?? 'unknown',
		cores: list.length,
		node: process.version,
		os: `${platform()} ${release()}`,
		memory_gb: Math.round(totalmem() / 2 ** 30),
	};
}

/** n8n-core's SSH client manager keeps a 60 s interval alive; n8n stops it on shutdown, and so does the bench. */
export function stopN8nTimers(): void {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Container } = require('@n8n/di') as { Container: { has(token: unknown): boolean; get<T>(token: unknown): T } };
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager') as { SSHClientsManager: unknown };
		if (Container.has(SSHClientsManager)) Container.get<{ onShutdown(): void }>(SSHClientsManager).onShutdown();
	} catch {
		// Nothing to stop in this n8n-core version.
	}
}
