import { SEVERITIES } from './alert';
import type { Severity } from './alert';

const ALIASES: Record<string, Severity> = {
	info: 'info',
	information: 'info',
	notice: 'info',
	low: 'info',
	ok: 'info',
	warning: 'warning',
	warn: 'warning',
	medium: 'warning',
	error: 'error',
	err: 'error',
	high: 'error',
	critical: 'critical',
	crit: 'critical',
	fatal: 'critical',
	emergency: 'critical',
};

export function normaliseSeverity(value: unknown, fallback: Severity): Severity {
	if (typeof value !== 'string' && typeof value !== 'number') return fallback;
	const key = String(value).trim().toLowerCase();
	return ALIASES[key] ?? fallback;
}

export function severityRank(severity: Severity): number {
	return SEVERITIES.indexOf(severity);
}
