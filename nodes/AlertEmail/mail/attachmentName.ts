/**
 * A file name from binary data, made safe to put in an email: the header rule (one line, no control
 * characters, no bidi overrides, cut to length), and no path parts, so "../../etc/passwd" or
 * "C:\\logs\\x.txt" arrive as "passwd" and "x.txt". Non-ASCII names (Chinese ones included) stay as
 * they are; nodemailer encodes them for the headers (RFC 2231 and RFC 2047).
 */
import { headerText } from '../shared/headerText';

const MAX_FILE_NAME_CHARS = 120;

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'text/plain': 'txt',
	'text/csv': 'csv',
	'application/json': 'json',
	'application/pdf': 'pdf',
};

export function attachmentName(fileName: unknown, property: string, mimeType: string): string {
	const typed = typeof fileName === 'string' ? fileName : '';
	const base = headerText(typed.split(/[\\/]/).pop() ?? '', MAX_FILE_NAME_CHARS).replace(/^\.+/, '');
	if (base) return base;
	const extension = EXTENSIONS[mimeType.toLowerCase()] ?? 'bin';
	return `${headerText(property, 60) || 'file'}.${extension}`;
}
