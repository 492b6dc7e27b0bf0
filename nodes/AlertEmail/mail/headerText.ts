/**
 * Text for one-line headers (subject, display names, custom header values) that came from
 * anywhere: a webhook, a log line, a form. The same rule everywhere, so a test can state it:
 *
 * 1. Lone UTF-16 surrogates (broken emoji, text cut in the middle) become U+FFFD.
 * 2. Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are removed:
 *    they can make "exe.pdf" read as "fdp.exe" in a mail list. Right-to-left text itself, and the
 *    LRM/RLM marks, are kept.
 * 3. Every run of C0/C1 control characters (CR, LF and NUL among them), DEL and U+2028/U+2029
 *    becomes one space: nothing a mail parser could take for a line break survives.
 * 4. Runs of spaces shrink to one; the ends are trimmed.
 * 5. Longer than `maxLength` characters (code points): cut, ending in "…" (so the result has
 *    exactly `maxLength` characters).
 */

/**
 * One control character: C0 and C1 controls (CR, LF and NUL among them), DEL and the Unicode line
 * and paragraph separators. What could break a header line or hide in an address; every module
 * that checks for them uses this one class.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this matches
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const LINE_BREAKERS = new RegExp(`${CONTROL_CHARACTER.source}+`, 'g');
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The longest subject, in characters; longer ones are cut with "…". */
export const MAX_SUBJECT_CHARS = 250;

export const TRUNCATION_MARK = '…';

/** Broken UTF-16 → U+FFFD, as a UTF-8 encoder would write it anyway, but stated. */
export function wellFormed(value: string): string {
	return value.replace(LONE_SURROGATE, '\ufffd');
}

export function cutToLength(value: string, maxLength: number): string {
	const chars = [...value];
	return chars.length > maxLength ? `${chars.slice(0, maxLength - 1).join('')}${TRUNCATION_MARK}` : value;
}

export function headerText(value: string, maxLength = MAX_SUBJECT_CHARS): string {
	const line = wellFormed(value).replace(BIDI_CONTROLS, '').replace(LINE_BREAKERS, ' ').replace(/ {2,}/g, ' ').trim();
	return cutToLength(line, maxLength);
}
