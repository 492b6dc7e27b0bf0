/**
 * Time and chance for the delivery layer, passed in so retries and the rate limit can be tested
 * with a fake clock instead of real waits.
 */
export interface DeliveryClock {
	now(): number;
	sleep(ms: number): Promise<void>;
	/** A number in [0, 1) for backoff jitter. */
	random(): number;
}

export const systemClock: DeliveryClock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
	random: () => Math.random(),
};
