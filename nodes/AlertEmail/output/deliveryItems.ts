/**
 * Turns delivery outcomes into the node's output items.
 *
 * - A mail the server accepted is one "Sent" item linked to every input it covers, with
 *   `status: "sent"`, or `status: "partial"` when the server refused some recipients: `accepted`
 *   lists who gets it, `rejected` who does not and the server's reply for each.
 * - A mail that was not sent becomes one error item per covered input when the node continues on
 *   fail (output/errorItem.ts: the shape every n8n version routes to the error output; unlike an
 *   item with `error` set beside `json`, the engine keeps our details instead of replacing them),
 *   and otherwise stops the node with a NodeApiError naming the item. Mails an earlier failure
 *   kept from being tried say so.
 */
import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';

import type { DeliveryOutcome } from '../smtp/delivery';
import type { MailJob } from '../model';
import { sentence } from '../shared/text';
import { alertFields } from './alertFields';
import { errorItem } from './errorItem';
import { handedNote, unsentInputs } from './handedAlerts';

type Failed = Extract<DeliveryOutcome, { status: 'failed' }>;

function failureText(outcome: Failed): string {
	const retry = outcome.retryAt ? ` Try again after ${outcome.retryAt}.` : '';
	if (!outcome.attempted) {
		return `Not sent: an earlier email in this execution failed, so sending stopped. ${sentence(outcome.failure.message)}${retry}`;
	}
	const tries = outcome.attempts > 1 ? ` (after ${outcome.attempts} attempts)` : '';
	return `${sentence(outcome.failure.message + tries)}${retry}`;
}

/** What the server said and where, without the fields that are undefined. */
function serverDetails(outcome: Failed): JsonObject {
	const { failure } = outcome;
	return {
		kind: failure.kind,
		...(failure.code ? { code: failure.code } : {}),
		...(failure.responseCode ? { responseCode: failure.responseCode } : {}),
		...(failure.command ? { command: failure.command } : {}),
		...(failure.response ? { response: failure.response } : {}),
	};
}

function errorDetails(outcome: Failed, job: MailJob): IDataObject {
	return {
		...serverDetails(outcome),
		hint: outcome.failure.hint,
		attempted: outcome.attempted,
		attempts: outcome.attempts,
		...(outcome.retryAt ? { retryAt: outcome.retryAt } : {}),
		subject: job.mail.subject,
	};
}

/** The files an email carries and the ones it went without, by name and size (never their bytes). */
export function filesOf(job: MailJob): IDataObject {
	return {
		// Already in the shape the outputs list (pipeline/mailFiles.ts): names and sizes, no bytes.
		...(job.attachments?.length ? { attachments: job.attachments as unknown as IDataObject[] } : {}),
		...(job.droppedAttachments?.length ? { droppedAttachments: job.droppedAttachments as unknown as IDataObject[] } : {}),
	};
}

/** The executions whose alerts a group window's digest carries, besides this one's. */
function handedBy(job: MailJob): IDataObject {
	if (!job.handedAlerts?.length) return {};
	return { handedBy: [...new Set(job.handedAlerts.map(({ executionId }) => executionId))] };
}

type Sent = Exclude<DeliveryOutcome, Failed>;

function sentItem(outcome: Sent, job: MailJob): INodeExecutionData {
	const { receipt } = outcome;
	const links = job.itemIndexes.map((item) => ({ item }));
	return {
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
			...(job.droppedRecipients ? { droppedRecipients: job.droppedRecipients as unknown as IDataObject[] } : {}),
			...alertFields(job.alerts),
			...handedBy(job),
			...filesOf(job),
			...(job.intervalUnchecked
				? {
						intervalUnchecked: `The Send Interval could not be checked for ${job.intervalUnchecked === 1 ? 'this alert' : `${job.intervalUnchecked} alerts`}: the shared state (Redis) was unreachable, so it was sent rather than held back.`,
					}
				: {}),
		},
		pairedItem: links.length === 1 ? links[0] : links,
	};
}

function nodeError(node: INode, failed: ReadonlyArray<[Failed, MailJob]>, sentCount: number, total: number): NodeApiError {
	const [[outcome, job]] = failed;
	const sentNote = sentCount > 0 ? ` ${sentCount} of ${total} emails were sent before the node stopped.` : '';
	const message = failureText(outcome);
	const error = new NodeApiError(node, serverDetails(outcome), {
		message,
		// Mails an earlier failure kept from being tried are not sent either: name the handed alerts of all of them.
		description: `${outcome.failure.hint}${sentNote}${handedNote(failed.map(([, unsent]) => unsent))}`,
		itemIndex: job.itemIndexes[0],
		...(outcome.failure.responseCode ? { httpCode: String(outcome.failure.responseCode) } : {}),
	});
	// NodeApiError swaps a message with a network code (ETIMEDOUT, ECONNRESET, …) for a generic
	// HTTP text ("consider setting Retry on Fail"); ours says what happened and what to do.
	error.message = message;
	return error;
}

/**
 * Sent items come first, then error items: n8n's Retry On Fail runs the whole node again when the
 * first item of the first output is an error, which would send the delivered mails a second time.
 */
export function deliveryItems(
	node: INode,
	jobs: readonly MailJob[],
	outcomes: readonly DeliveryOutcome[],
	continueOnFail: boolean,
): INodeExecutionData[] {
	const sent: INodeExecutionData[] = [];
	const failed: Array<[Failed, MailJob]> = [];
	outcomes.forEach((outcome, jobIndex) => {
		if (outcome.status === 'failed') failed.push([outcome, jobs[jobIndex]]);
		else sent.push(sentItem(outcome, jobs[jobIndex]));
	});
	if (failed.length > 0 && !continueOnFail) throw nodeError(node, failed, sent.length, outcomes.length);
	// Alerts other executions handed to a digest's group window are reported here too (output/handedAlerts.ts).
	const errors = failed.flatMap(([outcome, job]) =>
		unsentInputs(job).map(({ itemIndex, details }) =>
			errorItem(failureText(outcome), { ...errorDetails(outcome, job), ...details }, itemIndex),
		),
	);
	return [...sent, ...errors];
}
