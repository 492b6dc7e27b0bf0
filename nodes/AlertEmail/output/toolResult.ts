/**
 * When an AI agent calls the node as a tool, n8n hands the agent the JSON of the node's first output.
 * A Sent item is made for workflows (delivery facts, the whole alert); an agent needs a sentence it
 * can act on. So a tool call answers with one short item: what was sent, skipped or failed, and why.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

const recipients = (json: IDataObject) => (Array.isArray(json.accepted) ? (json.accepted as string[]).join(', ') : '');

function line(item: INodeExecutionData): string {
	const { json } = item;
	const error = json.error as IDataObject | undefined;
	if (error) return `Not sent: ${String(error.message ?? 'failed')}${error.hint ? ` (${String(error.hint)})` : ''}`;
	if (json.status === 'skipped') return `Not sent (${String(json.reason)}): ${String(json.detail)}`;
	if (json.status === 'preview')
		return `Dry run, not sent: "${String(json.subject)}" to ${(json.to as string[] | undefined)?.join(', ') ?? ''}`;
	const partial = json.status === 'partial' ? ' (some recipients refused)' : '';
	return `Sent "${String(json.subject)}" to ${recipients(json)}${partial}.`;
}

export function toolResult(outputs: INodeExecutionData[][]): INodeExecutionData[][] {
	const [sent = [], skipped = []] = outputs;
	const all = [...sent, ...skipped];
	const delivered = sent.filter((item) => !item.json.error && item.json.status !== 'preview').length;
	const result = all.length > 0 ? all.map(line).join('\n') : 'Nothing to send: the input held no alert.';
	return [[{ json: { result, sent: delivered, notSent: all.length - delivered }, pairedItem: { item: 0 } }], []];
}
