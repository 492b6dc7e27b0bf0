import type { Alert } from '../alert/alert';

export interface RenderedMail {
	subject: string;
	text: string;
	html: string;
}

const escapeHtml = (value: string) =>
	value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Subjects are one line: control characters (CR/LF above all) become spaces. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const oneLine = (value: string) => value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

export function renderAlertMail(alert: Alert, subjectPrefix: string): RenderedMail {
	const tag = `[${alert.severity.toUpperCase()}]`;
	const subject = oneLine([subjectPrefix, tag, alert.title].filter(Boolean).join(' '));
	const rows: Array<[string, string]> = [
		['Event', alert.event],
		['Severity', alert.severity],
		['Source', alert.source],
		['Time', alert.time],
	];
	const text = [alert.title, '', ...rows.map(([label, value]) => `${label}: ${value}`), '', alert.message].join('\n');
	const html = `<table>${rows
		.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
		.join('')}</table><p>${escapeHtml(alert.message)}</p>`;
	return { subject, text, html };
}
