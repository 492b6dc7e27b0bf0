/**
 * After a login the server refused for good (a wrong authorization code, a locked or disabled
 * account), sends with the same settings do not log in again for a while: they fail at once with the
 * same answer and say when the next try will be. Mailbox providers lock accounts that keep retrying
 * a wrong code, and a storm of executions would otherwise retry it once per execution.
 *
 * The credential test never asks the breaker: it always tries, since a fixed code is a new key.
 */
import { errorCopy } from '../shared/errorCopy';
import { waitedForOpen } from './linkPool';

export const LOGIN_PAUSE_MS = 60_000;

/** The refused login, as the next sends see it. */
export interface LoginPause {
	/** Epoch ms from which a login is tried again. */
	until: number;
	/** The error the server gave, kept to answer with (already free of secrets). */
	error: Error;
}

export interface LoginBreaker {
	/** The pause in force for these settings, if any. */
	check(key: string, now: number): Promise<LoginPause | undefined>;
	trip(key: string, error: Error, now: number): Promise<LoginPause>;
}

/** The breaker of this n8n process; entries expire with their pause, so the map stays small. */
export class LocalLoginBreaker implements LoginBreaker {
	private readonly pauses = new Map<string, LoginPause>();

	constructor(private readonly pauseMs = LOGIN_PAUSE_MS) {}

	async check(key: string, now: number): Promise<LoginPause | undefined> {
		const pause = this.pauses.get(key);
		if (pause && pause.until <= now) this.pauses.delete(key);
		return pause && pause.until > now ? pause : undefined;
	}

	async trip(key: string, error: Error, now: number): Promise<LoginPause> {
		const pause = { until: now + this.pauseMs, error };
		this.pauses.set(key, pause);
		return pause;
	}
}

/** The breaker of this process, used when no shared store is configured (and as a shared one's fallback). */
export const processLoginBreaker: LoginBreaker = new LocalLoginBreaker();

/** Marks an error as a paused login, so the error registry can say so and when the next try is. */
const PAUSED_UNTIL = 'pausedUntil';

/** The error a paused send fails with: the original answer, with when the next login will be tried. */
export function pausedLoginError(pause: LoginPause): Error {
	return errorCopy(pause.error, { [PAUSED_UNTIL]: pause.until });
}

/**
 * A send under the breaker: paused sends fail at once; a refused login trips it. A send that only
 * waited for another send's refused login (smtp/linkPool.ts) tried nothing: it answers as paused.
 */
export async function underBreaker<T>(
	breaker: { store: LoginBreaker; key: string } | undefined,
	send: () => Promise<T>,
	isRefusedLogin: (error: unknown) => boolean,
): Promise<T> {
	const pause = await breaker?.store.check(breaker.key, Date.now());
	if (pause) throw pausedLoginError(pause);
	try {
		return await send();
	} catch (error) {
		if (!breaker || !isRefusedLogin(error)) throw error;
		if (waitedForOpen(error)) {
			throw pausedLoginError(
				(await breaker.store.check(breaker.key, Date.now())) ?? (await breaker.store.trip(breaker.key, error as Error, Date.now())),
			);
		}
		await breaker.store.trip(breaker.key, error as Error, Date.now());
		throw error;
	}
}
