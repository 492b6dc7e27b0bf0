/**
 * Sends a batch of mails through one session and reports one outcome per mail.
 *
 * - The first mail goes alone: it opens and logs in the first connection. Only once that worked
 *   do the other connections open, so a wrong authorization code costs one failed login, not
 *   one per connection (providers lock accounts for that).
 * - Then as many mails at once as the pool has connections, each attempt paced by the rate limit.
 * - A failure the registry marks retryable is retried with backoff; nodemailer has already thrown
 *   the broken connection away, so the retry runs on a fresh one. A mail is never sent again
 *   after the server accepted it: only failures are retried.
 * - A final failure that would repeat for every mail (bad login, quota, a server that keeps
 *   dropping us) stops the batch: the rest are reported as not sent, with that reason, and
 *   never attempted. With `stopOnFirstFailure` any final failure does: a node that stops on
 *   an error must not go on sending mails nobody will hear about, which n8n's Retry On Fail
 *   would then send again.
 */
import { systemClock } from './deliveryClock';
import type { DeliveryClock } from './deliveryClock';
import { describeSmtpFailure } from './errors';
import type { FailureContext, SmtpFailure } from './errors';
import { RateLimiter } from './rateLimiter';
import type { RateLimit } from './rateLimiter';
import { DEFAULT_RETRY, retryDelayMs, shouldRetry } from './retryPolicy';
import type { RetryPolicy } from './retryPolicy';
import type { OutgoingMail, SendReceipt } from '../model';

export interface MailSender {
	send(mail: OutgoingMail): Promise<SendReceipt>;
}

export type DeliveryOutcome =
	| {
			/** "partial": the server took the mail for some recipients and refused others. */
			status: 'sent' | 'partial';
			receipt: SendReceipt;
			attempts: number;
			/** What went wrong on the attempts before the one that worked. */
			earlierFailures: string[];
	  }
	| {
			status: 'failed';
			failure: SmtpFailure;
			/** false: never tried, because an earlier mail's failure stopped the batch. */
			attempted: boolean;
			attempts: number;
			/** For a quota: when the provider should take mail again (ISO time). */
			retryAt?: string;
	  };

export interface DeliveryPolicy {
	/** Mails in flight at once; match the pool size so no mail waits inside nodemailer. */
	concurrency: number;
	context: FailureContext;
	retry?: RetryPolicy;
	rateLimit?: RateLimit;
	/** A limiter shared with other executions (a shared session's); else one of this batch's own from `rateLimit`. */
	limiter?: RateLimiter;
	clock?: DeliveryClock;
	/** Stop the batch at the first mail that finally failed, whatever the failure (default false). */
	stopOnFirstFailure?: boolean;
}

export async function deliverAll(sender: MailSender, mails: readonly OutgoingMail[], policy: DeliveryPolicy): Promise<DeliveryOutcome[]> {
	const clock = policy.clock ?? systemClock;
	const retry = policy.retry ?? DEFAULT_RETRY;
	const limiter = policy.limiter ?? new RateLimiter(policy.rateLimit, clock);
	const outcomes: DeliveryOutcome[] = new Array(mails.length);
	let stop: { failure: SmtpFailure; retryAt?: string } | undefined;

	const retryAtFor = (failure: SmtpFailure) => {
		if (failure.pausedUntil !== undefined) return new Date(failure.pausedUntil).toISOString();
		return failure.retryAfterMinutes === undefined ? undefined : new Date(clock.now() + failure.retryAfterMinutes * 60_000).toISOString();
	};

	const deliverOne = async (mail: OutgoingMail): Promise<DeliveryOutcome> => {
		const earlierFailures: string[] = [];
		for (let attempt = 1; ; attempt++) {
			await limiter.acquire();
			try {
				const receipt = await sender.send(mail);
				const status = receipt.rejected.length > 0 ? 'partial' : 'sent';
				return { status, receipt, attempts: attempt, earlierFailures };
			} catch (error) {
				const failure = describeSmtpFailure(error, policy.context);
				// Another mail's final failure may have stopped the batch while this one was in flight.
				if (!stop && shouldRetry(failure, attempt - 1, retry)) {
					earlierFailures.push(failure.message);
					await clock.sleep(retryDelayMs(attempt, retry, clock.random));
					if (!stop) continue;
				}
				const retryAt = retryAtFor(failure);
				if (failure.stopsBatch || policy.stopOnFirstFailure) stop ??= { failure, retryAt };
				return { status: 'failed', failure, attempted: true, attempts: attempt, ...(retryAt ? { retryAt } : {}) };
			}
		}
	};

	let next = 0;
	const worker = async () => {
		while (next < mails.length) {
			const index = next++;
			outcomes[index] = stop
				? { status: 'failed', failure: stop.failure, attempted: false, attempts: 0, ...(stop.retryAt ? { retryAt: stop.retryAt } : {}) }
				: await deliverOne(mails[index]);
		}
	};

	if (mails.length === 0) return outcomes;
	// The first mail alone proves the login before more connections log in.
	next = 1;
	outcomes[0] = await deliverOne(mails[0]);
	await Promise.all(Array.from({ length: Math.max(1, policy.concurrency) }, worker));
	return outcomes;
}
