/**
 * The throttle memory of this n8n process: one table per workflow, node and run kind (manual or
 * production), so manual test runs throttle too, even though n8n does not save static data for
 * them. Bounded: at most MAX_TABLES tables (least recently used go first); each table is pruned
 * by the throttle like static data. Lost when n8n restarts; not shared between queue-mode workers.
 */
import type { ThrottleEntry } from '../model';

export const MAX_TABLES = 500;

const tables = new Map<string, Map<string, ThrottleEntry>>();

export function memoryTable(namespace: string): Map<string, ThrottleEntry> {
	let table = tables.get(namespace);
	if (table) tables.delete(namespace);
	else table = new Map();
	// Re-inserting keeps the Map in least-recently-used order.
	tables.set(namespace, table);
	while (tables.size > MAX_TABLES) tables.delete(tables.keys().next().value as string);
	return table;
}

/** What a restart of n8n does; tests use it to tell static data from process memory. */
export function forgetMemoryTables(): void {
	tables.clear();
}

export function memoryTableCount(): number {
	return tables.size;
}
