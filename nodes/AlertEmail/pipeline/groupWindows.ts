/**
 * Digest groups through group windows: each group either opens its window here (this execution
 * waits for it to close, then sends every alert handed in) or is handed to the window another
 * execution holds (its alerts end in Skipped, reason "grouped", naming that execution).
 */
import type { MailGroup, SkippedEntry } from '../model';
import { groupKey } from '../groupWindow/groupWindows';
import type { GroupWindows } from '../groupWindow/groupWindows';
import { digestOrder } from '../policy/grouping';

export interface WindowScope {
	windows: GroupWindows;
	executionId: string;
	/** Workflow, node and run kind: only these executions share windows. */
	scope: string;
	/** The connection's session key: the same credential settings. */
	connectionKey: string;
	windowMs: number;
	now: number;
}

export interface Gathered {
	/** The groups this execution sends, with what others handed in. */
	mine: MailGroup[];
	/** Alerts handed to another execution's window. */
	grouped: SkippedEntry[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function gatherInWindows(groups: readonly MailGroup[], window: WindowScope): Promise<Gathered> {
	const joins = await Promise.all(
		groups.map(async (group) => ({
			group,
			join: await window.windows.join(
				groupKey({ scope: window.scope, connectionKey: window.connectionKey, envelope: group.envelope }),
				window.executionId,
				group.entries,
				window.windowMs,
				window.now,
			),
		})),
	);
	const grouped: SkippedEntry[] = [];
	const owned: Array<Promise<MailGroup>> = [];
	for (const { group, join } of joins) {
		if (join.role === 'joined') {
			for (const entry of group.entries) {
				grouped.push({
					itemIndex: entry.alert.itemIndex,
					reason: 'grouped',
					detail: `Handed to execution ${join.ownerExecutionId}, which sends one digest for this group when its group window closes at ${iso(join.closesAt)}.`,
					alert: entry.alert,
					grouped: { executionId: join.ownerExecutionId, windowClosesAt: iso(join.closesAt) },
				});
			}
			continue;
		}
		owned.push(
			join.collect().then((handed) => ({
				...group,
				entries: [...group.entries, ...handed.map(({ executionId, entry }) => ({ ...entry, handedBy: executionId }))].sort(digestOrder),
			})),
		);
	}
	return { mine: await Promise.all(owned), grouped };
}
