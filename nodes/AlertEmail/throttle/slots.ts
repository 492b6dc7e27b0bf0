/**
 * The sending interval: at most one email per throttle key per interval. Repeats inside the window
 * are counted; the next email for the key reports them. A resolved alert always goes through and
 * clears its key. Pure: the store and the clock (`now`, epoch ms) are passed in.
 *
 * A decision to send reserves the key at once, so a second alert for the same key in this or an
 * overlapping execution is throttled while the first is still being delivered. When delivery then
 * fails, `release` gives the key back, keeping the count of repeats for the next email.
 */
import type { AlertStatus, Reservation, ThrottleDecision, ThrottleEntry, ThrottleReport } from '../model';
import type { EntryTable } from './entryTables';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long Send Interval 0 remembers a send: long enough for an interval someone sets later. */
export const LAST_SEND_MEMORY_MS = DAY_MS;

/** How long a count of repeats waits for the next email before it is forgotten. */
export const REPEATS_RETENTION_MS = 7 * DAY_MS;

const NOTHING_SUPPRESSED: ThrottleReport = { suppressed: 0 };

/** What the next email for a key reports: the repeats counted since the last one. */
export function reportOf(entry: ThrottleEntry | undefined): ThrottleReport {
	if (!entry) return NOTHING_SUPPRESSED;
	return {
		suppressed: entry.suppressed,
		...(entry.suppressed > 0 && entry.suppressedSince !== undefined ? { suppressedSince: entry.suppressedSince } : {}),
		...(entry.sentAt > 0 ? { lastSentAt: entry.sentAt } : {}),
	};
}

export function claimSlot(store: EntryTable, key: string, status: AlertStatus, now: number, intervalMs: number): ThrottleDecision {
	const entry = store.get(key);
	// Interval 0 sends everything but still remembers the last send, so that a Send Interval set
	// later holds from its first execution instead of letting one more repeat through.
	if (intervalMs <= 0) {
		store.set(key, { sentAt: now, suppressed: 0 });
		return { send: true, report: reportOf(entry), reservation: { key, at: now, previous: entry } };
	}
	if (status === 'resolved') {
		store.delete(key);
		return { send: true, report: reportOf(entry), reservation: { key, at: now, previous: entry } };
	}
	if (entry && entry.sentAt > 0 && now - entry.sentAt < intervalMs) {
		const suppressedSince = entry.suppressedSince ?? now;
		store.set(key, { ...entry, suppressed: entry.suppressed + 1, suppressedSince });
		return {
			send: false,
			lastSentAt: entry.sentAt,
			nextAllowedAt: entry.sentAt + intervalMs,
			suppressed: entry.suppressed + 1,
			suppressedSince,
		};
	}
	store.set(key, { sentAt: now, suppressed: 0 });
	return { send: true, report: reportOf(entry), reservation: { key, at: now, previous: entry } };
}

const earliest = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/** Undo a reservation whose email was not delivered: the key is as before, plus any repeats counted since. */
export function releaseSlot(store: EntryTable, reservation: Reservation): void {
	const { key, at, previous } = reservation;
	const current = store.get(key);
	// Someone else sent for this key since (another execution): their state stands.
	if (current && current.sentAt !== at) return;
	const restored: ThrottleEntry = {
		sentAt: previous?.sentAt ?? 0,
		suppressed: (previous?.suppressed ?? 0) + (current?.suppressed ?? 0),
	};
	const since = earliest(previous?.suppressedSince, current?.suppressedSince);
	if (since !== undefined && restored.suppressed > 0) restored.suppressedSince = since;
	if (restored.sentAt === 0 && restored.suppressed === 0) store.delete(key);
	else store.set(key, restored);
}

export interface PruneLimits {
	/** Most keys kept; the least recently active go first. */
	maxKeys: number;
	/** How long a count of repeats waits for the next email before it is forgotten. */
	retentionMs: number;
}

export const DEFAULT_PRUNE_LIMITS: PruneLimits = { maxKeys: 1000, retentionMs: REPEATS_RETENTION_MS };

const lastActivity = (entry: ThrottleEntry) => Math.max(entry.sentAt, entry.suppressedSince ?? 0);

/**
 * Drops keys that no longer matter: windows that ended with nothing to report, counts older than
 * the retention, then the least recently active beyond `maxKeys`. Returns how many were dropped.
 */
export function prune(store: EntryTable, now: number, intervalMs: number, limits: PruneLimits = DEFAULT_PRUNE_LIMITS): number {
	const keep = Math.max(limits.retentionMs, intervalMs);
	let dropped = 0;
	const alive: Array<[string, ThrottleEntry]> = [];
	for (const key of store.keys()) {
		const entry = store.get(key);
		const idle = entry ? now - lastActivity(entry) : Infinity;
		const windowOver = entry ? now - entry.sentAt >= intervalMs : true;
		if (!entry || (entry.suppressed === 0 && windowOver) || idle > keep) {
			store.delete(key);
			dropped++;
		} else alive.push([key, entry]);
	}
	if (alive.length > limits.maxKeys) {
		alive.sort(([, a], [, b]) => lastActivity(a) - lastActivity(b));
		for (const [key] of alive.slice(0, alive.length - limits.maxKeys)) {
			store.delete(key);
			dropped++;
		}
	}
	return dropped;
}
