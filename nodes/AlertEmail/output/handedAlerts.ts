/**
 * The inputs an email that was not sent is reported on. A group window's digest also carries alerts
 * other executions handed to it (MailJob.handedAlerts); those executions already ended with them
 * as "grouped", so whatever keeps the digest from going out (a failed send, files over the size
 * limit, a wrong setting), this execution reports them: an error item each, linked to the digest's
 * first input and naming the execution and the alert, and a note in the node's error when it stops.
 */
import type { IDataObject } from 'n8n-workflow';

import type { MailJob } from '../model';
import { alertJson } from './alertFields';

/** One error item to make: the input it links to, and what it adds to the error's details. */
export interface UnsentInput {
	itemIndex: number;
	details?: IDataObject;
}

export function unsentInputs(job: MailJob): UnsentInput[] {
	return [
		...job.itemIndexes.map((itemIndex) => ({ itemIndex })),
		...(job.handedAlerts ?? []).map(({ executionId, alert }) => ({
			itemIndex: job.itemIndexes[0],
			details: { handedBy: executionId, alert: alertJson(alert) },
		})),
	];
}

/** For the node's error when it stops: the handed alerts these unsent emails carried, by name ('' without any). */
export function handedNote(jobs: readonly MailJob[]): string {
	const digests = jobs.filter((job) => job.handedAlerts?.length);
	const handed = digests.flatMap((job) => job.handedAlerts ?? []);
	if (handed.length === 0) return '';
	const shown = handed.slice(0, 20).map(({ executionId, alert }) => `"${alert.title}" (${alert.event}, execution ${executionId})`);
	const more = handed.length > shown.length ? ` and ${handed.length - shown.length} more` : '';
	const carrier = digests.length > 1 ? 'These digests' : 'This digest';
	const windows = digests.length > 1 ? 'their group windows' : 'its group window';
	return ` ${carrier} also carried ${handed.length} alert(s) that other executions handed to ${windows}, not sent either: ${shown.join('; ')}${more}.`;
}
