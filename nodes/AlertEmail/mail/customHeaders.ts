/**
 * Options › Custom Headers: name/value pairs the user adds to every email of an item (routing
 * tags for mail rules, ticket systems). A header is refused, never repaired, when it could change
 * where the email goes or what it claims to be: a name that is not an RFC 7230 token, a name the
 * node or the mail system sets itself, a value with a line break or any control character, or a
 * value that is not text. Pure.
 */
import { isBlank, setOwn } from '../shared/json';
import { ConfigurationError } from '../shared/configurationError';
import { shownEntry } from './addresses';
import { CONTROL_CHARACTER } from '../shared/text';
import { headerText } from '../shared/headerText';

export const CUSTOM_HEADERS_FIELD = 'Options › Custom Headers';

/** Letters, digits and !#$%&'*+.^_`|~- : no space, no colon, nothing outside ASCII. */
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,76}$/;
const MAX_VALUE_CHARS = 1000;

/** Headers that say who sends, who receives, what the message is, or that the node sets itself. */
const RESERVED = new Set([
	'from',
	'sender',
	'to',
	'cc',
	'bcc',
	'reply-to',
	'subject',
	'date',
	'message-id',
	'in-reply-to',
	'references',
	'mime-version',
	'return-path',
	'received',
	'dkim-signature',
	'auto-submitted',
	'x-auto-response-suppress',
	'x-priority',
	'x-msmail-priority',
	'importance',
	'priority',
]);
const RESERVED_PREFIXES = ['content-', 'resent-'];

export function isReservedHeader(name: string): boolean {
	const lower = name.toLowerCase();
	return RESERVED.has(lower) || RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

function refuse(message: string): never {
	throw new ConfigurationError(CUSTOM_HEADERS_FIELD, message);
}

function headerValue(name: string, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
		refuse(`the value of "${name}" must be text, not ${Array.isArray(value) ? 'a list' : 'an object'}.`);
	}
	const text = String(value);
	if (CONTROL_CHARACTER.test(text))
		refuse(`the value of "${name}" contains a line break or control character. Remove it; a header is one line.`);
	if ([...text].length > MAX_VALUE_CHARS) refuse(`the value of "${name}" is longer than ${MAX_VALUE_CHARS} characters.`);
	return headerText(text, MAX_VALUE_CHARS);
}

/** `{ header: [{ name, value }] }` as n8n's fixedCollection stores it → a checked header map. */
export function readCustomHeaders(option: unknown): Record<string, string> {
	if (isBlank(option)) return {};
	const rows = (option as { header?: unknown }).header;
	if (typeof option !== 'object' || (rows !== undefined && !Array.isArray(rows))) {
		refuse('must be a list of name/value pairs.');
	}
	const headers: Record<string, string> = {};
	const seen = new Set<string>();
	for (const row of (rows ?? []) as Array<{ name?: unknown; value?: unknown }>) {
		const name = typeof row?.name === 'string' ? row.name.trim() : '';
		const value = headerValue(name, row?.value);
		if (!name) {
			if (value) refuse(`a header with the value "${shownEntry(value)}" has no name.`);
			continue;
		}
		if (!TOKEN.test(name)) {
			refuse(`"${shownEntry(name)}" is not a header name. Use letters, digits and hyphens, e.g. X-Alert-Team.`);
		}
		if (isReservedHeader(name)) {
			refuse(
				`"${name}" is set by the node or the mail system and cannot be replaced. Recipients go in To Email, CC, BCC and Reply To; use an X- header for your own data.`,
			);
		}
		if (seen.has(name.toLowerCase())) refuse(`"${name}" appears twice. Give each header once.`);
		seen.add(name.toLowerCase());
		setOwn(headers, name, value);
	}
	return headers;
}
