/**
 * Keeps header text literal. Mail readers decode RFC 2047 encoded-words (`=?UTF-8?B?...?=`) in a
 * subject and in display names, even inside quotes, and nodemailer passes a valid-looking one
 * through untouched (so that callers can hand it pre-encoded text). For alert text that means a
 * webhook could write `=?UTF-8?B?4oCu...?=` and have the reader show whatever it decodes to: a
 * bidi override, a line break, a different sender name. Text holding "=?" is therefore encoded
 * whole by us, so that what the reader decodes is exactly the text.
 */

/** UTF-8 bytes per encoded-word: 45 bytes → 60 base64 characters → a 72-character word (RFC 2047 allows 75). */
const BYTES_PER_WORD = 45;

/** B-encoded words, split on character boundaries and joined with spaces (which readers drop between words). */
export function encodeWords(value: string): string {
	const words: string[] = [];
	let chunk = '';
	for (const char of value) {
		if (chunk && Buffer.byteLength(chunk + char, 'utf8') > BYTES_PER_WORD) {
			words.push(chunk);
			chunk = '';
		}
		chunk += char;
	}
	if (chunk) words.push(chunk);
	return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(' ');
}

/** The text as it should go to nodemailer so that readers show exactly it. */
export function literalHeaderText(value: string): string {
	return value.includes('=?') ? encodeWords(value) : value;
}
