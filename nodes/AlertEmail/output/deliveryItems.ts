/**
 * Turns delivery outcomes into the node's output items: one "Sent" item per mail, linked to every
 * input it covers; a failure becomes an error item per covered input when the node continues on
 * fail, and otherwise stops the node with a NodeApiError naming the item.
 */
import { NodeApiError } from 'n8n-workflow';
import type { INode, INodeExecutionData, JsonObject } from 'n8n-workflow';

import type { DeliveryOutcome, MailJob } from '../smtp/delivery';

export function deliveryItems(
	node: INode,
	jobs: readonly MailJob[],
	outcomes: readonly DeliveryOutcome[],
	continueOnFail: boolean,
): INodeExecutionData[] {
	const items: INodeExecutionData[] = [];
	outcomes.forEach((outcome, jobIndex) => {
		const job = jobs[jobIndex];
		const links = job.itemIndexes.map((item) => ({ item }));
		const pairedItem = links.length === 1 ? links[0] : links;
		if (outcome.status === 'sent') {
			items.push({
				json: { ...outcome.receipt, subject: job.mail.subject, alertCount: job.alertCount },
				pairedItem,
			});
			return;
		}
		const { failure } = outcome;
		if (!continueOnFail) {
			throw new NodeApiError(node, failure as unknown as JsonObject, {
				message: failure.message,
				description: failure.hint,
				itemIndex: job.itemIndexes[0],
			});
		}
		for (const item of job.itemIndexes) {
			items.push({
				json: {
					error: failure.message,
					hint: failure.hint,
					kind: failure.kind,
					code: failure.code,
					responseCode: failure.responseCode,
					command: failure.command,
					response: failure.response,
					subject: job.mail.subject,
				},
				pairedItem: { item },
			});
		}
	});
	return items;
}
