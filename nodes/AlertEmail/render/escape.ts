/** Escaping for the two places untrusted alert text goes: HTML bodies and one-line headers. */

export function escapeHtml(value: string): string {
	return value.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

// C0 controls, DEL, C1 controls (NEL among them) and the Unicode line and paragraph separators:
// anything a mail parser could take for a line break.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const LINE_BREAKERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** A value fit for a header: one line, no control characters, trimmed and capped. */
export function headerSafe(value: string, maxLength = 250): string {
	const line = value.replace(LINE_BREAKERS, ' ').replace(/\s{2,}/g, ' ').trim();
	const chars = [...line];
	return chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}…` : line;
}

/** Text for a plain-text body: keeps new lines and tabs, drops other control characters. */
export function textSafe(value: string): string {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
	return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
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
