import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

type ItemError = NodeApiError | NodeOperationError;

type Outcome = { json: IDataObject } | { error: ItemError };

/**
 * Collects the outcome of every input item — a result or an error; usually one, several when one item stands for
 * several records (a referrer and a recipient) — and turns them into the node's output, paired to the input item.
 * Under "Continue On Fail" every failure becomes an error item; otherwise the first failed item (in input order)
 * fails the node with its own item index.
 */
export class ItemResults {
	private readonly outcomes: Outcome[][];

	constructor(
		private readonly context: IExecuteFunctions,
		readonly count: number,
	) {
		this.outcomes = Array.from({ length: count }, () => []);
	}

	succeed(itemIndex: number, json: IDataObject): void {
		this.outcomes[itemIndex].push({ json });
	}

	fail(itemIndex: number, error: Error): void {
		this.outcomes[itemIndex].push({ error: asItemError(this.context, error, itemIndex) });
	}

	/** One failed call that carried several items (a batch): each of them gets its own copy of the error. */
	failMany(itemIndexes: number[], error: Error): void {
		for (const itemIndex of itemIndexes) this.fail(itemIndex, copyForItem(this.context, error, itemIndex));
	}

	isSettled(itemIndex: number): boolean {
		return this.outcomes[itemIndex].length > 0;
	}

	hasFailed(itemIndex: number): boolean {
		return this.outcomes[itemIndex].some((outcome) => 'error' in outcome);
	}

	/** Without Continue On Fail, a bad item stops the node before anything is written. */
	throwFirstErrorUnlessContinuing(): void {
		if (this.context.continueOnFail()) return;
		for (const outcomes of this.outcomes) {
			for (const outcome of outcomes) if ('error' in outcome) throw outcome.error;
		}
	}

	output(): INodeExecutionData[][] {
		this.throwFirstErrorUnlessContinuing();
		const items = this.outcomes.flatMap((outcomes, index): INodeExecutionData[] => {
			if (outcomes.length === 0) {
				// A bug, not bad input: never let an item vanish silently.
				throw new NodeOperationError(this.context.getNode(), 'Item was never processed', { itemIndex: index });
			}
			return outcomes.map((outcome) =>
				'json' in outcome
					? { json: outcome.json, pairedItem: { item: index } }
					: { json: errorJson(outcome.error), error: outcome.error, pairedItem: { item: index } },
			);
		});
		return [items];
	}
}

function errorJson(error: ItemError): IDataObject {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error instanceof NodeApiError && error.httpCode) json.httpCode = error.httpCode;
	return json;
}

function asItemError(context: IExecuteFunctions, error: Error, itemIndex: number): ItemError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

function copyForItem(context: IExecuteFunctions, error: Error, itemIndex: number): ItemError {
	if (error instanceof NodeApiError) {
		return new NodeApiError(context.getNode(), { message: error.message }, {
			message: error.message,
			description: error.description ?? undefined,
			httpCode: error.httpCode ?? undefined,
			itemIndex,
		});
	}
	return new NodeOperationError(context.getNode(), error.message, {
		description: (error as { description?: string }).description,
		itemIndex,
	});
}

/** A problem with one input field, phrased the same way by every node: it names the field and the item. */
export function fieldError(
	context: IExecuteFunctions,
	itemIndex: number,
	field: string,
	problem: string,
): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Invalid "${field}" in item ${itemIndex + 1}: ${problem}`, {
		itemIndex,
	});
}
