/**
 * The sending interval's one interface to its memory, whatever holds it: this process (static data
 * and process memory, below), or a store shared by several n8n processes. Asynchronous, and at the
 * level of a decision rather than of get/set, so a shared store can make each claim atomic.
 */
import type { AlertStatus, PassedAlert, Reservation, ThrottleDecision } from '../model';
import type { EntryTable } from './entryTables';
import { claimSlot, prune, releaseSlot } from './slots';

export interface IntervalStore {
	/**
	 * May an email for `key` go now? A "yes" holds the key's slot at once (a concurrent repeat is
	 * suppressed); a resolved alert always goes and clears the key; a "no" counts the repeat.
	 */
	claim(key: string, status: AlertStatus, now: number, intervalMs: number): Promise<ThrottleDecision>;
	/** The email holding this slot was not delivered: the key is as before, plus the repeats counted since. */
	release(reservation: Reservation): Promise<void>;
	/** Once per execution, after delivery: forget what no longer matters and persist the rest. */
	save(now: number): Promise<void>;
}

/** An IntervalStore over a table in this process; `persist` writes it back after pruning. */
export class LocalIntervalStore implements IntervalStore {
	constructor(
		readonly table: EntryTable,
		private readonly pruneAfterMs: number,
		private readonly persist: () => void = () => undefined,
	) {}

	async claim(key: string, status: AlertStatus, now: number, intervalMs: number): Promise<ThrottleDecision> {
		return claimSlot(this.table, key, status, now, intervalMs);
	}

	async release(reservation: Reservation): Promise<void> {
		releaseSlot(this.table, reservation);
	}

	async save(now: number): Promise<void> {
		prune(this.table, now, this.pruneAfterMs);
		this.persist();
	}
}

/** Gives back the interval slots these alerts hold: their emails were not delivered. */
export async function releaseSlots(interval: IntervalStore, entries: readonly PassedAlert[]): Promise<void> {
	await Promise.all(entries.flatMap(({ reservation }) => (reservation ? [interval.release(reservation)] : [])));
}
