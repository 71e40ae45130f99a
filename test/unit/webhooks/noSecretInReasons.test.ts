import { verifyWebhookSignature } from '../../../nodes/shared/webhooks';
import { BODY_HMAC_SUITES, GENERIC_MISCONFIGURATIONS, SECRET } from './cases/bodyHmacCases';
import { TIMESTAMPED_SUITES } from './cases/timestampedCases';
import { expectRejectedWithoutLeaks, leakForms } from './signing';

/**
 * Reasons end up in n8n's execution log and in the HTTP answer to the sender: every rejection of every scheme is run
 * here, and its reason must contain neither a secret nor an expected signature, in hex or base64.
 */
const REJECTIONS = [...BODY_HMAC_SUITES, ...TIMESTAMPED_SUITES].flatMap((suite) =>
	suite.cases.filter((c) => !c.valid).map((c) => [`${suite.label}: ${c.behaviour}`, c, suite.forbidden] as const),
);

test('there are rejections to check', () => {
	expect(REJECTIONS.length).toBeGreaterThan(200);
});

test.each(REJECTIONS)('%s', (_, c, forbidden) => {
	expectRejectedWithoutLeaks(verifyWebhookSignature(c.input), forbidden);
});

test.each(GENERIC_MISCONFIGURATIONS.map((c) => [c.behaviour, c] as const))('%s', (_, c) => {
	expectRejectedWithoutLeaks(verifyWebhookSignature(c.input), leakForms(SECRET));
});

test('a secret used by mistake as the header name does not come back in the reason', () => {
	const secret = 'my-secret-header-value';
	const verdict = verifyWebhookSignature({
		scheme: 'generic-hmac',
		secret,
		headers: {},
		rawBody: '{}',
		options: { headerName: secret },
	});
	expectRejectedWithoutLeaks(verdict, [secret]);
});
