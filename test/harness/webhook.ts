import './setupEnv';

import { EventEmitter } from 'node:events';

import { WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowBase,
} from 'n8n-workflow';

import { TestCredentialsHelper, type StoredCredential } from './credentialsHelper';
import { additionalDataFor, nodeTypesFor } from './runWorkflow';

export interface Delivery {
	headers: Record<string, string | string[]>;
	rawBody: Buffer | string;
	query?: Record<string, string>;
	/** n8n's execution mode: 'webhook' for the Production URL (default), 'manual' for the Test URL. */
	mode?: 'webhook' | 'manual';
}

export interface DeliveryResult {
	/** HTTP status the node answered with itself (401, 413, 200 for a replay…), or 200 when it hands items to n8n. */
	status: number;
	body?: unknown;
	/** Items that would start an execution; undefined when nothing starts. */
	items?: IDataObject[];
	response: IWebhookResponseData;
	/**
	 * The HTTP response object the node was given. When n8n answers after the run, call `answer(status)` to play
	 * n8n's part: it sets the status and emits `finish` (and `close`) as Express does once the answer is sent.
	 */
	answer: (status: number) => void;
	/**
	 * The sender hanging up before n8n answered: Node then emits 'close', and never 'finish' even when n8n writes its
	 * answer later — which `answerAfterHangUp(status)` plays (status set, `end()` called, no event).
	 */
	hangUp: () => void;
	answerAfterHangUp: (status: number) => void;
}

/**
 * A trigger node in a workflow, receiving deliveries through n8n-core's WebhookContext as n8n's webhook service
 * calls it. The workflow (and so its static data, where redeliveries are remembered) lives across deliveries.
 */
export class TriggerUnderTest {
	/** Each trigger is a workflow of its own, as in n8n: state kept per workflow (in memory too) is never shared. */
	private static created = 0;

	private readonly workflow: Workflow;

	private readonly node: INode;

	private readonly credentialsHelper: TestCredentialsHelper;

	constructor(
		private readonly nodeType: INodeType,
		parameters: INodeParameters,
		credentials: StoredCredential[],
		typeVersion = 1,
	) {
		const typeName = `test.${nodeType.description.name}`;
		this.node = {
			id: 'trigger',
			name: 'Trigger',
			type: typeName,
			typeVersion,
			position: [0, 0],
			parameters,
			webhookId: '00000000-0000-4000-8000-000000000001',
			credentials: Object.fromEntries(credentials.map((c) => [c.type, { id: c.id, name: c.name }])),
		};
		TriggerUnderTest.created += 1;
		this.workflow = new Workflow({
			id: `wf-${TriggerUnderTest.created}`,
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: nodeTypesFor({ [typeName]: nodeType }),
			staticData: {},
		});
		this.credentialsHelper = new TestCredentialsHelper(credentials);
	}

	get staticData(): IDataObject {
		return this.workflow.staticData;
	}

	async deliver(delivery: Delivery): Promise<DeliveryResult> {
		const rawBody = Buffer.isBuffer(delivery.rawBody) ? delivery.rawBody : Buffer.from(delivery.rawBody);
		let parsed: unknown;
		try {
			parsed = JSON.parse(rawBody.toString('utf8'));
		} catch {
			parsed = {};
		}
		const request = {
			headers: Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toLowerCase(), v])),
			body: parsed,
			rawBody,
			query: delivery.query ?? {},
			params: {},
			header(name: string) {
				return this.headers[name.toLowerCase()];
			},
		};
		const answered: { status?: number; body?: unknown } = {};
		const response = Object.assign(new EventEmitter(), {
			statusCode: 200,
			status(code: number) {
				answered.status = code;
				response.statusCode = code;
				return response;
			},
			json(body: unknown) {
				answered.body = body;
				return response;
			},
			send(body: unknown) {
				answered.body = body;
				return response;
			},
			end() {
				return response;
			},
		});
		const workflowData = { id: this.workflow.id, name: 'wf', nodes: [this.node], connections: {}, active: true } as unknown as IWorkflowBase;
		const additionalData = additionalDataFor(this.credentialsHelper, workflowData);
		Object.assign(additionalData, { httpRequest: request, httpResponse: response });
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${this.node.webhookId}/webhook`,
			webhookDescription: this.nodeType.description.webhooks![0],
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: this.node.webhookId,
		};
		const context = new WebhookContext(this.workflow, this.node, additionalData, delivery.mode ?? 'webhook', webhookData, [], null);
		const result = await this.nodeType.webhook!.call(context);
		const items = result.workflowData?.[0]?.map((item) => item.json);
		const answer = (status: number) => {
			response.statusCode = status;
			response.emit('finish');
			response.emit('close');
		};
		const hangUp = () => response.emit('close');
		const answerAfterHangUp = (status: number) => {
			response.status(status);
			response.end();
		};
		return { status: answered.status ?? (result.noWebhookResponse ? 0 : 200), body: answered.body, items, response: result, answer, hangUp, answerAfterHangUp };
	}
}
