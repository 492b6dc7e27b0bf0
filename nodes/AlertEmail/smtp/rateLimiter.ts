/**
 * At most `mails` sending attempts in any window of `windowMs`, the way providers count their
 * quotas: a short burst goes out at once (the first alert of a storm is not delayed), the rest
 * wait for the window to slide. Retries count too; the server sees them as mails.
 */
import type { DeliveryClock } from './deliveryClock';

export interface RateLimit {
	mails: number;
	windowMs: number;
}

export class RateLimiter {
	/** Start times of the attempts still inside the window, oldest first. */
	private readonly starts: number[] = [];
	private turn: Promise<void> = Promise.resolve();

	constructor(
		/** Changeable: a shared session takes the latest execution's limit. */
		public limit: RateLimit | undefined,
		private readonly clock: DeliveryClock,
	) {}

	/** Resolves when one more attempt may start. Callers are served in the order they asked. */
	acquire(): Promise<void> {
		const mine = this.turn.then(() => this.waitForSlot());
		this.turn = mine;
		return mine;
	}

	private async waitForSlot(): Promise<void> {
		const { limit } = this;
		if (!limit || limit.mails <= 0) return;
		for (;;) {
			const now = this.clock.now();
			while (this.starts.length > 0 && this.starts[0] <= now - limit.windowMs) this.starts.shift();
			if (this.starts.length < limit.mails) {
				this.starts.push(now);
				return;
			}
			await this.clock.sleep(this.starts[0] + limit.windowMs - now);
		}
	}
}
