/**
 * The alert as later nodes read it (log it to a database, post it to chat), the same on every
 * output: `alert` holds the whole alert, and its main facts also stand at the top level so they map
 * with one drag. Top-level `status` already says what happened to the item (sent, partial,
 * preview, skipped), so the alert's own status is `alertStatus` there.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Alert } from '../model';

/** The alert as users see it; its item index is already in pairedItem. */
export function alertJson(alert: Alert): IDataObject {
	const { event, severity, status, title, message, source, time, fields, shape } = alert;
	return { event, severity, status, title, message, source, time, fields, shape };
}

/**
 * Fields for an item that speaks for these alerts (several for a digest, listed first to last as
 * the email lists them, so the top-level facts are the first, most severe one's). Nothing without alerts.
 */
export function alertFields(alerts: readonly Alert[] | undefined): IDataObject {
	if (!alerts || alerts.length === 0) return {};
	const [first] = alerts;
	return {
		event: first.event,
		severity: first.severity,
		title: first.title,
		source: first.source,
		alertStatus: first.status,
		alert: alertJson(first),
		...(alerts.length > 1 ? { alerts: alerts.map(alertJson) } : {}),
	};
}
