import { positiveOption } from '../../../nodes/AffiliateWebhookTrigger/numericOption';

describe("the trigger's numeric options, as an expression may set them", () => {
	test.each([
		[undefined, 72],
		[null, 72],
		['', 72],
		['  ', 72],
		['abc', 72],
		[NaN, 72],
		[Infinity, 72],
		[0, 72],
		[-5, 72],
		[{}, 72],
		[24, 24],
		['24', 24],
		[0.5, 0.5],
	])('%p → %p (not NaN: a NaN window would remember nothing, a NaN cap would cap nothing)', (value, expected) => {
		expect(positiveOption(value, 72)).toBe(expected);
	});
});
