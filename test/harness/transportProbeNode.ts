import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import type { KlaviyoAuthentication } from '../../nodes/shared/klaviyo/authentication';
import { klaviyoCredentials } from '../../nodes/shared/klaviyo/authentication';
import type { KlaviyoOperation } from '../../nodes/shared/klaviyo/rateLimits';
import { KlaviyoClient, type KlaviyoClientOptions } from '../../nodes/shared/klaviyo/transport';

/**
 * A test-only node that sends one Klaviyo request per input item through the shared transport, so transport tests
 * run inside n8n-core's real execution context and request helpers. Each item carries the request.
 */
export function transportProbeNode(clientOptions: KlaviyoClientOptions = {}): INodeType {
	const description: INodeTypeDescription = {
		displayName: 'Klaviyo Transport Probe',
		name: 'klaviyoTransportProbe',
		group: ['transform'],
		version: 1,
		description: 'Test only',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: klaviyoCredentials,
		properties: [
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'API Key', value: 'apiKey' },
					{ name: 'OAuth2', value: 'oAuth2' },
				],
				default: 'apiKey',
			},
		],
	};
	return {
		description,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const authentication = this.getNodeParameter('authentication', 0) as KlaviyoAuthentication;
			const client = await KlaviyoClient.open(this, authentication, clientOptions);
			const items = this.getInputData();
			const output: INodeExecutionData[] = [];
			for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
				const request = items[itemIndex].json as IDataObject;
				try {
					const response = await client.request({
						operation: request.operation as KlaviyoOperation,
						method: (request.method as 'GET') ?? 'GET',
						path: request.path as string,
						qs: request.qs as Record<string, string>,
						body: request.body as IDataObject,
						itemIndex,
					});
					output.push({ json: { status: response.status, body: response.body as IDataObject }, pairedItem: { item: itemIndex } });
				} catch (error) {
					if (!this.continueOnFail()) throw error;
					output.push({
						json: { error: error.message, description: error.description, httpCode: error.httpCode },
						pairedItem: { item: itemIndex },
					});
				}
			}
			return [output];
		},
	};
}
