import './setupEnv';

import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type INode, type INodeParameters, type INodeType, type IWorkflowBase } from 'n8n-workflow';

import { TestCredentialsHelper, type StoredCredential } from './credentialsHelper';
import { additionalDataFor, nodeTypesFor } from './runWorkflow';

/**
 * n8n-core's real context for a node's `methods` (list search, load options), as the editor calls them: the node
 * sits in a workflow with its parameters and credentials, and requests go through n8n's helpers.
 */
export function loadOptionsContext(
	nodeType: INodeType,
	parameters: INodeParameters,
	credentials: StoredCredential[],
): LoadOptionsContext {
	const typeName = `test.${nodeType.description.name}`;
	const node: INode = {
		id: 'node',
		name: 'Node',
		type: typeName,
		typeVersion: nodeType.description.version as number,
		position: [0, 0],
		parameters,
		credentials: Object.fromEntries(credentials.map((c) => [c.type, { id: c.id, name: c.name }])),
	};
	const workflow = new Workflow({
		id: 'wf',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesFor({ [typeName]: nodeType }),
	});
	const workflowData = { id: 'wf', name: 'wf', nodes: [node], connections: {}, active: false } as unknown as IWorkflowBase;
	return new LoadOptionsContext(
		workflow,
		node,
		additionalDataFor(new TestCredentialsHelper(credentials), workflowData),
		'parameters.list',
	);
}
