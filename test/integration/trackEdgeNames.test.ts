import type { IDataObject } from 'n8n-workflow';

import { KlaviyoTrackReferralEvent } from '../../nodes/KlaviyoTrackReferralEvent/KlaviyoTrackReferralEvent.node';
import { runWithApiKey, useKlaviyoDouble } from './support';

/**
 * Issue 14 for the Track node: event and profile properties named like Object.prototype members are ordinary
 * names. Through the node in n8n-core against the Klaviyo double, checked on what Klaviyo received.
 */

const getDouble = useKlaviyoDouble();

const NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];
const pairs = (prefix: string) => ({ property: NAMES.map((name) => ({ name, value: `${prefix}-${name}` })) });
const expected = (prefix: string) => Object.fromEntries(NAMES.map((name) => [name, `${prefix}-${name}`]));

async function track(parameters: IDataObject) {
	const double = getDouble();
	const { output, error } = await runWithApiKey(
		double,
		new KlaviyoTrackReferralEvent(),
		{ event: 'custom', metricName: 'Edge Names', email: 'edge@example.com', uniqueIdMode: 'none', eventFields: [], ...parameters },
		[{ id: 'e1' }],
		true,
	);
	const sent = double.requests().find((entry) => entry.operationId === 'create_event')?.body as
		| { data: { attributes: { properties: IDataObject; profile: { data: { attributes: IDataObject } } } } }
		| undefined;
	return { output, error, sent: sent?.data.attributes };
}

/** Keys in order and values, as JSON: `toEqual` cannot tell an own `__proto__` key from a prototype. */
const asJson = (value: unknown) => JSON.stringify(value);

test('custom event and profile properties keep every such name, `__proto__` included', async () => {
	const { output, error, sent } = await track({ customEventProperties: pairs('event'), profileProperties: pairs('profile') });
	expect(error).toBeUndefined();
	expect(output[0].json.error).toBeUndefined();
	expect(asJson(sent?.properties)).toBe(asJson(expected('event')));
	expect(asJson(sent?.profile.data.attributes.properties)).toBe(asJson(expected('profile')));
});

test.each([
	['an object', '{"__proto__":{"tier":"gold"},"Plan":"pro"}'],
	['a text', '{"__proto__":"x","constructor":"y","Plan":"pro"}'],
])('Event Properties (JSON) with a `__proto__` key holding %s: sent as a property, not taken as a prototype', async (_name, json) => {
	const { output, sent } = await track({ eventPropertiesJson: json });
	expect(output[0].json.error).toBeUndefined();
	expect(Object.keys(sent!.properties)).toContain('__proto__');
	expect(asJson(sent!.properties)).toBe(json);
});
