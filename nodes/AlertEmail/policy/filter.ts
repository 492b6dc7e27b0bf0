/** includeEvents / excludeEvents / minSeverity: which alerts may become email at all. */
import type { Alert, Severity } from '../model';
import { severityRank } from '../alert/severity';
import { cutToLength } from '../shared/text';

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

/**
 * `*` matches any run of characters, case-insensitive. A loop rather than a regular expression:
 * the event comes from the payload, and `^.*a.*b$` against a long hostile event backtracks for
 * minutes. This is O(event × pattern) at worst.
 */
export function patternMatches(pattern: string, event: string): boolean {
	const glob = pattern.toLowerCase();
	const text = event.toLowerCase();
	let g = 0;
	let t = 0;
	let star = -1;
	let resume = 0;
	while (t < text.length) {
		if (g < glob.length && glob[g] === '*') {
			star = g++;
			resume = t;
		} else if (g < glob.length && glob[g] === text[t]) {
			g++;
			t++;
		} else if (star >= 0) {
			g = star + 1;
			t = ++resume;
		} else {
			return false;
		}
	}
	while (glob[g] === '*') g++;
	return g === glob.length;
}

/** Events are quoted in Skipped details; a hostile one should not make the detail a megabyte. */
const quoted = (event: string) => `"${cutToLength(event, 200)}"`;

export function checkAlert(alert: Alert, rules: FilterRules): FilterVerdict {
	const include = parsePatterns(rules.includeEvents);
	if (include.length > 0 && !include.some((pattern) => patternMatches(pattern, alert.event))) {
		return { pass: false, detail: `Event ${quoted(alert.event)} matches none of Include Events (${include.join(', ')}).` };
	}
	const excluded = parsePatterns(rules.excludeEvents).find((pattern) => patternMatches(pattern, alert.event));
	if (excluded !== undefined) {
		return { pass: false, detail: `Event ${quoted(alert.event)} matches Exclude Events pattern "${excluded}".` };
	}
	if (severityRank(alert.severity) < severityRank(rules.minSeverity)) {
		return { pass: false, detail: `Severity ${alert.severity} is below Minimum Severity ${rules.minSeverity}.` };
	}
	return { pass: true };
}
