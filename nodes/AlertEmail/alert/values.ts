/** Small readers for untrusted JSON payloads: no value is assumed to have the type it should. */
export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export const isPresent = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** The first present value under any of the keys. */
export function pick(record: Json, keys: readonly string[]): unknown {
	for (const key of keys) if (isPresent(record[key])) return record[key];
	return undefined;
}

export function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return JSON.stringify(value);
}

/** Key/value facts from a record, for the email's fields table; nested objects one level deep. */
export function factsOf(record: Json, skip: ReadonlySet<string> = new Set(), prefix = ''): Record<string, string> {
	const facts: Record<string, string> = {};
	for (const [key, value] of Object.entries(record)) {
		if (skip.has(key) || !isPresent(value)) continue;
		if (isRecord(value) && !prefix) Object.assign(facts, factsOf(value, new Set(), `${key}.`));
		else facts[`${prefix}${key}`] = asText(value);
	}
	return facts;
}
