/**
 * Recipient lists as users type them: comma, semicolon (also the Chinese ，；) or new line between
 * entries, each `addr@domain` or `Name <addr@domain>`. Anything that could smuggle a header or is
 * not an address is refused with the field's name, before any email is sent.
 */
import { ConfigurationError } from '../configurationError';

// eslint-disable-next-line no-control-regex -- control characters are what makes an entry unsafe
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;
const NAMED = /^([^<>"\\]*?)\s*<([^<>]+)>$/;

function parseEntry(entry: string, field: string): string {
	if (CONTROL.test(entry)) throw new ConfigurationError(field, `"${entry.replace(CONTROL, '␤')}" contains a line break or control character.`);
	const named = NAMED.exec(entry);
	const address = (named ? named[2] : entry).trim();
	if (!ADDRESS.test(address)) {
		throw new ConfigurationError(field, `"${entry}" is not an email address. Write name@example.com or Name <name@example.com>.`);
	}
	const name = named?.[1].trim();
	return name ? `"${name}" <${address}>` : address;
}

export function parseAddressList(value: unknown, field: string): string[] {
	if (value === undefined || value === null) return [];
	if (typeof value !== 'string') throw new ConfigurationError(field, 'must be text: comma-separated email addresses.');
	// Splitting on new lines first would hide a CR/LF inside an entry; only \n separates, \r is refused.
	return value
		.split(/[,;，；\n]/)
		.map((entry) => entry.trim())
		.filter(Boolean)
		.map((entry) => parseEntry(entry, field));
}
