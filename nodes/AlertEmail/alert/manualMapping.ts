/** `mapping: manual`: the user's expressions give each field; the node reads them, this builds the alert. */
import type { Alert, AlertStatus, MappingContext } from './alert';
import { normaliseSeverity } from './severity';
import { toAlertTime } from './time';
import { trimmedText as text } from './values';

export interface ManualValues {
	eventType: unknown;
	severity: unknown;
	title: unknown;
	message: unknown;
	source: unknown;
	status: AlertStatus;
	time?: unknown;
}

export function mapManual(values: ManualValues, context: MappingContext): Alert {
	const event = text(values.eventType);
	return {
		event: event || 'alert',
		severity: normaliseSeverity(values.severity, context.defaultSeverity),
		title: text(values.title) || event || 'Alert',
		message: text(values.message),
		source: text(values.source),
		status: values.status,
		time: toAlertTime(values.time, context.receivedAt),
		fields: {},
		shape: 'manual',
		itemIndex: context.itemIndex,
	};
}
