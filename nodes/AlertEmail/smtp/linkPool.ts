/**
 * A pool of SMTP connections ("links"): at most `maxConnections` open at once, each opened (and
 * logged in) on demand, reused for the next mail, and closed with QUIT. The pool knows nothing of
 * SMTP itself; smtp/transport.ts gives it links over nodemailer's SMTPConnection. Kept apart so
 * the rules below can be tested without a server:
 *
 * - A task waits for a free link; a new link opens only while fewer than `maxConnections` exist,
 *   and only one at a time until a first one has opened: a wrong code costs one login, not one per
 *   connection (providers lock accounts for that). An open failure that would repeat for every
 *   link (`isFatalOpenFailure`: a refused login) fails every waiting task at once with it.
 * - A link that is still alive after a task (a refused recipient leaves the session usable) goes
 *   back to the pool; one that died is forgotten and a waiting task gets a new one.
 * - A task that failed because the server had meanwhile closed the link ("stale": a 421 or a closed
 *   socket before any of the mail was sent, as when a server times idle clients out) runs again on
 *   another link, a few times at most. No duplicate is possible.
 * - An idle link says QUIT after `idleTimeoutMs`, so the server never has to drop us.
 * - `close()` says QUIT on every link once its task ends; waiting tasks are refused.
 */
import { errorCopy } from '../shared/errorCopy';

export interface SmtpLink {
	/** Connects, negotiates TLS and logs in. Rejects with the error that stopped it, after saying QUIT where possible. */
	open(): Promise<void>;
	/** False once the server or the network ended the connection. */
	readonly alive: boolean;
	/** Ends the session politely (QUIT) when it is alive; resolves when the socket is closed. Never rejects. */
	quit(): Promise<void>;
	/** Called once when the connection ends, whoever ended it. */
	onClosed(listener: () => void): void;
	/** Idle links must not keep the process alive (a finished CLI run, a test worker); busy ones must. */
	setIdle?(idle: boolean): void;
}

/** Marks an error that came from opening a link (connect, TLS, login), not from its task. */
const OPEN_FAILURE = Symbol('open failure');

export function isOpenFailure(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as { [OPEN_FAILURE]?: boolean })[OPEN_FAILURE] === true;
}

/** Marks the copy of a fatal open failure handed to the tasks that waited for that open: they tried nothing. */
const WAITED_FOR_OPEN = Symbol('waited for open');

export function waitedForOpen(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as { [WAITED_FOR_OPEN]?: boolean })[WAITED_FOR_OPEN] === true;
}

/** Marks an error that only says a reused connection had gone away before the mail started. */
export const STALE_LINK = Symbol('stale link');

export function isStaleLinkError(error: unknown): boolean {
	return typeof error === 'object' && error !== null && (error as { [STALE_LINK]?: boolean })[STALE_LINK] === true;
}

/** Enough for every idle link of a full pool to turn out stale, plus one fresh; a server that closes every new link fails. */
const MAX_STALE_RETRIES = 11;

export class PoolClosedError extends Error {
	readonly code = 'ECONNECTION';
	constructor() {
		super('Connection pool was closed');
	}
}

interface Waiter<L> {
	resolve(link: L): void;
	reject(error: unknown): void;
}

export class LinkPool<L extends SmtpLink> {
	private readonly links = new Set<L>();
	private readonly idle: L[] = [];
	private readonly idleTimers = new Map<L, NodeJS.Timeout>();
	private readonly waiting: Array<Waiter<L>> = [];
	private closed = false;
	/** A link has opened: the settings work, so more may open in parallel. */
	private proven = false;
	private opening = 0;

	constructor(
		private readonly createLink: () => L,
		public maxConnections: number,
		/** Undefined: idle links stay open until close(). */
		public idleTimeoutMs?: number,
		private readonly isFatalOpenFailure: (error: unknown) => boolean = () => false,
	) {}

	/** Runs `task` on a logged-in link of its own. */
	async run<T>(task: (link: L) => Promise<T>, staleRetries = MAX_STALE_RETRIES): Promise<T> {
		const link = await this.acquire();
		try {
			const result = await task(link);
			this.release(link);
			return result;
		} catch (error) {
			this.release(link);
			if (staleRetries > 0 && isStaleLinkError(error) && !this.closed) return this.run(task, staleRetries - 1);
			throw error;
		}
	}

	/** Links open or opening now. */
	get size(): number {
		return this.links.size;
	}

	get isIdle(): boolean {
		return this.waiting.length === 0 && this.idle.length === this.links.size;
	}

	/** Ends every session with QUIT (busy ones when their task ends) and refuses waiting tasks. */
	async close(): Promise<void> {
		this.closed = true;
		for (const waiter of this.waiting.splice(0)) waiter.reject(new PoolClosedError());
		const quitting = this.idle.splice(0).map((link) => this.quit(link));
		await Promise.all(quitting);
	}

	private acquire(): Promise<L> {
		if (this.closed) return Promise.reject(new PoolClosedError());
		const link = this.idle.pop();
		if (link) {
			clearTimeout(this.idleTimers.get(link));
			this.idleTimers.delete(link);
			link.setIdle?.(false);
			return Promise.resolve(link);
		}
		if (this.mayOpen()) return this.openLink();
		return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
	}

	private mayOpen(): boolean {
		return this.links.size < Math.max(1, this.maxConnections) && (this.proven || this.opening === 0);
	}

	private async openLink(): Promise<L> {
		const link = this.createLink();
		this.links.add(link);
		this.opening++;
		link.onClosed(() => this.forget(link));
		try {
			await link.open();
		} catch (error) {
			this.opening--;
			if (typeof error === 'object' && error !== null) Object.assign(error, { [OPEN_FAILURE]: true });
			if (this.isFatalOpenFailure(error)) {
				for (const waiter of this.waiting.splice(0)) waiter.reject(errorCopy(error, { [WAITED_FOR_OPEN]: true }));
			}
			this.forget(link);
			throw error;
		}
		this.opening--;
		this.proven = true;
		link.setIdle?.(false);
		// Waiting tasks may now open links of their own, up to the limit.
		while (this.waiting.length > 0 && this.mayOpen()) {
			const waiter = this.waiting.shift() as Waiter<L>;
			this.openLink().then(waiter.resolve, waiter.reject);
		}
		return link;
	}

	private release(link: L): void {
		if (!link.alive || !this.links.has(link)) {
			this.forget(link);
			return;
		}
		if (this.closed) {
			void this.quit(link);
			return;
		}
		const waiter = this.waiting.shift();
		if (waiter) {
			waiter.resolve(link);
			return;
		}
		this.idle.push(link);
		link.setIdle?.(true);
		if (this.idleTimeoutMs !== undefined) {
			const timer = setTimeout(() => {
				const at = this.idle.indexOf(link);
				if (at < 0) return;
				this.idle.splice(at, 1);
				void this.quit(link);
			}, this.idleTimeoutMs);
			timer.unref();
			this.idleTimers.set(link, timer);
		}
	}

	private quit(link: L): Promise<void> {
		this.forget(link);
		return link.quit();
	}

	/**
	 * A link that ended: make room, and let the first waiting task open a new one. Also when the link
	 * was forgotten already: one that ended while it was opening went before its open failed, when no
	 * second open was allowed yet.
	 */
	private forget(link: L): void {
		if (this.links.delete(link)) {
			const at = this.idle.indexOf(link);
			if (at >= 0) this.idle.splice(at, 1);
			clearTimeout(this.idleTimers.get(link));
			this.idleTimers.delete(link);
		}
		if (this.closed || !this.mayOpen()) return;
		const waiter = this.waiting.shift();
		if (waiter) this.openLink().then(waiter.resolve, waiter.reject);
	}
}
