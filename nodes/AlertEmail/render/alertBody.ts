/** The built-in HTML and text bodies of one alert's email. */
import { cutToLength } from '../shared/text';
import { htmlLines, linkOrText, textSafe } from './escape';
import { badge, factsTable, heading, note, page, paragraph, row } from './htmlParts';
import { inlineImageHtml } from './inlineImage';
import { alertColour } from './palette';
import type { AlertView } from './view';

/** In a digest, long messages and values are cut so many alerts fit one readable email. */
const DIGEST_MESSAGE_CHARS = 1000;
const DIGEST_VALUE_CHARS = 300;

function clip(value: string, max: number | undefined): string {
	// A cut link would no longer work; links stay whole.
	return max === undefined || /^https?:\/\//i.test(value) ? value : cutToLength(value, max);
}

/** Badge, title, suppressed-repeats note, message and facts; a page title or a digest section title. */
export function alertSectionRows(view: AlertView, titleStyle: 'page' | 'section'): string {
	const colour = alertColour(view.alert);
	const inDigest = titleStyle === 'section';
	const title = inDigest ? paragraph(`<b>${htmlLines(view.alert.title)}</b>`) : heading(view.alert.title);
	const message = clip(view.alert.message, inDigest ? DIGEST_MESSAGE_CHARS : undefined);
	return [
		row(`${badge(view.tag, colour)}${title}`),
		view.image ? row(inlineImageHtml(view.image)) : '',
		view.suppressedText ? row(note(view.suppressedText, colour)) : '',
		message ? row(paragraph(htmlLines(message))) : '',
		row(factsTable(view.rows.map(([label, value]) => [label, linkOrText(clip(value, inDigest ? DIGEST_VALUE_CHARS : undefined))]))),
	]
		.filter(Boolean)
		.join('\n');
}

export function alertHtml(view: AlertView, subject: string, footer: string): string {
	return page(subject, alertColour(view.alert), `${alertSectionRows(view, 'page')}\n${row('&nbsp;', '0 24px 8px')}`, footer);
}

/** One alert's lines of the text part, raw: the caller passes the whole part through textSafe. */
export function alertTextSection(view: AlertView, inDigest = false): string {
	const lines = [`[${view.tag}] ${view.alert.title}`];
	if (view.image) lines.push(`[${view.image.fileName}]`);
	const message = clip(view.alert.message, inDigest ? DIGEST_MESSAGE_CHARS : undefined);
	if (view.suppressedText) lines.push(view.suppressedText);
	if (message) lines.push('', message);
	lines.push('', ...view.rows.map(([label, value]) => `${label}: ${clip(value, inDigest ? DIGEST_VALUE_CHARS : undefined)}`));
	return lines.join('\n');
}

/** The text part; everything in it (alert text, the workflow name in the footer) through textSafe. */
export function alertText(view: AlertView, footer: string): string {
	return textSafe(`${alertTextSection(view)}\n\n-- \n${footer}\n`);
}
