/** The built-in HTML and text bodies of one alert's email. */
import { htmlLines, linkOrText, textSafe } from './escape';
import { badge, factsTable, heading, note, page, paragraph, row } from './htmlParts';
import { alertColour } from './palette';
import type { AlertView } from './view';

/** Badge, title, suppressed-repeats note, message and facts; a page title or a digest section title. */
export function alertSectionRows(view: AlertView, titleStyle: 'page' | 'section'): string {
	const colour = alertColour(view.alert);
	const title = titleStyle === 'page' ? heading(view.alert.title) : paragraph(`<b>${htmlLines(view.alert.title)}</b>`);
	return [
		row(`${badge(view.tag, colour)}${title}`),
		view.suppressedText ? row(note(view.suppressedText, colour)) : '',
		view.alert.message ? row(paragraph(htmlLines(view.alert.message))) : '',
		row(factsTable(view.rows.map(([label, value]) => [label, linkOrText(value)]))),
	]
		.filter(Boolean)
		.join('\n');
}

export function alertHtml(view: AlertView, subject: string, footer: string): string {
	return page(subject, alertColour(view.alert), `${alertSectionRows(view, 'page')}\n${row('&nbsp;', '0 24px 8px')}`, footer);
}

export function alertTextSection(view: AlertView): string {
	const lines = [`[${view.tag}] ${view.alert.title}`];
	if (view.suppressedText) lines.push(view.suppressedText);
	if (view.alert.message) lines.push('', view.alert.message);
	lines.push('', ...view.rows.map(([label, value]) => `${label}: ${value}`));
	return textSafe(lines.join('\n'));
}

export function alertText(view: AlertView, footer: string): string {
	return `${alertTextSection(view)}\n\n-- \n${footer}\n`;
}
