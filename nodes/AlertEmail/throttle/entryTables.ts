import type { ThrottleEntry } from '../model';
export interface EntryTable {
	get(key: string): ThrottleEntry | undefined;
	set(key: string, entry: ThrottleEntry): void;
	delete(key: string): void;
	keys(): string[];
}

export function isThrottleEntry(value: unknown): value is ThrottleEntry {
	if (typeof value !== 'object' || value === null) return false;
	const entry = value as Record<string, unknown>;
	return (
		typeof entry.sentAt === 'number' &&
		Number.isFinite(entry.sentAt) &&
		typeof entry.suppressed === 'number' &&
		Number.isFinite(entry.suppressed) &&
		(entry.suppressedSince === undefined || typeof entry.suppressedSince === 'number')
	);
}

/** A store over a Map; the process memory and tests use it. */
export class MapTable implements EntryTable {
	constructor(readonly entries: Map<string, ThrottleEntry> = new Map()) {}
	get(key: string) {
		return this.entries.get(key);
	}
	set(key: string, entry: ThrottleEntry) {
		this.entries.set(key, { ...entry });
	}
	delete(key: string) {
		this.entries.delete(key);
	}
	keys() {
		return [...this.entries.keys()];
	}
}

/**
 * A store over a copy of a JSON table (the node's static data). Invalid entries left by hand edits
 * or older versions are dropped on load. `changed` tells the caller whether to write it back.
 * Keys are throttle keys made from alert text: the table has no prototype, so "__proto__" or
 * "constructor" are keys like any other.
 */
export class JsonTable implements EntryTable {
	readonly table: Record<string, ThrottleEntry> = Object.create(null) as Record<string, ThrottleEntry>;
	changed = false;

	constructor(source: unknown) {
		if (typeof source !== 'object' || source === null) return;
		for (const [key, entry] of Object.entries(source)) {
			if (isThrottleEntry(entry)) this.table[key] = { ...entry };
			else this.changed = true;
		}
	}
	get(key: string) {
		return Object.hasOwn(this.table, key) ? this.table[key] : undefined;
	}
	set(key: string, entry: ThrottleEntry) {
		this.table[key] = { ...entry };
		this.changed = true;
	}
	delete(key: string) {
		if (!Object.hasOwn(this.table, key)) return;
		delete this.table[key];
		this.changed = true;
	}
	keys() {
		return Object.keys(this.table);
	}
}

const newer = (a: ThrottleEntry | undefined, b: ThrottleEntry | undefined) => {
	if (!a) return b;
	if (!b) return a;
	if (a.sentAt !== b.sentAt) return a.sentAt > b.sentAt ? a : b;
	return a.suppressed >= b.suppressed ? a : b;
};

/**
 * Two stores read as one: the newer entry wins, writes go to both. Production runs layer the
 * process memory over static data, so executions that overlap in one process (an alert storm of
 * webhook calls, each of which loaded static data before the others saved theirs) still see each
 * other.
 */
export class LayeredTable implements EntryTable {
	constructor(private readonly layers: readonly EntryTable[]) {}
	get(key: string) {
		return this.layers.reduce<ThrottleEntry | undefined>((found, layer) => newer(found, layer.get(key)), undefined);
	}
	set(key: string, entry: ThrottleEntry) {
		for (const layer of this.layers) layer.set(key, entry);
	}
	delete(key: string) {
		for (const layer of this.layers) layer.delete(key);
	}
	keys() {
		return [...new Set(this.layers.flatMap((layer) => layer.keys()))];
	}
}
