import { AffiliateWebhookTrigger } from '../../nodes/AffiliateWebhookTrigger/AffiliateWebhookTrigger.node';
import { RESPOND_WHEN_FINISHED } from '../../nodes/AffiliateWebhookTrigger/description';

/**
 * n8n 2 (n8n-workflow's resolveWebhookDescriptionField) reads a webhook description field without its expression
 * isolate when the description carries, under Symbol.for('n8n.webhookDescriptionResolvers'), an entry whose
 * `template` is exactly the field's value; it then calls `resolve(node parameters)`.
 */
type Resolver = { template: string; resolve: (parameters: Record<string, unknown>) => unknown };
const RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');

const [webhook] = new AffiliateWebhookTrigger().description.webhooks!;
const resolvers = (webhook as unknown as Record<symbol, Record<string, Resolver> | undefined>)[RESOLVERS];

test('every expression in the webhook description has a native resolver whose template is the field itself', () => {
	const expressions = Object.entries(webhook).filter(([, value]) => typeof value === 'string' && value.startsWith('='));
	expect(expressions.map(([field]) => field)).toEqual(['responseMode']);
	for (const [field, value] of expressions) expect(resolvers?.[field]?.template).toBe(value);
});

test.each(['onReceived', RESPOND_WHEN_FINISHED])('the response mode resolves to the Respond parameter (%s), as the expression would', (mode) => {
	expect(resolvers?.responseMode?.resolve({ platform: 'refersion', responseMode: mode })).toBe(mode);
});
