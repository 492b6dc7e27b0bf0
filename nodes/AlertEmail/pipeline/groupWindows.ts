/**
 * Digest groups through group windows: each group either opens its window here (this execution
 * waits for it to close, then sends every alert handed in) or is handed to the window another
 * execution holds (its alerts end in Skipped, reason "grouped", naming that execution). An owner
 * whose window another execution took over (it closed it late) hands its alerts to that execution too.
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
	const handTo = (group: MailGroup, executionId: string, closesAt: number, detail: string) => {
		for (const entry of group.entries) {
			grouped.push({
				itemIndex: entry.alert.itemIndex,
				reason: 'grouped',
				detail,
				alert: entry.alert,
				grouped: { executionId, windowClosesAt: iso(closesAt) },
			});
		}
	};
	const owned: Array<Promise<MailGroup | undefined>> = [];
	for (const { group, join } of joins) {
		if (join.role === 'joined') {
			const { ownerExecutionId: owner, closesAt } = join;
			handTo(
				group,
				owner,
				closesAt,
				`Handed to execution ${owner}, which sends one digest for this group when its group window closes at ${iso(closesAt)}.`,
			);
			continue;
		}
		owned.push(
			join.collect().then((closed) => {
				if ('takenOverBy' in closed) {
					// This execution closed its window too late: the one that took it over sends these alerts.
					const { takenOverBy: owner, closesAt } = closed;
					handTo(
						group,
						owner,
						closesAt,
						`Handed to execution ${owner}, which took this group window over because this execution closed it late, and sends these alerts in its digest for this group (its window closes at ${iso(closesAt)}).`,
					);
					return undefined;
				}
				const handed = closed.handed.map(({ executionId, entry }) => ({ ...entry, handedBy: executionId }));
				return { ...group, entries: [...group.entries, ...handed].sort(digestOrder) };
			}),
		);
	}
	const mine = (await Promise.all(owned)).filter((group): group is MailGroup => group !== undefined);
	return { mine, grouped };
}
