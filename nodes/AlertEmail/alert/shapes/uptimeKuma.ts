/**
 * Uptime Kuma's webhook notification: `{ heartbeat, monitor, msg }`. Heartbeat status 0 is down,
 * 1 up, 2 pending, 3 maintenance. Test and certificate-expiry notifications carry no heartbeat.
 */
import type { Alert, MappingContext, MappingResult, Severity } from '../../model';
import { toAlertTime } from '../time';
import { asText, isPresent, isRecord } from '../../shared/json';
import type { Json } from '../../shared/json';

const EVENT = 'uptime-kuma';

const HEARTBEAT: Record<number, { status: Alert['status']; severity: Severity; label: string }> = {
	0: { status: 'firing', severity: 'critical', label: '🔴 Down' },
	// Up resolves a down, so it keeps the severity of the down it resolves.
	1: { status: 'resolved', severity: 'critical', label: '✅ Up' },
	2: { status: 'firing', severity: 'warning', label: '🟡 Pending' },
	3: { status: 'firing', severity: 'info', label: '🔵 Maintenance' },
};

export function isUptimeKumaPayload(record: Json): boolean {
	return typeof record.msg === 'string' && 'heartbeat' in record && 'monitor' in record;
}

function address(monitor: Json): string {
	const url = asText(monitor.url);
	if (url && url !== 'https://' && url !== 'http://') return url;
	const host = asText(monitor.hostname);
	return host && isPresent(monitor.port) ? `${host}:${asText(monitor.port)}` : host;
}

export function mapUptimeKuma(record: Json, context: MappingContext): MappingResult {
	const monitor = isRecord(record.monitor) ? record.monitor : {};
	const heartbeat = isRecord(record.heartbeat) ? record.heartbeat : undefined;
	const name = asText(monitor.name);
	const msg = asText(record.msg);
	const fields: Record<string, string> = {};
	const url = address(monitor);
	if (url) fields.url = url;
	if (isPresent(monitor.type)) fields.type = asText(monitor.type);

	const state = heartbeat ? HEARTBEAT[Number(heartbeat.status)] : undefined;
	if (!heartbeat || !state) {
		const alert: Alert = {
			event: EVENT,
			severity: context.defaultSeverity,
			title: msg || 'Uptime Kuma notification',
			message: msg,
			source: name,
			status: 'firing',
			time: context.receivedAt.toISOString(),
			fields,
			shape: 'uptimeKuma',
			itemIndex: context.itemIndex,
		};
		return { alerts: [alert] };
	}
	if (isPresent(heartbeat.ping)) fields.ping = `${asText(heartbeat.ping)} ms`;
	if (isPresent(heartbeat.duration) && Number(heartbeat.duration) > 0) fields.duration = `${asText(heartbeat.duration)} s`;
	if (isPresent(heartbeat.localDateTime)) {
		fields.localTime = `${asText(heartbeat.localDateTime)} (${asText(heartbeat.timezone) || 'Uptime Kuma'})`;
	}
	return {
		alerts: [
			{
				event: EVENT,
				severity: state.severity,
				title: `${name || 'Monitor'}: ${state.label}`,
				message: asText(heartbeat.msg) || msg,
				source: name,
				status: state.status,
				// Kuma writes heartbeat times in UTC without a zone.
				time: toAlertTime(heartbeat.time, context.receivedAt, true),
				fields,
				shape: 'uptimeKuma',
				itemIndex: context.itemIndex,
			},
		],
	};
}
