/** `mapping: manual`: the user's expressions give each field; the node reads them, this builds the alert. */
import type { Alert, AlertStatus, MappingContext } from '../model';
import { parseSeverity } from './severity';
import { toAlertTime } from './time';
import { trimmedText } from '../shared/json';

export interface ManualValues {
	eventType: unknown;
	severity: unknown;
	title: unknown;
	message: unknown;
	source: unknown;
	status: AlertStatus;
	time?: unknown;
}

/**
 * @param found What automatic mapping finds in the same item (when it finds an alert): a field left
 *   empty, or whose expression gave nothing (`$json.event` behind a Webhook, whose data is under
 *   `body`), takes its value from there, so the defaults work behind any trigger.
 */
export function mapManual(values: ManualValues, context: MappingContext, found?: () => Alert | undefined): Alert {
	let auto: Alert | undefined | null = null;
	const fallback = () => (auto === null ? (auto = found?.()) : auto);
	const event = trimmedText(values.eventType) || fallback()?.event || '';
	return {
		event: event || 'alert',
		severity: parseSeverity(values.severity) ?? fallback()?.severity ?? context.defaultSeverity,
		title: trimmedText(values.title) || fallback()?.title || event || 'Alert',
		message: trimmedText(values.message) || fallback()?.message || '',
		source: trimmedText(values.source) || fallback()?.source || '',
		status: values.status,
		time: toAlertTime(values.time, context.receivedAt),
		fields: {},
		shape: 'manual',
		itemIndex: context.itemIndex,
	};
}
