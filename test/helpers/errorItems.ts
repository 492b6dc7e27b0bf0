/** Reading the node's error items, `{ error: { message, kind, hint, … } }` (output/errorItem.ts). */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

export interface ItemError extends IDataObject {
	message: string;
	kind: string;
	hint: string;
	attempted: boolean;
	attempts: number;
}

/** The item's error, or undefined for a Sent, partial or dry-run item. */
export function errorOf(item: INodeExecutionData): ItemError | undefined {
	return item.json.error as ItemError | undefined;
}

/** The error of an item that must be an error item. */
export function errorIn(item: INodeExecutionData): ItemError {
	const error = errorOf(item);
	if (!error) throw new Error(`Not an error item: ${JSON.stringify(item.json)}`);
	return error;
}
