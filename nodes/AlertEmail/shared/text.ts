/**
 * Plain-text helpers every folder may use. They know nothing of mail, alerts or SMTP: text arrives
 * from webhooks, log lines and forms, so it may hold broken UTF-16 and control characters.
 */

/**
 * One control character: C0 and C1 controls (CR, LF and NUL among them), DEL and the Unicode line
 * and paragraph separators. What could break a header line or hide in an address; every module
 * that checks for them uses this one class.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const TRUNCATION_MARK = '…';

/** Broken UTF-16 → U+FFFD, as a UTF-8 encoder would write it anyway, but stated. */
export function wellFormed(value: string): string {
	return value.replace(LONE_SURROGATE, '\ufffd');
}

/** At most `maxLength` characters (code points, so no emoji is split), ending in "…" when cut. */
export function cutToLength(value: string, maxLength: number): string {
	const chars = [...value];
	return chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}${TRUNCATION_MARK}` : value;
}

/**
 * Text that ends a sentence, so the next one can follow it: server replies rarely end with a full
 * stop ("535 ... (reason unavailable)"), and a hint glued to them reads as part of the reply.
 */
export function sentence(text: string): string {
	const trimmed = text.trim();
	return /[.!?。！？]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
