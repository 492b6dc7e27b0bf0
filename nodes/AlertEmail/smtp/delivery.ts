/**
 * Sends a batch of mails through one session, as many at once as the pool has connections, and
 * reports one outcome per mail. A failure that would repeat for every mail (bad login, quota)
 * stops the batch: the rest are reported as not sent, with the same reason, and never attempted.
 */
import { describeSmtpFailure } from './errors';
import type { FailureContext, SmtpFailure } from './errors';
import type { OutgoingMail, SendReceipt } from './transport';

export interface MailSender {
	send(mail: OutgoingMail): Promise<SendReceipt>;
}

/** One mail to send and the input items it speaks for (several for a digest). */
export interface MailJob {
	mail: OutgoingMail;
	itemIndexes: number[];
	alertCount: number;
}

export type DeliveryOutcome =
	| { status: 'sent'; receipt: SendReceipt }
	| { status: 'failed'; failure: SmtpFailure; attempted: boolean };

export interface DeliveryPolicy {
	/** Mails in flight at once; match the pool size so no mail waits inside nodemailer. */
	concurrency: number;
	context: FailureContext;
}

export async function deliverAll(
	sender: MailSender,
	mails: readonly OutgoingMail[],
	policy: DeliveryPolicy,
): Promise<DeliveryOutcome[]> {
	const outcomes: DeliveryOutcome[] = new Array(mails.length);
	let next = 0;
	let stoppedBy: SmtpFailure | undefined;

	const worker = async () => {
		while (next < mails.length) {
			const index = next++;
			if (stoppedBy) {
				outcomes[index] = { status: 'failed', failure: stoppedBy, attempted: false };
				continue;
			}
			try {
				outcomes[index] = { status: 'sent', receipt: await sender.send(mails[index]) };
			} catch (error) {
				const failure = describeSmtpFailure(error, policy.context);
				outcomes[index] = { status: 'failed', failure, attempted: true };
				if (failure.stopsBatch) stoppedBy ??= failure;
			}
		}
	};

	await Promise.all(Array.from({ length: Math.max(1, policy.concurrency) }, worker));
	return outcomes;
}
