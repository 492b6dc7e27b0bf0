/** Reading alert payloads: the first field that is there, and the facts an email's table lists. */
import { asText, isPresent, isRecord, setOwn } from '../shared/json';
import type { Json } from '../shared/json';

/** The first present value under any of the keys. */
export function pick(record: Json, keys: readonly string[]): unknown {
	for (const key of keys) if (isPresent(record[key])) return record[key];
	return undefined;
}

/** Key/value facts from a record, for the email's fields table; nested objects one level deep. */
export function factsOf(record: Json, skip: ReadonlySet<string> = new Set(), prefix = ''): Record<string, string> {
	const facts: Record<string, string> = {};
	for (const [key, value] of Object.entries(record)) {
		if (skip.has(key) || !isPresent(value)) continue;
		if (isRecord(value) && !prefix)
			for (const [name, text] of Object.entries(factsOf(value, new Set(), `${key}.`))) setOwn(facts, name, text);
		else setOwn(facts, `${prefix}${key}`, asText(value));
	}
	return facts;
}
