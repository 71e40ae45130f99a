import './setupEnv';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	NodeConnectionTypes,
	Workflow,
	type ExecutionError,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeCredentials,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { TestCredentialsHelper, type StoredCredential } from './credentialsHelper';

/** A start node that emits the items a test gives it, so the node under test receives real engine input. */
class TestItemsSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: 'testItems',
		group: ['input'],
		version: 1,
		description: 'Emits the items given in the "items" parameter',
		defaults: { name: 'Test Items' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json, index) => ({ json, pairedItem: { item: index } }))];
	}
}

const SOURCE_TYPE = 'test.items';

export function nodeTypesFor(types: Record<string, INodeType>): INodeTypes {
	const all: Record<string, INodeType> = { [SOURCE_TYPE]: new TestItemsSource(), ...types };
	return {
		getByName: (name) => requireType(all, name),
		getByNameAndVersion: (name) => requireType(all, name),
		getKnownTypes: () => ({}),
	};
}

function requireType(all: Record<string, INodeType>, name: string): INodeType {
	const type = all[name];
	if (!type) throw new Error(`Unknown node type ${name}`);
	return type;
}

export function additionalDataFor(credentialsHelper: TestCredentialsHelper, workflowData: IWorkflowBase) {
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowData);
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in tests');
		},
		getRunExecutionData: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunNodeOptions {
	nodeType: INodeType;
	parameters: INodeParameters;
	items: IDataObject[];
	credentials?: StoredCredential[];
	/** Which stored credential the node uses, by credential type; defaults to every stored credential. */
	nodeCredentials?: INodeCredentials;
	continueOnFail?: boolean;
	credentialsHelper?: TestCredentialsHelper;
	/** The node's version as a saved workflow holds it; defaults to the version n8n gives a new node. */
	typeVersion?: number;
}

export interface RunNodeResult {
	output: INodeExecutionData[];
	error?: ExecutionError;
	run: IRun;
	credentialsHelper: TestCredentialsHelper;
}

/** Runs `Test Items → node under test` through n8n-core's WorkflowExecute and returns the node's output. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const credentialsHelper = options.credentialsHelper ?? new TestCredentialsHelper(options.credentials ?? []);
	const nodeTypeName = `test.${options.nodeType.description.name}`;
	const nodeCredentials =
		options.nodeCredentials ??
		Object.fromEntries((options.credentials ?? []).map((c) => [c.type, { id: c.id, name: c.name }]));
	const source: INode = {
		id: 'source',
		name: 'Test Items',
		type: SOURCE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: options.items as unknown as IDataObject[] } as unknown as INodeParameters,
	};
	const target: INode = {
		id: 'target',
		name: 'Node Under Test',
		type: nodeTypeName,
		typeVersion: options.typeVersion ?? newNodeVersion(options.nodeType.description),
		position: [200, 0],
		parameters: options.parameters,
		credentials: nodeCredentials,
		continueOnFail: options.continueOnFail,
		onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
	};
	const connections: IConnections = {
		[source.name]: { main: [[{ node: target.name, type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const nodeTypes = nodeTypesFor({ [nodeTypeName]: options.nodeType });
	const workflow = new Workflow({ id: 'test-workflow', nodes: [source, target], connections, active: false, nodeTypes });
	const workflowData = {
		id: 'test-workflow',
		name: 'test',
		nodes: [source, target],
		connections,
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const execute = new WorkflowExecute(additionalDataFor(credentialsHelper, workflowData), 'manual');
	const run = await execute.run(workflow, source);
	const taskData = run.data.resultData.runData[target.name]?.[0];
	const output = taskData?.data?.main?.[0] ?? [];
	return { output, error: run.data.resultData.error, run, credentialsHelper };
}

function newNodeVersion(description: INodeTypeDescription): number {
	const { version, defaultVersion } = description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}
