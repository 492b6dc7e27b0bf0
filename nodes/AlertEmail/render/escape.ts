/** Escaping for untrusted alert text in the bodies; one-line headers are shared/headerText.ts. */
import { wellFormed } from '../shared/text';

// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const CONTROLS_BUT_LINES_AND_TABS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function escapeHtml(value: string): string {
	return wellFormed(value).replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Text for a plain-text body: keeps new lines and tabs, drops other control characters. */
export function textSafe(value: string): string {
	return wellFormed(value).replace(/\r\n?/g, '\n').replace(CONTROLS_BUT_LINES_AND_TABS, '');
}

/** Escaped HTML with line breaks kept (Outlook ignores white-space: pre-wrap). */
export function htmlLines(value: string): string {
	return escapeHtml(textSafe(value)).replace(/\n/g, '<br>');
}

/** A link only for http(s) URLs; everything else stays text. Both escaped. */
export function linkOrText(value: string): string {
	if (!/^https?:\/\/[^\s"'<>]+$/i.test(value)) return htmlLines(value);
	const href = escapeHtml(value);
	return `<a href="${href}" style="color:#1a73e8;text-decoration:underline;word-break:break-all;">${href}</a>`;
}
