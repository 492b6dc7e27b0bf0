/** Output 1 "Skipped": one item per skipped alert (or per input without alerts), with the reason. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Alert } from '../alert/alert';
import type { SkippedEntry } from '../pipeline/decide';

/** The alert as users see it; its item index is already in pairedItem. */
function alertJson(alert: Alert): IDataObject {
	const { event, severity, status, title, message, source, time, fields, shape } = alert;
	return { event, severity, status, title, message, source, time, fields, shape };
}

export function skippedItems(entries: readonly SkippedEntry[]): INodeExecutionData[] {
	return entries.map((entry) => {
		const json: IDataObject = { reason: entry.reason, detail: entry.detail };
		if (entry.alert) json.alert = alertJson(entry.alert);
		if (entry.throttle) json.throttle = entry.throttle;
		return { json, pairedItem: { item: entry.itemIndex } };
	});
}
