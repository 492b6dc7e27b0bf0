/**
 * The digest email: a summary heading, the most severe alerts in full, the next ones as one line
 * each, and how many more there are. Capped because a storm digest is exactly the email that must
 * stay readable: Gmail clips HTML bodies above about 100 KB, and each full section is ~5 KB.
 */
import { alertSectionRows, alertTextSection } from './alertBody';
import { escapeHtml, htmlLines, textSafe } from './escape';
import { FONT, heading, page, paragraph, row } from './htmlParts';
import type { Labels } from './labels';
import { alertColour } from './palette';
import type { AlertView } from './view';

/** Alerts shown with message and fields; then alerts shown as one line; the rest are counted. */
export const DIGEST_DETAILED = 10;
export const DIGEST_LISTED = 60;

const DIVIDER =
	'<tr><td style="padding:16px 24px 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td height="1" bgcolor="#e3e5e8" style="height:1px;line-height:1px;font-size:0;background-color:#e3e5e8;">&nbsp;</td></tr></table></td></tr>';

function listRow(view: AlertView): string {
	const colour = escapeHtml(alertColour(view.alert));
	const where = [view.alert.source, view.timeText].filter(Boolean).join(' · ');
	return (
		`<tr><td width="4" bgcolor="${colour}" style="width:4px;background-color:${colour};font-size:0;">&nbsp;</td>` +
		`<td style="padding:4px 8px;border-bottom:1px solid #e3e5e8;${FONT}font-size:13px;color:#202124;word-break:break-word;">` +
		`<b>[${escapeHtml(view.tag)}]</b> ${htmlLines(view.alert.title)}<br><span style="color:#5f6368;font-size:12px;">${htmlLines(where)}</span></td></tr>`
	);
}

function split(views: readonly AlertView[]) {
	return {
		detailed: views.slice(0, DIGEST_DETAILED),
		listed: views.slice(DIGEST_DETAILED, DIGEST_DETAILED + DIGEST_LISTED),
		hidden: Math.max(0, views.length - DIGEST_DETAILED - DIGEST_LISTED),
	};
}

export function digestHtml(views: readonly AlertView[], labels: Labels, summary: string, subject: string, footer: string): string {
	const { detailed, listed, hidden } = split(views);
	const parts = [row(heading(summary)), DIVIDER, detailed.map((view) => alertSectionRows(view, 'section')).join(`\n${DIVIDER}\n`)];
	if (listed.length > 0) {
		parts.push(
			DIVIDER,
			row(
				`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">${listed.map(listRow).join('')}</table>`,
			),
		);
	}
	if (hidden > 0) parts.push(row(paragraph(escapeHtml(labels.notShown(hidden)))));
	parts.push(row('&nbsp;', '0 24px 8px'));
	const bar = views.length > 0 ? alertColour(views[0].alert) : '#5f6368';
	return page(subject, bar, parts.join('\n'), footer);
}

export function digestText(views: readonly AlertView[], labels: Labels, summary: string, footer: string): string {
	const { detailed, listed, hidden } = split(views);
	const sections = detailed.map((view, index) => `${index + 1}. ${alertTextSection(view, true)}`);
	const lines = listed.map(
		(view, index) =>
			`${DIGEST_DETAILED + index + 1}. [${view.tag}] ${view.alert.title} (${[view.alert.source, view.timeText].filter(Boolean).join(' · ')})`,
	);
	const tail = [lines.join('\n'), hidden > 0 ? labels.notShown(hidden) : ''].filter(Boolean).join('\n\n');
	// Once over the whole part: the full sections, the one-line rows and the footer all carry alert or user text.
	return textSafe(`${summary}\n\n${sections.join('\n\n----------\n\n')}${tail ? `\n\n----------\n\n${tail}` : ''}\n\n-- \n${footer}\n`);
}
