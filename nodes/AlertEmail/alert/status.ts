import type { AlertStatus } from '../model';

/** Words that say a problem is over; anything else (firing, down, alerting, problem …) is firing. */
const RESOLVED = new Set([
	'resolved',
	'ok',
	'recovered',
	'recovery',
	'up',
	'closed',
	'cleared',
	'normal',
	'solved',
	'恢复',
	'已恢复',
	'已解决',
]);

export function parseStatus(value: unknown): AlertStatus | undefined {
	if (typeof value !== 'string') return undefined;
	const word = value.trim().toLowerCase();
	if (!word) return undefined;
	return RESOLVED.has(word) ? 'resolved' : 'firing';
}
