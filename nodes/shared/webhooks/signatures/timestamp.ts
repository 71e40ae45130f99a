/**
 * The replay window of the timestamped schemes (Standard Webhooks, Stripe-style): a delivery older than the
 * tolerance is refused, and so is one dated further in the future (the Standard Webhooks reference library rejects
 * both "too old" and "too new"). The edge itself is accepted. Returns a reason, or undefined when within.
 */
export function timestampProblem(text: string, nowSeconds: number, toleranceSeconds: number): string | undefined {
	if (!/^\d{1,15}$/.test(text)) return 'timestamp is not a number of seconds';
	const age = nowSeconds - Number(text);
	if (Math.abs(age) > toleranceSeconds) return `timestamp outside the ${toleranceSeconds} s tolerance`;
	return undefined;
}
