/**
 * Readers for untrusted JSON (webhook payloads, expression results, stored settings): no value is
 * assumed to have the type it should. Every folder may use them; they know nothing of alerts.
 */
export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** Not given: undefined, null or the empty string (what an unset n8n field or expression gives). */
export const isBlank = (value: unknown): value is undefined | null | '' => value === undefined || value === null || value === '';

export const isPresent = (value: unknown): boolean => !isBlank(value);

/** A string as it is; anything else (a number from an expression, an object) as no string at all. */
export const stringOrEmpty = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Any JSON value as text: strings as they are, numbers and booleans written out, bytes (a Buffer
 * from a Code node) decoded as UTF-8 with U+FFFD for invalid sequences, lists and objects as JSON.
 */
export function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	if (value instanceof Uint8Array) return new TextDecoder('utf-8').decode(value);
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		// A BigInt or a cycle deep inside: still show something rather than fail the item.
		return String(value);
	}
}

/** A field as trimmed text, whatever JSON type it arrived as. */
export function trimmedText(value: unknown): string {
	return asText(value).trim();
}

/**
 * Sets a key even when it is "__proto__", which plain assignment would silently drop (or, with an
 * object value, turn into the record's prototype). For records keyed by payload or user text.
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
	Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
