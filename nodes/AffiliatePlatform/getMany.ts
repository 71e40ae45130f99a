import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { parseIsoTimestamp } from '../shared/domain';
import { fieldText } from '../shared/n8n/fieldText';
import { fieldError } from '../shared/n8n/itemResults';
import { asApproval } from '../shared/platforms/affiliates';
import {
	collectSelected,
	openPlatformClient,
	RepeatedPageError,
	PLATFORM_SOURCES,
	type PlatformClient,
	type PulledPlatform,
	type PulledResource,
	type RecordSelection,
	type RecordStatus,
} from '../shared/platforms';

/**
 * Where the start of the last complete run is kept in the node's workflow static data: per platform, resource and
 * status, because the time only vouches for the records that read asked for (switching the node to another
 * platform or to Any Status must start with everything, not with the other read's time).
 */
export const lastRunKey = (platform: PulledPlatform, resource: PulledResource, status: RecordStatus) =>
	`lastRunStartedAt:${platform}:${resource}:${status}`;

/** Platform clocks and ours disagree by seconds; a minute of overlap costs a few re-read records, never a lost one. */
const LAST_RUN_OVERLAP_MS = 60_000;

interface Request {
	selection: RecordSelection;
	/** Undefined: every record. */
	limit?: number;
}

function readStatus(context: IExecuteFunctions, itemIndex: number, resource: PulledResource): RecordStatus {
	return (
		resource === 'affiliate'
			? context.getNodeParameter('status', itemIndex, 'approved')
			: context.getNodeParameter('referralStatus', itemIndex, 'conversions')
	) as RecordStatus;
}

function readRequest(context: IExecuteFunctions, itemIndex: number, status: RecordStatus, lastRun: unknown): Request {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : Number(context.getNodeParameter('limit', itemIndex, 50));
	if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
		throw fieldError(context, itemIndex, 'Limit', 'must be a whole number of at least 1');
	}
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const since = fieldText(context, itemIndex, 'Updated Since', context.getNodeParameter('updatedSince', itemIndex, ''));
	let updatedSince: number | undefined;
	if (since !== '') {
		updatedSince = parseIsoTimestamp(since, { assumeUtc: true });
		if (updatedSince === undefined) {
			throw fieldError(context, itemIndex, 'Updated Since', `"${since}" is not an ISO 8601 date or date-time`);
		}
	} else if (options.sinceLastRun === true && typeof lastRun === 'string' && Number.isFinite(Date.parse(lastRun))) {
		updatedSince = Date.parse(lastRun) - LAST_RUN_OVERLAP_MS;
	}
	return { selection: { status, updatedSince }, limit };
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number, platform: PulledPlatform): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof RepeatedPageError) {
		return new NodeOperationError(context.getNode(), `${PLATFORM_SOURCES[platform].api.label}: ${error.message}`, { itemIndex });
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/**
 * Get Many (affiliates or referrals): for each input item, the platform's records that match the status and time
 * filters, as the Affiliate Webhook Trigger's events, up to the limit. Pages are fetched only until the limit is met.
 */
export async function getMany(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const startedAt = new Date();
	const platform = this.getNodeParameter('platform', 0) as PulledPlatform;
	const resource = this.getNodeParameter('resource', 0, 'affiliate') as PulledResource;
	const pages = PLATFORM_SOURCES[platform][resource];
	const status = readStatus(this, 0, resource);
	const staticData = this.getWorkflowStaticData('node');
	const approvalsAsApprovals = this.getNode().typeVersion >= 2;
	const output: INodeExecutionData[] = [];
	let client: PlatformClient | undefined;
	// The mark moves only when every item read everything it was asked for: a failed or cut-off read is redone.
	let complete = true;
	for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
		try {
			const { selection, limit } = readRequest(this, itemIndex, readStatus(this, itemIndex, resource), staticData[lastRunKey(platform, resource, status)]);
			client ??= await openPlatformClient(this, platform);
			const { events, cutOff } = await collectSelected(pages(client, selection, itemIndex, startedAt), selection, limit);
			if (cutOff) complete = false;
			for (const event of events) {
				const reported = approvalsAsApprovals ? asApproval(event) : event;
				output.push({ json: reported as unknown as IDataObject, pairedItem: { item: itemIndex } });
			}
		} catch (error) {
			const failure = asNodeError(this, error, itemIndex, platform);
			if (!this.continueOnFail()) throw failure;
			complete = false;
			output.push({ json: { error: failure.message }, error: failure, pairedItem: { item: itemIndex } });
		}
	}
	if (complete) staticData[lastRunKey(platform, resource, status)] = startedAt.toISOString();
	return [output];
}
