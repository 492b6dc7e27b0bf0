/**
 * Custom templates: `{name}` placeholders for the alert's fields. Single braces, so they never
 * clash with n8n's `{{ }}` expressions in the same parameter. Unknown names stay as written (so
 * CSS and literal braces survive); `{fields.x}` is empty when the alert has no such field.
 */
import type { Alert } from '../model';

export type PlaceholderValues = Record<string, string>;

const PLACEHOLDER = /\{([A-Za-z][\w-]*(?:\.[^{}\s]+)?)\}/g;

export function placeholderValues(alert: Alert, extra: PlaceholderValues): PlaceholderValues {
	const values: PlaceholderValues = {
		event: alert.event,
		severity: alert.severity,
		status: alert.status,
		title: alert.title,
		message: alert.message,
		source: alert.source,
		...extra,
	};
	for (const [key, value] of Object.entries(alert.fields)) values[`fields.${key}`] = value;
	return values;
}

export function fillTemplate(template: string, values: PlaceholderValues, encode: (value: string) => string = (value) => value): string {
	return template.replace(PLACEHOLDER, (whole, name: string) => {
		// Own keys only: `{constructor}` or `{toString}` must stay as written, not reach Object.prototype.
		if (Object.hasOwn(values, name)) return encode(values[name]);
		if (name.startsWith('fields.')) return '';
		return whole;
	});
}
