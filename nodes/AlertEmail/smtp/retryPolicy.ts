/**
 * When and how long to wait before sending a mail again. Only failures the registry marks
 * retryable are retried (a dropped connection, a timeout, a 4xx reply): the mail was not
 * accepted and the cause may pass. Never a 535 or another permanent 5xx.
 */
import type { SmtpFailure } from './errors';

export interface RetryPolicy {
	/** Attempts after the first one; 0 turns retries off. */
	maxRetries: number;
	/** Wait before the first retry; each further retry waits twice as long, up to maxDelayMs. */
	firstDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, firstDelayMs: 1_000, maxDelayMs: 30_000 };

export function shouldRetry(failure: SmtpFailure, retriesDone: number, policy: RetryPolicy): boolean {
	return failure.retryable && retriesDone < policy.maxRetries;
}

/**
 * Exponential backoff with "equal jitter": between half and all of the doubled delay, so retries
 * from parallel connections spread out but never come back at once.
 * @param retry 1 for the first retry
 */
export function retryDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, retry - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
