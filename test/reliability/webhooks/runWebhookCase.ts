import { AffiliateWebhookTrigger } from '../../../nodes/AffiliateWebhookTrigger/AffiliateWebhookTrigger.node';
import { TriggerUnderTest, type DeliveryResult } from '../../harness/webhook';
import { leakProblems } from '../support/leaks';
import { webhookSecretCredential } from '../support/secrets';
import type { WebhookCase } from './cases';

const trigger = new AffiliateWebhookTrigger();

function verdict(result: DeliveryResult): string {
	const body = JSON.stringify(result.body) ?? '';
	return `${result.status} ${body.slice(0, 160)}${result.items ? ` (${result.items.length} items)` : ''}`;
}

/**
 * Delivers a case's requests to a fresh trigger (its own static data) through n8n-core's WebhookContext and checks
 * the last answer: the status, whether a run starts, and that nothing in the answers carries a secret.
 */
export async function runWebhookCase(webhookCase: WebhookCase): Promise<string[]> {
	const { platform, expect: expected } = webhookCase;
	const node = new TriggerUnderTest(trigger, webhookCase.parameters, [webhookSecretCredential(platform.secret, platform.previousSecret)]);
	const results: DeliveryResult[] = [];
	const problems: string[] = [];
	for (const delivery of webhookCase.deliveries) {
		try {
			results.push(await node.deliver(delivery));
		} catch (error) {
			return [`the trigger threw instead of answering: ${(error as Error).message}`];
		}
	}
	const last = results[results.length - 1];
	const started = last.items !== undefined && last.items.length > 0;
	if ('status' in expected) {
		if (last.status !== expected.status || started) problems.push(`answered ${verdict(last)}, expected ${expected.status} and no run`);
	} else if ('handled' in expected) {
		if (!(last.status >= 200 && last.status < 500)) problems.push(`answered ${verdict(last)}, expected an answer below 500`);
	} else if (expected.started) {
		if (!started || last.status !== 200) problems.push(`answered ${verdict(last)}, expected a run`);
	} else {
		const reason = (last.body as { reason?: string } | undefined)?.reason;
		if (last.status !== 200 || started || reason !== expected.reason) problems.push(`answered ${verdict(last)}, expected 200 without a run (${expected.reason})`);
		if (expected.reason === 'already received' && !(results[0].items?.length ?? 0)) problems.push(`the first delivery did not start a run: ${verdict(results[0])}`);
	}
	problems.push(...leakProblems(`${platform.id}: ${webhookCase.title}`, ...results.map((result) => [result.body, result.items, result.response])));
	if ((Object.prototype as Record<string, unknown>).polluted !== undefined) problems.push('Object.prototype was polluted');
	return problems;
}
