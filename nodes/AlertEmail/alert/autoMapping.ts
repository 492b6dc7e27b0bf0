import type { Alert } from './alert';
import { normaliseSeverity } from './severity';

type Json = Record<string, unknown>;

const pick = (record: Json, keys: string[]): unknown => {
	for (const key of keys) {
		const value = record[key];
		if (value !== undefined && value !== null && value !== '') return value;
	}
	return undefined;
};

const asText = (value: unknown): string =>
	value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** A flat alert object, or the same under `body` (what n8n's Webhook node outputs). */
export function mapFlatItem(json: Json, itemIndex: number, receivedAt: Date): Alert[] {
	const record = typeof json.body === 'object' && json.body !== null && !Array.isArray(json.body) ? (json.body as Json) : json;
	const status = asText(pick(record, ['status'])).toLowerCase();
	return [
		{
			event: asText(pick(record, ['event', 'type'])) || 'alert',
			severity: normaliseSeverity(pick(record, ['severity', 'level', 'priority']), 'warning'),
			title: asText(pick(record, ['title', 'summary', 'subject'])) || 'Alert',
			message: asText(pick(record, ['message', 'description', 'text'])),
			source: asText(pick(record, ['source', 'host', 'service', 'task', 'job'])),
			status: status === 'resolved' || status === 'ok' ? 'resolved' : 'firing',
			time: asText(pick(record, ['time'])) || receivedAt.toISOString(),
			fields: {},
			itemIndex,
		},
	];
}
