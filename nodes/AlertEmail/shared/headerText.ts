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

import { CONTROL_CHARACTER, cutToLength, wellFormed } from './text';

const LINE_BREAKERS = new RegExp(`${CONTROL_CHARACTER.source}+`, 'g');
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** The longest subject, in characters; longer ones are cut with "…". */
export const MAX_SUBJECT_CHARS = 250;

export function headerText(value: string, maxLength = MAX_SUBJECT_CHARS): string {
	const line = wellFormed(value).replace(BIDI_CONTROLS, '').replace(LINE_BREAKERS, ' ').replace(/ {2,}/g, ' ').trim();
	return cutToLength(line, maxLength);
}
