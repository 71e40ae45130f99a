import { Container } from '@n8n/di';

afterAll(() => {
	// Every n8n-core execution context pulls an SSH client manager from DI, whose 60 s cleanup interval would keep
	// jest's worker alive; n8n itself stops it on shutdown.
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
	if (Container.has(SSHClientsManager)) Container.get<{ onShutdown(): void }>(SSHClientsManager).onShutdown();
});
