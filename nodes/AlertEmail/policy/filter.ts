/** includeEvents / excludeEvents / minSeverity: which alerts may become email at all. */
import type { Alert, Severity } from '../alert/alert';
import { severityRank } from '../alert/severity';

export interface FilterRules {
	includeEvents: string;
	excludeEvents: string;
	minSeverity: Severity;
}

export type FilterVerdict = { pass: true } | { pass: false; detail: string };

/** Comma-separated (also ; ， ； and new lines), `*` matches any run of characters, case-insensitive. */
export function parsePatterns(list: string): string[] {
	return list
		.split(/[,;，；\n]/)
		.map((pattern) => pattern.trim())
		.filter(Boolean);
}

const compiled = new Map<string, RegExp>();

export function patternMatches(pattern: string, event: string): boolean {
	let regex = compiled.get(pattern);
	if (!regex) {
		const body = pattern
			.split('*')
			.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
			.join('.*');
		regex = new RegExp(`^${body}$`, 'i');
		if (compiled.size < 1000) compiled.set(pattern, regex);
	}
	return regex.test(event);
}

export function checkAlert(alert: Alert, rules: FilterRules): FilterVerdict {
	const include = parsePatterns(rules.includeEvents);
	if (include.length > 0 && !include.some((pattern) => patternMatches(pattern, alert.event))) {
		return { pass: false, detail: `Event "${alert.event}" matches none of Include Events (${include.join(', ')}).` };
	}
	const excluded = parsePatterns(rules.excludeEvents).find((pattern) => patternMatches(pattern, alert.event));
	if (excluded !== undefined) {
		return { pass: false, detail: `Event "${alert.event}" matches Exclude Events pattern "${excluded}".` };
	}
	if (severityRank(alert.severity) < severityRank(rules.minSeverity)) {
		return { pass: false, detail: `Severity ${alert.severity} is below Minimum Severity ${rules.minSeverity}.` };
	}
	return { pass: true };
}
