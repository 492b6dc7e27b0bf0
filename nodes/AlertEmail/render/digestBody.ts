/** The digest email: a summary heading, then every alert as a section, most severe first. */
import { alertSectionRows, alertTextSection } from './alertBody';
import { heading, page, row } from './htmlParts';
import { alertColour } from './palette';
import type { AlertView } from './view';

const DIVIDER = '<tr><td style="padding:16px 24px 0;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td height="1" bgcolor="#e3e5e8" style="height:1px;line-height:1px;font-size:0;background-color:#e3e5e8;">&nbsp;</td></tr></table></td></tr>';

export function digestHtml(views: readonly AlertView[], summary: string, subject: string, footer: string): string {
	const sections = views.map((view) => alertSectionRows(view, 'section')).join(`\n${DIVIDER}\n`);
	const bar = views.length > 0 ? alertColour(views[0].alert) : '#5f6368';
	return page(subject, bar, `${row(heading(summary))}\n${DIVIDER}\n${sections}\n${row('&nbsp;', '0 24px 8px')}`, footer);
}

export function digestText(views: readonly AlertView[], summary: string, footer: string): string {
	const sections = views.map((view, index) => `${index + 1}. ${alertTextSection(view)}`);
	return `${summary}\n\n${sections.join('\n\n----------\n\n')}\n\n-- \n${footer}\n`;
}
