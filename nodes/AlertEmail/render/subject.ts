/** Subjects: prefix + severity tag + title, or the digest's count line. Always one safe header line. */
import { SEVERITIES } from '../model';
import type { Alert } from '../model';
import { headerText } from '../shared/headerText';
import type { Labels } from './labels';
import { severityTag } from './view';

export function subjectTag(alert: Alert, labels: Labels): string {
	return `[${severityTag(alert, labels).toUpperCase()}]`;
}

export function alertSubject(alert: Alert, prefix: string, labels: Labels): string {
	return headerText([prefix, subjectTag(alert, labels), alert.title].filter(Boolean).join(' '));
}

/** "12 alerts: 3 critical, 9 warning"; resolved alerts are counted apart from the severities. */
export function digestSummary(alerts: readonly Alert[], labels: Labels): string {
	const firing = alerts.filter((alert) => alert.status === 'firing');
	const parts = [...SEVERITIES]
		.reverse()
		.map((severity) => [firing.filter((alert) => alert.severity === severity).length, labels.severity[severity]] as const)
		.filter(([count]) => count > 0)
		.map(([count, word]) => labels.summaryPart(count, word));
	const resolved = alerts.length - firing.length;
	if (resolved > 0) parts.push(labels.summaryPart(resolved, labels.resolved));
	return `${labels.alertCount(alerts.length)}${labels.summarySeparator}${parts.join(labels.listSeparator)}`;
}

export function digestSubject(alerts: readonly Alert[], prefix: string, labels: Labels): string {
	return headerText([prefix, digestSummary(alerts, labels)].filter(Boolean).join(' '));
}
