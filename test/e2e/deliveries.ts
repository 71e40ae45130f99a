import { createHmac } from 'node:crypto';

/** Signed webhook deliveries, built exactly as each platform signs them (facts: the README's trigger section). */
export interface SignedDelivery {
	headers: Record<string, string>;
	body: string;
}

export function refersionDelivery(topic: string, payload: object, secret: string): SignedDelivery {
	const body = JSON.stringify(payload);
	const signature = createHmac('sha256', secret).update(body).digest('base64');
	return { headers: { 'content-type': 'application/json', 'Refersion-Signature': signature, 'Refersion-Topic': topic }, body };
}

export function rewardfulDelivery(payload: object, secret: string): SignedDelivery {
	const body = JSON.stringify(payload);
	const signature = createHmac('sha256', secret).update(body).digest('hex');
	return { headers: { 'content-type': 'application/json', 'X-Rewardful-Signature': signature }, body };
}

export function standardWebhooksDelivery(id: string, payload: object, secret: string, timestamp = Math.floor(Date.now() / 1000)): SignedDelivery {
	const body = JSON.stringify(payload);
	const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
	const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
	return {
		headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` },
		body,
	};
}

export async function post(url: string, delivery: SignedDelivery): Promise<{ status: number; body: string }> {
	const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
	return { status: response.status, body: await response.text() };
}
