/**
 * A numeric option as the node should use it. Options can be set by expressions, and `Number('abc')` is NaN: a NaN
 * body cap would cap nothing, a NaN replay window would remember nothing, a NaN tolerance would refuse every
 * timestamp. So anything that is not a finite number above zero means the documented default.
 */
export function positiveOption(value: unknown, fallback: number): number {
	const number = typeof value === 'string' && value.trim() === '' ? NaN : Number(value);
	return Number.isFinite(number) && number > 0 ? number : fallback;
}
