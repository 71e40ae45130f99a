import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';

/**
 * There is no platform API to ask, so the test checks the secret's shape: present, and for Standard Webhooks
 * (`whsec_…`) decodable, since a secret pasted with a stray character would make every delivery fail with 401.
 */
export function checkSigningSecret(data: ICredentialDataDecryptedObject): INodeCredentialTestResult {
	for (const field of ['secret', 'previousSecret'] as const) {
		const value = typeof data[field] === 'string' ? (data[field] as string) : '';
		if (field === 'secret' && value.trim() === '') return { status: 'Error', message: 'The signing secret is empty' };
		if (value !== value.trim()) return { status: 'Error', message: `The ${field === 'secret' ? 'signing' : 'previous'} secret has leading or trailing spaces` };
		if (value.startsWith('whsec_')) {
			const key = value.slice(6);
			if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length < 16) {
				return { status: 'Error', message: 'A whsec_ secret must be followed by base64 of at least 16 bytes' };
			}
		}
	}
	return { status: 'OK', message: 'The secret is well-formed. Send a test delivery from the platform to confirm it matches.' };
}
