/** Small readers for untrusted JSON payloads: no value is assumed to have the type it should. */
export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

export const isPresent = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** The first present value under any of the keys. */
export function pick(record: Json, keys: readonly string[]): unknown {
	for (const key of keys) if (isPresent(record[key])) return record[key];
	return undefined;
}

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

/** Key/value facts from a record, for the email's fields table; nested objects one level deep. */
export function factsOf(record: Json, skip: ReadonlySet<string> = new Set(), prefix = ''): Record<string, string> {
	const facts: Record<string, string> = {};
	for (const [key, value] of Object.entries(record)) {
		if (skip.has(key) || !isPresent(value)) continue;
		if (isRecord(value) && !prefix) for (const [name, text] of Object.entries(factsOf(value, new Set(), `${key}.`))) setOwn(facts, name, text);
		else setOwn(facts, `${prefix}${key}`, asText(value));
	}
	return facts;
}
