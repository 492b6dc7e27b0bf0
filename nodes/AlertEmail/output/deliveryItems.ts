/**
 * Turns delivery outcomes into the node's output items.
 *
 * - A mail the server accepted is one "Sent" item linked to every input it covers, with
 *   `status: "sent"`, or `status: "partial"` when the server refused some recipients: `accepted`
 *   lists who gets it, `rejected` who does not and the server's reply for each.
 * - A mail that was not sent becomes one error item per covered input when the node continues on
 *   fail (n8n routes it to the error output when that is on), and otherwise stops the node with
 *   a NodeApiError naming the item. Mails an earlier failure kept from being tried say so.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';

import type { DeliveryOutcome, MailJob } from '../smtp/delivery';

type Failed = Extract<DeliveryOutcome, { status: 'failed' }>;

function failureText(outcome: Failed): string {
	const retry = outcome.retryAt ? ` Try again after ${outcome.retryAt}.` : '';
	if (!outcome.attempted) {
		return `Not sent: an earlier email in this execution failed, so sending stopped. ${outcome.failure.message}${retry}`;
	}
	const tries = outcome.attempts > 1 ? ` (after ${outcome.attempts} attempts)` : '';
	return `${outcome.failure.message}${tries}${retry}`;
}

function errorJson(outcome: Failed, job: MailJob): IDataObject {
	const { failure } = outcome;
	return {
		status: 'error',
		error: failureText(outcome),
		hint: failure.hint,
		kind: failure.kind,
		code: failure.code,
		responseCode: failure.responseCode,
		command: failure.command,
		response: failure.response,
		attempted: outcome.attempted,
		attempts: outcome.attempts,
		...(outcome.retryAt ? { retryAt: outcome.retryAt } : {}),
		subject: job.mail.subject,
	};
}

function nodeError(node: INode, outcome: Failed, itemIndex: number, description: string): NodeApiError {
	const { failure } = outcome;
	const details: JsonObject = {
		kind: failure.kind,
		...(failure.code ? { code: failure.code } : {}),
		...(failure.responseCode ? { responseCode: failure.responseCode } : {}),
		...(failure.command ? { command: failure.command } : {}),
		...(failure.response ? { response: failure.response } : {}),
	};
	return new NodeApiError(node, details, { message: failureText(outcome), description, itemIndex });
}

export function deliveryItems(
	node: INode,
	jobs: readonly MailJob[],
	outcomes: readonly DeliveryOutcome[],
	continueOnFail: boolean,
): INodeExecutionData[] {
	const items: INodeExecutionData[] = [];
	const sentCount = outcomes.filter((outcome) => outcome.status !== 'failed').length;
	outcomes.forEach((outcome, jobIndex) => {
		const job = jobs[jobIndex];
		const links = job.itemIndexes.map((item) => ({ item }));
		if (outcome.status !== 'failed') {
			const { receipt } = outcome;
			items.push({
				json: {
					status: outcome.status,
					messageId: receipt.messageId,
					accepted: receipt.accepted,
					rejected: receipt.rejected as unknown as IDataObject[],
					response: receipt.response,
					subject: job.mail.subject,
					alertCount: job.alertCount,
					attempts: outcome.attempts,
					...(outcome.earlierFailures.length ? { earlierFailures: outcome.earlierFailures } : {}),
				},
				pairedItem: links.length === 1 ? links[0] : links,
			});
			return;
		}
		if (!continueOnFail) {
			const sentNote = sentCount > 0 ? ` ${sentCount} of ${outcomes.length} emails were sent before the node stopped.` : '';
			throw nodeError(node, outcome, job.itemIndexes[0], `${outcome.failure.hint}${sentNote}`);
		}
		for (const itemIndex of job.itemIndexes) {
			items.push({
				json: errorJson(outcome, job),
				// n8n moves items carrying an error to the error output when "On Error" asks for it.
				error: nodeError(node, outcome, itemIndex, outcome.failure.hint),
				pairedItem: { item: itemIndex },
			});
		}
	});
	return items;
}
