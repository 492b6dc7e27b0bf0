/**
 * Prometheus Alertmanager's webhook (version "4") and Grafana's unified alerting webhook, which
 * extends it: one alert per entry of `alerts[]`, labels and annotations into the fields table.
 */
import type { Alert, AlertShape, MappingContext, MappingResult } from '../../model';
import { normaliseSeverity } from '../severity';
import { parseStatus } from '../status';
import { isUnsetTime, toAlertTime } from '../time';
import { asText, isPresent, isRecord, setOwn } from '../../shared/json';
import type { Json } from '../../shared/json';

const SEVERITY_LABELS = ['severity', 'priority', 'level'];
const SOURCE_LABELS = ['instance', 'host', 'hostname', 'service', 'job', 'grafana_folder'];
const TITLE_ANNOTATIONS = ['summary', 'title'];
const MESSAGE_ANNOTATIONS = ['description', 'message'];
/** Per-alert links Grafana adds; Alertmanager has generatorURL only. */
const LINKS = ['generatorURL', 'dashboardURL', 'panelURL', 'silenceURL', 'imageURL'];

export function isAlertmanagerPayload(record: Json): boolean {
	return Array.isArray(record.alerts) && (isPresent(record.groupKey) || isPresent(record.receiver) || isPresent(record.version));
}

export function isGrafanaPayload(record: Json): boolean {
	return isAlertmanagerPayload(record) && (isPresent(record.orgId) || isPresent(record.state) || isPresent(record.title));
}

const textRecord = (value: unknown): Record<string, string> =>
	isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asText(item)])) : {};

function firstKey(record: Record<string, string>, keys: string[]): string | undefined {
	return keys.find((key) => isPresent(record[key]));
}

function mapOne(entry: Json, group: Json, shape: AlertShape, context: MappingContext): Alert {
	// Alertmanager repeats the group's common labels in every alert; reading them as a fallback
	// also covers senders that trim per-alert labels.
	const labels = { ...textRecord(group.commonLabels), ...textRecord(entry.labels) };
	const annotations = { ...textRecord(group.commonAnnotations), ...textRecord(entry.annotations) };
	const sourceLabel = firstKey(labels, SOURCE_LABELS);
	const severityLabel = firstKey(labels, SEVERITY_LABELS);
	const titleKey = firstKey(annotations, TITLE_ANNOTATIONS);
	const messageKey = firstKey(annotations, MESSAGE_ANNOTATIONS);
	const status = parseStatus(entry.status) ?? parseStatus(group.status) ?? 'firing';
	const event = labels.alertname || asText(group.title) || 'alert';

	// Labels already shown as event, severity and source are not repeated in the fields table.
	const shown = new Set(['alertname', sourceLabel, severityLabel]);
	const fields: Record<string, string> = {};
	for (const [key, value] of Object.entries(labels)) if (!shown.has(key) && value) setOwn(fields, key, value);
	for (const [key, value] of Object.entries(annotations)) if (key !== titleKey && key !== messageKey && value) setOwn(fields, key, value);
	if (isRecord(entry.values) && Object.keys(entry.values).length) fields.values = asText(entry.values);
	else if (isPresent(entry.valueString)) fields.values = asText(entry.valueString);
	for (const link of LINKS) if (isPresent(entry[link])) fields[link] = asText(entry[link]);

	const time = status === 'resolved' && !isUnsetTime(entry.endsAt) ? entry.endsAt : entry.startsAt;
	return {
		event,
		severity: normaliseSeverity(severityLabel && labels[severityLabel], context.defaultSeverity),
		title: (titleKey && annotations[titleKey]) || event,
		message: (messageKey && annotations[messageKey]) || '',
		source: (sourceLabel && labels[sourceLabel]) || '',
		status,
		time: toAlertTime(isUnsetTime(time) ? undefined : time, context.receivedAt),
		fields,
		shape,
		itemIndex: context.itemIndex,
	};
}

export function mapAlertmanager(record: Json, context: MappingContext): MappingResult {
	const shape: AlertShape = isGrafanaPayload(record) ? 'grafana' : 'alertmanager';
	const entries = (record.alerts as unknown[]).filter(isRecord);
	if (entries.length === 0) {
		return { alerts: [], none: `The ${shape === 'grafana' ? 'Grafana' : 'Alertmanager'} payload has no alerts in alerts[].` };
	}
	return { alerts: entries.map((entry) => mapOne(entry, record, shape, context)) };
}
