import type { DoubleState } from '../../double/types';
import type { AcceptedCase } from './runInputCase';

const profile = (state: DoubleState, email: string) => state.profiles.find((p) => p.attributes.email === email);

/** Text a mail template must escape, not the node: kept exactly (trimmed), whatever it looks like. */
const FIRST_NAMES: Array<[string, string]> = [
	['an HTML script tag', '<script>alert(1)</script>'],
	['an SQL injection', "Robert'); DROP TABLE Students;--"],
	['accents, emoji and CJK', 'Zoë 🦄 李'],
	['right-to-left script', 'مريم'],
	['a 255-character name', 'N'.repeat(255)],
];

export function acceptedCases(): AcceptedCase[] {
	return [
		...FIRST_NAMES.map(([name, value], index): AcceptedCase => ({
			title: `upsert first name: ${name}`,
			node: 'upsert',
			parameters: {},
			item: { email: `verbatim${index}@example.com`, first_name: value },
			stored: (state) => profile(state, `verbatim${index}@example.com`)?.attributes.first_name,
			value,
		})),
		{
			title: 'upsert custom property: CRLF inside a value',
			node: 'upsert',
			parameters: { customProperties: { property: [{ name: 'Notes', value: 'line one\r\nline two' }] } },
			item: { email: 'crlf@example.com' },
			stored: (state) => profile(state, 'crlf@example.com')?.attributes.properties.Notes,
			value: 'line one\r\nline two',
		},
		{
			title: 'upsert referral link with markup in its query',
			node: 'upsert',
			parameters: {},
			item: { email: 'link@example.com', referral_link: 'https://shop.example/r/ann?utm="><script>x</script>' },
			stored: (state) => profile(state, 'link@example.com')?.attributes.properties['Affiliate Referral Link'],
			value: 'https://shop.example/r/ann?utm="><script>x</script>',
		},
		{
			title: 'upsert internationalized email address',
			node: 'upsert',
			parameters: {},
			item: { email: 'ада@пример.рф' },
			stored: (state) => profile(state, 'ада@пример.рф')?.attributes.email,
			value: 'ада@пример.рф',
		},
		{
			title: 'track event property with an HTML payload',
			node: 'track',
			parameters: { event: 'affiliateApproved', eventPropertiesJson: '{"note":"<img src=x onerror=alert(1)>"}' },
			item: { id: 'evt-html', platform: 'refersion', affiliate: { email: 'html@example.com' } },
			stored: (state) => state.events[0]?.properties.note,
			value: '<img src=x onerror=alert(1)>',
		},
		{
			title: 'track event with 400 properties (the most Klaviyo takes)',
			node: 'track',
			parameters: { event: 'affiliateApproved', eventFields: [], eventPropertiesJson: JSON.stringify(Object.fromEntries(Array.from({ length: 400 }, (_u, i) => [`p${i}`, i]))) },
			item: { id: 'evt-400', platform: 'refersion', affiliate: { email: 'many@example.com' } },
			stored: (state) => Object.keys(state.events[0]?.properties ?? {}).length,
			value: 400,
		},
	];
}
