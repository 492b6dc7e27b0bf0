/**
 * Email address lists as users type them, for the node (To, CC, BCC, Reply-To) and the credential
 * (Default Recipients, From Email) alike. Entries are separated by `,` `;` (also the Chinese `，`
 * `；`) or new lines, except inside double quotes or angle brackets, so `"Doe, John" <j@x.com>`
 * stays one entry. Each entry is `addr@domain`, `<addr@domain>` or `Name <addr@domain>`. Nothing
 * that could carry a header (a line break or any control character) gets through, and an entry
 * that is not an address is reported with the reason, never guessed at. Pure.
 */
import { ConfigurationError } from '../shared/configurationError';
import { CONTROL_CHARACTER, cutToLength } from '../shared/text';
import { headerText } from '../shared/headerText';
import type { Mailbox, RefusedEntry } from '../model';

export interface ParsedList {
	/** Valid addresses in the order typed, duplicates (case-insensitive) removed. */
	mailboxes: Mailbox[];
	refused: RefusedEntry[];
}

const CONTROLS = new RegExp(CONTROL_CHARACTER.source, 'g');
const SEPARATORS = new Set([',', ';', '，', '；', '\n']);
/** RFC 5322 atext, plus any non-ASCII character (addresses in Chinese and other scripts, RFC 6531). */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9\u0080-\uffff]([A-Za-z0-9\u0080-\uffff-]*[A-Za-z0-9\u0080-\uffff])?$/;
/** Spaces anywhere, and the invisible format characters that can make one address look like another. */
const HIDDEN = /[\s\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
const MAX_SHOWN = 80;
const STRAY_QUOTE = 'has a stray double quote or angle bracket in its name';
/** Display names longer than this are cut ("…"); mail clients show far less. */
export const MAX_NAME_CHARS = 100;

export const ADDRESS_FORMAT =
	'Write name@example.com or Name <name@example.com>; a name with a comma goes in double quotes, e.g. "Doe, John" <john@example.com>.';

/** Splits on separators outside quotes and angle brackets. */
export function splitEntries(value: string): string[] {
	const entries: string[] = [];
	let current = '';
	let quoted = false;
	let angled = false;
	for (let index = 0; index < value.length; index++) {
		const char = value[index];
		if (quoted && char === '\\' && index + 1 < value.length) {
			current += char + value[++index];
			continue;
		}
		if (char === '"' && !angled) quoted = !quoted;
		else if (char === '<' && !quoted) angled = true;
		else if (char === '>' && !quoted) angled = false;
		if (!quoted && !angled && SEPARATORS.has(char)) {
			entries.push(current);
			current = '';
			continue;
		}
		current += char;
	}
	entries.push(current);
	return entries.map((entry) => entry.trim()).filter(Boolean);
}

export function isEmailAddress(address: string): boolean {
	const at = address.lastIndexOf('@');
	if (at <= 0 || address.length > 254 || HIDDEN.test(address)) return false;
	const local = address.slice(0, at);
	const domain = address.slice(at + 1);
	if (local.length > 64 || !LOCAL_PART.test(local)) return false;
	const labels = domain.split('.');
	return domain.length > 0 && domain.length <= 253 && labels.every((label) => label.length <= 63 && DOMAIN_LABEL.test(label));
}

/** Text as typed (an entry, a header name), fit to quote in a message: control characters as ␤, cut to 80 characters. */
export function shownEntry(entry: string): string {
	return cutToLength(entry.replace(CONTROLS, '␤'), MAX_SHOWN);
}

/** The display name of `Name <addr>`: unquoted, or quoted with \" and \\ escapes. */
function displayName(raw: string): string | undefined {
	const name = raw.trim();
	if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) {
		const inner = name.slice(1, -1);
		if (/(^|[^\\])(\\\\)*"/.test(inner)) return undefined;
		return inner.replace(/\\(.)/g, '$1');
	}
	return /["<>]/.test(name) ? undefined : name;
}

/** `Name <addr>` → [name, addr], finding the `<` outside quotes; undefined for a bare address. */
function angleParts(entry: string): [string, string] | undefined | 'unpaired' {
	let quoted = false;
	let open = -1;
	for (let index = 0; index < entry.length; index++) {
		const char = entry[index];
		if (quoted && char === '\\') index++;
		else if (char === '"') quoted = !quoted;
		else if (char === '<' && !quoted) open = index;
	}
	if (quoted) return 'unpaired';
	return open < 0 || !entry.endsWith('>') ? undefined : [entry.slice(0, open), entry.slice(open + 1, -1)];
}

function parseEntry(entry: string): Mailbox | RefusedEntry {
	if (CONTROL_CHARACTER.test(entry)) return { entry: shownEntry(entry), reason: 'contains a line break or control character' };
	const parts = angleParts(entry);
	const name = parts === 'unpaired' ? undefined : parts ? displayName(parts[0]) : '';
	if (parts === 'unpaired' || name === undefined) return { entry: shownEntry(entry), reason: STRAY_QUOTE };
	const address = (parts ? parts[1] : entry).trim();
	if (!isEmailAddress(address)) return { entry: shownEntry(entry), reason: 'is not an email address' };
	return { name: headerText(name, MAX_NAME_CHARS), address };
}

/** A list as typed: text, or an array of texts (from an expression). Never throws for bad entries. */
export function parseAddressList(value: unknown, field: string): ParsedList {
	const list = addressText(value, field);
	const mailboxes: Mailbox[] = [];
	const refused: RefusedEntry[] = [];
	for (const entry of splitEntries(list)) {
		const parsed = parseEntry(entry);
		if ('reason' in parsed) refused.push(parsed);
		else mailboxes.push(parsed);
	}
	return { mailboxes: withoutDuplicates(mailboxes), refused };
}

function addressText(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value.join('\n');
	throw new ConfigurationError(
		field,
		`must be text (comma-separated email addresses) or a list of texts, not ${Array.isArray(value) ? 'a list of other values' : 'an object'}.`,
	);
}

/** Keeps the first of each address, compared case-insensitively; drops those in `seen`. */
export function withoutDuplicates(mailboxes: readonly Mailbox[], seen: Set<string> = new Set()): Mailbox[] {
	return mailboxes.filter((mailbox) => {
		const key = mailbox.address.toLowerCase();
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** Why a list was refused, every bad entry with its reason, and what to do. */
export function refusalMessage(list: ParsedList, alternative = ''): string {
	const reasons = list.refused.map(({ entry, reason }) => `"${entry}" ${reason}`).join('; ');
	if (list.mailboxes.length === 0) return `${reasons}. ${ADDRESS_FORMAT}`;
	const fine = list.mailboxes.map((mailbox) => mailbox.address).join(', ');
	return `${reasons}. The valid ${list.mailboxes.length === 1 ? 'address' : 'addresses'} (${fine}) did not get it either. ${ADDRESS_FORMAT}${alternative}`;
}

/** "Name <addr>" as nodemailer reads it back exactly: the name always quoted, \ and " escaped. */
export function formatMailbox(mailbox: Mailbox): string {
	if (!mailbox.name) return mailbox.address;
	return `"${mailbox.name.replace(/[\\"]/g, '\\$&')}" <${mailbox.address}>`;
}
