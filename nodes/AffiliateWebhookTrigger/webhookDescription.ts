import type { INodeParameters, IWebhookDescription } from 'n8n-workflow';

/**
 * The key under which n8n 2 looks for a node's own resolvers of its webhook description fields (n8n-workflow's
 * WEBHOOK_RESOLVERS, a registry symbol, so n8n 1.x — which has none — simply ignores it).
 */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

/** The Respond parameter decides the response mode: n8n's onReceived, or lastNode (see description.ts). */
const RESPONSE_MODE = '={{$parameter["responseMode"]}}';

/**
 * The trigger's webhook. Declaring how `responseMode` follows from the parameters lets n8n 2 read it without
 * evaluating the expression in its expression isolate on every delivery (~12 ms of CPU each), as its own Webhook
 * node does; the template stays, and n8n evaluates it whenever it does not use the resolver.
 */
export const affiliateWebhookDescription: IWebhookDescription = Object.assign(
	{ name: 'default' as const, httpMethod: 'POST', responseMode: RESPONSE_MODE, responseData: 'noData', path: 'webhook' },
	{ [WEBHOOK_RESOLVERS]: { responseMode: { template: RESPONSE_MODE, resolve: (parameters: INodeParameters) => parameters.responseMode } } },
);
