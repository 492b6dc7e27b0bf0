/**
 * `grouping`: perAlert makes one email per alert; digest makes one email per execution and
 * recipient set, its alerts ordered firing before resolved, then by severity (critical first), then
 * by time and input order.
 */
import { severityRank } from '../alert/severity';
import type { Grouping, MailGroup, PassedAlert } from '../model';

export function digestOrder(a: PassedAlert, b: PassedAlert): number {
	const resolved = Number(a.alert.status === 'resolved') - Number(b.alert.status === 'resolved');
	if (resolved !== 0) return resolved;
	const severity = severityRank(b.alert.severity) - severityRank(a.alert.severity);
	if (severity !== 0) return severity;
	const time = Date.parse(a.alert.time) - Date.parse(b.alert.time);
	if (Number.isFinite(time) && time !== 0) return time;
	return a.alert.itemIndex - b.alert.itemIndex;
}

export function groupForMail(passed: readonly PassedAlert[], grouping: Grouping): MailGroup[] {
	if (grouping !== 'digest') return passed.map((entry) => ({ kind: 'single', envelope: entry.envelope, entries: [entry] }));
	const groups = new Map<string, MailGroup>();
	for (const entry of passed) {
		const key = JSON.stringify(entry.envelope);
		const group = groups.get(key) ?? { kind: 'digest', envelope: entry.envelope, entries: [] };
		group.entries.push(entry);
		groups.set(key, group);
	}
	return [...groups.values()].map((group) => ({ ...group, entries: [...group.entries].sort(digestOrder) }));
}
