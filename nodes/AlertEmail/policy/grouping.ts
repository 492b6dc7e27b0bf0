/**
 * `grouping`: perAlert makes one email per alert; digest makes one email per execution and
 * recipient set, its alerts ordered firing before resolved, then by severity (critical first), then
 * by time and input order.
 */
import type { Alert } from '../alert/alert';
import { severityRank } from '../alert/severity';
import type { DroppedRecipient } from '../mail/addresses';
import type { CustomTemplates } from '../render/renderMail';
import type { Reservation, ThrottleReport } from './throttle';

export type Grouping = 'perAlert' | 'digest';

/** Who gets an email and how its subject starts; alerts with equal envelopes can share a digest. */
export interface Envelope {
	to: string[];
	cc: string[];
	bcc: string[];
	replyTo: string[];
	prefix: string;
	/** Invalid entries left out ("Send to the Valid Ones"), listed in the output. */
	dropped?: DroppedRecipient[];
	/** Options › Custom Headers, checked. */
	headers?: Record<string, string>;
}

export interface PassedAlert {
	alert: Alert;
	envelope: Envelope;
	throttleKey: string;
	report: ThrottleReport;
	/** The user's templates for a per-alert email, as evaluated for this alert's item. */
	templates?: CustomTemplates;
	/** The sending-interval slot this alert holds; given back if its email is not delivered. */
	reservation?: Reservation;
}

export interface MailGroup {
	kind: 'single' | 'digest';
	envelope: Envelope;
	entries: PassedAlert[];
}

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
