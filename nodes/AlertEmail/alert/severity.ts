import { SEVERITIES } from '../model';
import type { Severity } from '../model';

/**
 * Words monitoring tools and people use for severity. P0–P5 follow incident practice (P1 is the
 * worst); Zabbix's scale is information < warning < average < high < disaster.
 */
const ALIASES: Record<Severity, string[]> = {
	info: [
		'info',
		'information',
		'informational',
		'notice',
		'debug',
		'low',
		'ok',
		'none',
		'p4',
		'p5',
		'sev4',
		'sev5',
		'提示',
		'信息',
		'通知',
		'一般',
		'低',
	],
	warning: ['warning', 'warn', 'medium', 'moderate', 'minor', 'average', 'p3', 'sev3', '警告', '告警', '中'],
	error: ['error', 'err', 'high', 'major', 'severe', 'p2', 'sev2', '错误', '重要', '高'],
	critical: [
		'critical',
		'crit',
		'fatal',
		'emergency',
		'emerg',
		'alert',
		'disaster',
		'page',
		'blocker',
		'p0',
		'p1',
		'sev0',
		'sev1',
		'严重',
		'紧急',
		'致命',
		'灾难',
	],
};

const BY_ALIAS = new Map<string, Severity>(
	SEVERITIES.flatMap((severity) => ALIASES[severity].map((alias) => [alias, severity] as [string, Severity])),
);

/** The severity a value names, or undefined when it names none (empty, unknown word, object). */
export function parseSeverity(value: unknown): Severity | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	return BY_ALIAS.get(String(value).trim().toLowerCase());
}

export function normaliseSeverity(value: unknown, fallback: Severity): Severity {
	return parseSeverity(value) ?? fallback;
}

export function severityRank(severity: Severity): number {
	return SEVERITIES.indexOf(severity);
}

export function isSeverity(value: unknown): value is Severity {
	return (SEVERITIES as readonly unknown[]).includes(value);
}
