/**
 * Items whose settings are wrong (no or invalid recipient): with "continue" an error item each,
 * carrying the error so n8n's error output can route it; otherwise the node stops, naming the item.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INode, INodeExecutionData } from 'n8n-workflow';

import type { InputError } from '../pipeline/readItems';

function asNodeError(node: INode, error: InputError): NodeOperationError {
	return new NodeOperationError(node, `${error.field}: ${error.message}`, {
		itemIndex: error.itemIndex,
		description: `Fix ${error.field} for item ${error.itemIndex}. Nothing was sent for this item.`,
	});
}

export function inputErrorItems(node: INode, errors: readonly InputError[], continueOnFail: boolean): INodeExecutionData[] {
	if (errors.length > 0 && !continueOnFail) throw asNodeError(node, errors[0]);
	return errors.map((error) => ({
		json: { error: `${error.field}: ${error.message}` },
		error: asNodeError(node, error),
		pairedItem: { item: error.itemIndex },
	}));
}
