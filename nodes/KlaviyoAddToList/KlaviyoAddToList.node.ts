import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { klaviyoCredentials, type KlaviyoAuthentication } from '../shared/klaviyo/authentication';
import { searchLists } from '../shared/klaviyo/lists';
import { KlaviyoClient } from '../shared/klaviyo/transport';
import { addToList } from './addToList';
import { addToListProperties } from './description';

export class KlaviyoAddToList implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Klaviyo Add to List',
		name: 'klaviyoAddToList',
		icon: { light: 'file:addToList.svg', dark: 'file:addToList.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ { add: "Add to list", subscribe: "Add and subscribe", remove: "Remove from list" }[$parameter["action"]] }}',
		description: 'Add affiliates to a Klaviyo list, subscribe them with consent (honouring double opt-in), or remove them',
		defaults: { name: 'Add to List' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: klaviyoCredentials,
		properties: addToListProperties,
	};

	methods = {
		listSearch: {
			async searchLists(
				this: ILoadOptionsFunctions,
				filter?: string,
				paginationToken?: string,
			): Promise<INodeListSearchResult> {
				const authentication = this.getNodeParameter('authentication', 'apiKey') as KlaviyoAuthentication;
				const client = await KlaviyoClient.open(this, authentication);
				return await searchLists(client, filter, paginationToken);
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await addToList.call(this);
	}
}
