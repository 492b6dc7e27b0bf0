/**
 * The one shape of an error item: `{ error: { message, kind, hint, attempted, attempts, … } }`,
 * with `error` as the only top-level key. That is the shape every n8n version with "Continue (using
 * error output)" moves to the error output: n8n 1.x and 2.x before 2.35.3 route an item whose json
 * is `{ error }` or `{ error, message }` only (a `details` key beside `error` kept it on the success
 * branch, n8n-io/n8n#35939), later ones also `{ error, details }`. n8n's own HTTP Request node
 * reports failures the same way (`$json.error.message`).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

export function errorItem(message: string, details: IDataObject, itemIndex: number): INodeExecutionData {
	return { json: { error: { message, ...details } }, pairedItem: { item: itemIndex } };
}
