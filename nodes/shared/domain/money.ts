/** Money amounts as Klaviyo takes them: decimal numbers in major units (9.99), not minor units. */

export const DEFAULT_CURRENCY_DECIMALS = 2;

/**
 * The number of minor-unit digits of an ISO 4217 currency (JPY 0, USD 2, KWD 3), from the runtime's own currency
 * data; the default of 2 for codes it does not know.
 */
export function currencyDecimals(currencyCode: string): number {
	try {
		const format = new Intl.NumberFormat('en', { style: 'currency', currency: currencyCode.trim().toUpperCase() });
		return format.resolvedOptions().maximumFractionDigits ?? DEFAULT_CURRENCY_DECIMALS;
	} catch {
		return DEFAULT_CURRENCY_DECIMALS;
	}
}

/**
 * The amount as an integer count of minor units, half away from zero. Scaling by shifting the decimal exponent in
 * the number's text avoids binary artefacts: 1.005 × 100 is 100.49999… in floating point, but '1.005e2' is 100.5.
 */
export function toMinorUnits(amount: number, decimals: number): number {
	const [mantissa, exponent = '0'] = String(Math.abs(amount)).split('e');
	const scaled = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
	return amount < 0 ? -scaled : scaled;
}

export function fromMinorUnits(minorUnits: number, decimals: number): number {
	return Number(`${minorUnits}e-${decimals}`);
}

/** Adds amounts exactly to `decimals` places, so 0.1 + 0.2 is 0.3. */
export function addMoney(amounts: readonly number[], decimals: number): number {
	const total = amounts.reduce((sum, amount) => sum + toMinorUnits(amount, decimals), 0);
	return fromMinorUnits(total, decimals);
}
