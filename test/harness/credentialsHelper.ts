import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
} from 'n8n-workflow';

import { credentialProperties, credentialTypes, parentTypes } from './credentialTypes';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * A credentials store for n8n-core's execution engine, as n8n's own node tests use: it hands decrypted data to the
 * request helpers, applies a credential's generic `authenticate` block through n8n's expression engine, and keeps
 * what n8n-core writes back after an OAuth2 refresh.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly oauthTokenUpdates: Array<{ id: string; data: ICredentialDataDecryptedObject }> = [];

	private readonly store = new Map<string, StoredCredential>();

	constructor(credentials: StoredCredential[] = []) {
		super();
		for (const credential of credentials) this.store.set(credential.id, structuredClone(credential));
	}

	get(id: string): StoredCredential | undefined {
		return this.store.get(id);
	}

	getParentTypes(name: string): string[] {
		return parentTypes(name);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (!authenticate || authenticate.type !== 'generic') return options;
		const resolve = (value: string) =>
			String(
				workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, ''),
			);
		for (const [key, value] of Object.entries(authenticate.properties.headers ?? {})) {
			options.headers = { ...options.headers, [key]: resolve(String(value)) };
		}
		for (const [key, value] of Object.entries(authenticate.properties.qs ?? {})) {
			options.qs = { ...options.qs, [key]: resolve(String(value)) };
		}
		// HTTP Basic (`auth`), as n8n's own credentials helper resolves it.
		const basic = authenticate.properties.auth as { username?: string; password?: string } | undefined;
		if (basic) options.auth = { username: resolve(String(basic.username ?? '')), password: resolve(String(basic.password ?? '')) };
		return options;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const stored = this.require(nodeCredentials, type);
		return {
			id: stored.id,
			name: stored.name,
			type: stored.type,
			data: undefined,
			getData: () => structuredClone(stored.data),
			getDataToSave: () => ({ data: '' }),
			setData: () => undefined,
		} as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.require(nodeCredentials, type);
		const defaults: ICredentialDataDecryptedObject = {};
		for (const property of credentialProperties(type)) {
			defaults[property.name] = property.default as ICredentialDataDecryptedObject[string];
		}
		return { ...defaults, ...structuredClone(stored.data) };
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.require(nodeCredentials, type).data = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.require(nodeCredentials, type);
		stored.data = { ...stored.data, oauthTokenData: structuredClone(data.oauthTokenData) };
		this.oauthTokenUpdates.push({ id: stored.id, data: structuredClone(stored.data) });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialProperties(type);
	}

	private require(nodeCredentials: INodeCredentialsDetails, type: string): StoredCredential {
		const stored = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
		if (!stored || stored.type !== type) {
			throw new Error(`Test credential ${nodeCredentials.id ?? nodeCredentials.name} of type ${type} is not set up`);
		}
		return stored;
	}
}
