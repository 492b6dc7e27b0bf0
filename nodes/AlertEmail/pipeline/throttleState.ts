/**
 * Where the sending interval remembers what was sent (the edge; policy/throttle.ts decides):
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

import { memoryTable } from '../policy/processMemory';
import { prune } from '../policy/throttle';
import { LayeredStore, MapStore, TableStore } from '../policy/throttleStore';
import type { ThrottleStore } from '../policy/throttleStore';

export interface ThrottleState {
	store: ThrottleStore;
	/** Prunes and writes back; call once, after delivery outcomes are known. */
	save(now: number): void;
}

const STATIC_KEY = 'throttle';

function snapshot(store: ThrottleStore): MapStore {
	const copy = new MapStore();
	for (const key of store.keys()) {
		const entry = store.get(key);
		if (entry) copy.set(key, entry);
	}
	return copy;
}

export function memoryNamespace(ctx: IExecuteFunctions, kind: 'manual' | 'production'): string {
	return `${ctx.getWorkflow().id ?? 'unsaved'}:${ctx.getNode().id}:${kind}`;
}

/** How long Send Interval 0 remembers a send: long enough for an interval someone sets later. */
export const LAST_SEND_MEMORY_MS = 24 * 60 * 60 * 1000;

export function openThrottleState(ctx: IExecuteFunctions, intervalMs: number, dryRun: boolean): ThrottleState {
	const manual = ctx.getMode() === 'manual';
	const memory = new MapStore(memoryTable(memoryNamespace(ctx, manual ? 'manual' : 'production')));
	if (intervalMs <= 0) {
		if (dryRun) return { store: snapshot(memory), save: () => undefined };
		return { store: memory, save: (now) => void prune(memory, now, LAST_SEND_MEMORY_MS) };
	}
	if (manual) {
		if (dryRun) return { store: snapshot(memory), save: () => undefined };
		return { store: memory, save: (now) => void prune(memory, now, intervalMs) };
	}
	const nodeData = ctx.getWorkflowStaticData('node');
	const table = new TableStore(nodeData[STATIC_KEY]);
	const layered = new LayeredStore([table, memory]);
	if (dryRun) return { store: snapshot(layered), save: () => undefined };
	return {
		store: layered,
		save(now) {
			prune(layered, now, intervalMs);
			// Assigning the whole table marks n8n's observable static data as changed, so it is saved.
			if (table.changed) nodeData[STATIC_KEY] = table.table as unknown as IDataObject;
		},
	};
}
