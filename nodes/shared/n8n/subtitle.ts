/**
 * An expression (for a node's `subtitle`) that shows the display name of the option chosen in `parameter`, not its
 * internal value: the canvas then reads "Affiliate Approved", not "affiliateApproved".
 */
export function chosenOptionName(parameter: string, options: ReadonlyArray<{ name: string; value: string }>): string {
	const names = Object.fromEntries(options.map((option) => [option.value, option.name]));
	return `${JSON.stringify(names)}[$parameter["${parameter}"]]`;
}
