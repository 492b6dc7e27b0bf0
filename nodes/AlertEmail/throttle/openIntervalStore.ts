/**
 * Which memory the sending interval uses for this execution (the n8n edge of throttle/):
 * - production executions (trigger, webhook, …): the node's workflow static data, which n8n saves
 *   after each production execution, layered with this process's memory so overlapping executions
 *   see each other before either has saved;
 * - manual executions (the editor's Test / Execute): this process's memory only, in a table of their
 *   own, because n8n does not save static data for them. They neither read nor change what
 *   production remembers.
 * - dry runs: a copy, so a preview never uses up an interval.
 * With Send Interval 0 every alert is sent, and only this process's memory notes the last send of
 * each key (for a day, no static data write), so a Send Interval set later holds at once.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { JsonTable, LayeredTable, MapTable } from './entryTables';
import type { EntryTable } from './entryTables';
import { LocalIntervalStore } from './intervalStore';
import type { IntervalStore } from './intervalStore';
import { memoryTable } from './memoryTables';
import { LAST_SEND_MEMORY_MS } from './slots';

const STATIC_KEY = 'throttle';

function snapshot(table: EntryTable): MapTable {
	const copy = new MapTable();
	for (const key of table.keys()) {
		const entry = table.get(key);
		if (entry) copy.set(key, entry);
	}
	return copy;
}

export function memoryNamespace(ctx: IExecuteFunctions, kind: 'manual' | 'production'): string {
	return `${ctx.getWorkflow().id ?? 'unsaved'}:${ctx.getNode().id}:${kind}`;
}

export function openIntervalStore(ctx: IExecuteFunctions, intervalMs: number, dryRun: boolean): IntervalStore {
	const manual = ctx.getMode() === 'manual';
	const memory = new MapTable(memoryTable(memoryNamespace(ctx, manual ? 'manual' : 'production')));
	if (intervalMs <= 0 || manual) {
		const keepFor = intervalMs <= 0 ? LAST_SEND_MEMORY_MS : intervalMs;
		return dryRun ? new LocalIntervalStore(snapshot(memory), keepFor) : new LocalIntervalStore(memory, keepFor);
	}
	const nodeData = ctx.getWorkflowStaticData('node');
	const table = new JsonTable(nodeData[STATIC_KEY]);
	const layered = new LayeredTable([table, memory]);
	if (dryRun) return new LocalIntervalStore(snapshot(layered), intervalMs);
	return new LocalIntervalStore(layered, intervalMs, () => {
		// Assigning the whole table marks n8n's observable static data as changed, so it is saved.
		if (table.changed) nodeData[STATIC_KEY] = table.table as unknown as IDataObject;
	});
}
