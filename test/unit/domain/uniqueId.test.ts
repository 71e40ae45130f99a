import { deriveEventUniqueId, type EventUniqueIdInput } from '../../../nodes/shared/domain';

const CONVERSION: EventUniqueIdInput = {
	platform: 'refersion',
	sourceEventId: 'conv-123',
	metric: 'Affiliate Conversion Approved',
	role: 'referrer',
};

describe('deriveEventUniqueId', () => {
	test('is the same for a redelivered webhook, so Klaviyo keeps one event', () => {
		expect(deriveEventUniqueId({ ...CONVERSION })).toBe(deriveEventUniqueId(CONVERSION));
	});

	test('has the form <platform>:<32 hex digits>', () => {
		expect(deriveEventUniqueId(CONVERSION)).toMatch(/^refersion:[0-9a-f]{32}$/);
	});

	test('stays within 64 characters for a long platform name', () => {
		const id = deriveEventUniqueId({ ...CONVERSION, platform: 'A Very Long Affiliate Platform Name Indeed' });
		expect(id?.length).toBeLessThanOrEqual(64);
	});

	test.each<[behaviour: string, change: Partial<EventUniqueIdInput>]>([
		['differs for another source event', { sourceEventId: 'conv-124' }],
		['differs for another metric', { metric: 'Affiliate Conversion Denied' }],
		['differs for the recipient of the same referral', { role: 'recipient' }],
		['differs without a role', { role: undefined }],
		['differs for another platform with the same source id', { platform: 'rewardful' }],
	])('%s', (_, change) => {
		expect(deriveEventUniqueId({ ...CONVERSION, ...change })).not.toBe(deriveEventUniqueId(CONVERSION));
	});

	test.each<[behaviour: string, change: Partial<EventUniqueIdInput>]>([
		['ignores the case of the platform name', { platform: 'Refersion' }],
		['ignores whitespace around the source id', { sourceEventId: ' conv-123 ' }],
	])('%s', (_, change) => {
		expect(deriveEventUniqueId({ ...CONVERSION, ...change })).toBe(deriveEventUniqueId(CONVERSION));
	});

	test('treats a numeric source id like its text', () => {
		const numeric = deriveEventUniqueId({ ...CONVERSION, sourceEventId: 123 });
		expect(numeric).toBe(deriveEventUniqueId({ ...CONVERSION, sourceEventId: '123' }));
	});

	test.each<[label: string, sourceEventId: EventUniqueIdInput['sourceEventId']]>([
		['undefined', undefined],
		['null', null],
		['blank', '  '],
	])('returns undefined without a source id (%s), leaving Klaviyo its timestamp default', (_, sourceEventId) => {
		expect(deriveEventUniqueId({ ...CONVERSION, sourceEventId })).toBeUndefined();
	});
});
