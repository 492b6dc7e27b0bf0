/**
 * How much of an alert an email shows. Alert text comes from anywhere, and one 1 MB stack trace
 * must not make a 3 MB email that Gmail clips (at about 100 KB of HTML) and phones choke on. Cut
 * text ends in a marker that says how long it was, so nobody mistakes it for the whole; the full
 * alert is still in the node's input. Digests cut further (alertBody.ts).
 */
import type { Alert } from '../model';
import { setOwn } from '../shared/json';
import { cutToLength } from '../shared/text';
import type { Labels } from './labels';

/** Characters (code points) of the message in a per-alert email. */
export const MAX_MESSAGE_CHARS = 20_000;
/** Characters of the title, event, source and each field value. */
export const MAX_VALUE_CHARS = 4_000;
/** Rows of the fields table; the rest are counted in one last row. */
export const MAX_FIELDS = 100;

function cut(value: string, max: number, labels: Labels): string {
	const length = [...value].length;
	if (length <= max) return value;
	return `${cutToLength(value, max)} ${labels.cut(length)}`;
}

/** The alert as the email shows it: every text within its limit, and at most MAX_FIELDS fields. */
export function shownAlert(alert: Alert, labels: Labels): Alert {
	const entries = Object.entries(alert.fields);
	const fields: Record<string, string> = {};
	for (const [key, value] of entries.slice(0, MAX_FIELDS)) {
		setOwn(fields, cut(key, MAX_VALUE_CHARS, labels), cut(value, MAX_VALUE_CHARS, labels));
	}
	if (entries.length > MAX_FIELDS) fields['…'] = labels.moreFields(entries.length - MAX_FIELDS);
	return {
		...alert,
		event: cut(alert.event, MAX_VALUE_CHARS, labels),
		title: cut(alert.title, MAX_VALUE_CHARS, labels),
		source: cut(alert.source, MAX_VALUE_CHARS, labels),
		message: cut(alert.message, MAX_MESSAGE_CHARS, labels),
		fields,
	};
}
