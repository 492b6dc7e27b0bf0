/**
 * Redis unreachable: the node sends rather than loses an alert. Each shared store is wrapped so that
 * a failed command falls back to what this process can do alone: a claim that cannot be checked lets
 * the alert go (the Sent item says `intervalUnchecked`), a group window opens in this process, the
 * login breaker keeps its pauses in this process; an owner that cannot seal its window sends its own
 * alerts. The Redis client logs the outage once.
 */
import type { AlertStatus, PassedAlert, Reservation, ThrottleDecision } from '../model';
import type { GroupWindows, WindowJoin } from '../groupWindow/groupWindows';
import type { LoginBreaker, LoginPause } from '../smtp/loginBreaker';
import type { IntervalStore } from '../throttle/intervalStore';

export class FailOpenIntervalStore implements IntervalStore {
	constructor(private readonly shared: IntervalStore) {}

	async claim(key: string, status: AlertStatus, now: number, intervalMs: number): Promise<ThrottleDecision> {
		try {
			return await this.shared.claim(key, status, now, intervalMs);
		} catch {
			return { send: true, report: { suppressed: 0 }, unchecked: true };
		}
	}

	async release(reservation: Reservation): Promise<void> {
		await this.shared.release(reservation).catch(() => undefined);
	}

	async save(now: number): Promise<void> {
		await this.shared.save(now).catch(() => undefined);
	}
}

export class FailOpenGroupWindows implements GroupWindows {
	constructor(
		private readonly shared: GroupWindows,
		private readonly local: GroupWindows,
	) {}

	async join(key: string, executionId: string, entries: readonly PassedAlert[], windowMs: number, now: number): Promise<WindowJoin> {
		let join: WindowJoin;
		try {
			join = await this.shared.join(key, executionId, entries, windowMs, now);
		} catch {
			return this.local.join(key, executionId, entries, windowMs, now);
		}
		if (join.role !== 'owner') return join;
		const { collect } = join;
		// Redis gone when the window closes: this owner still sends its own alerts; those handed in stay
		// in Redis, where the next execution of the group takes them over once the lock has expired.
		return { ...join, collect: () => collect().catch(() => ({ handed: [] })) };
	}
}

export class FailOpenLoginBreaker implements LoginBreaker {
	constructor(
		private readonly shared: LoginBreaker,
		private readonly local: LoginBreaker,
	) {}

	async check(key: string, now: number): Promise<LoginPause | undefined> {
		const local = await this.local.check(key, now);
		if (local) return local;
		return this.shared.check(key, now).catch(() => undefined);
	}

	async trip(key: string, error: Error, now: number): Promise<LoginPause> {
		const pause = await this.local.trip(key, error, now);
		await this.shared.trip(key, error, now).catch(() => undefined);
		return pause;
	}
}
