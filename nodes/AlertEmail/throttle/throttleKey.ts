/** The throttle key of an alert: Options › Throttle Key filled in for it, `{event}|{source}` by default. */
import { createHash } from 'node:crypto';

import type { Alert } from '../model';
import { fillTemplate, placeholderValues } from '../render/placeholders';
import { wellFormed } from '../shared/text';

export const DEFAULT_THROTTLE_KEY = '{event}|{source}';

/** Keys are stored (static data, a shared store): a hostile event must not store a megabyte per key. */
export const MAX_THROTTLE_KEY_CHARS = 200;

/** The key as filled in; a longer one keeps its start and ends in a hash of the whole, so it stays unique. */
export function throttleKeyOf(alert: Alert, template: string): string {
	const filled = fillTemplate(template, placeholderValues(alert, {})).trim();
	const key = filled || fillTemplate(DEFAULT_THROTTLE_KEY, placeholderValues(alert, {}));
	if (key.length <= MAX_THROTTLE_KEY_CHARS) return key;
	const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
	return `${wellFormed(key.slice(0, MAX_THROTTLE_KEY_CHARS - 18))}…#${hash}`;
}
