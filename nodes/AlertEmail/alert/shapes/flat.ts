/** A flat alert object: the keys people use when they build an alert by hand or in a script. */
import { cutToLength } from '../../shared/text';
import type { Alert, MappingContext, MappingResult } from '../../model';
import { normaliseSeverity } from '../severity';
import { parseStatus } from '../status';
import { toAlertTime } from '../time';
import { asText, isPresent } from '../../shared/json';
import { factsOf, pick } from '../values';
import type { Json } from '../../shared/json';

const KEYS = {
	event: ['event', 'type', 'eventType', 'alertname'],
	severity: ['severity', 'level', 'priority'],
	title: ['title', 'summary', 'subject', 'name'],
	message: ['message', 'description', 'text', 'msg', 'details'],
	source: ['source', 'host', 'hostname', 'service', 'task', 'job', 'instance'],
	status: ['status', 'state'],
	time: ['time', 'timestamp', 'startsAt', 'date'],
} as const;

const CONSUMED = new Set(Object.values(KEYS).flat());

/** A title from the message: its first line, at most 120 characters. */
const firstLine = (text: string) => cutToLength(text.split(/\r?\n/, 1)[0].trim(), 120);

export function mapFlat(record: Json, context: MappingContext): MappingResult {
	if (!Object.values(record).some(isPresent)) return { alerts: [], none: 'The item is empty: there is nothing to alert about.' };
	const text = (keys: readonly string[]) => asText(pick(record, keys)).trim();
	const event = text(KEYS.event);
	const source = text(KEYS.source);
	const message = text(KEYS.message);
	const alert: Alert = {
		event: event || 'alert',
		severity: normaliseSeverity(pick(record, KEYS.severity), context.defaultSeverity),
		title: text(KEYS.title) || firstLine(message) || event || source || 'Alert',
		message,
		source,
		status: parseStatus(pick(record, KEYS.status)) ?? 'firing',
		time: toAlertTime(pick(record, KEYS.time), context.receivedAt),
		fields: factsOf(record, CONSUMED),
		shape: 'flat',
		itemIndex: context.itemIndex,
	};
	return { alerts: [alert] };
}
