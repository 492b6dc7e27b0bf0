/**
 * Filter, then sending interval: each alert either passes (to be emailed) or is skipped with a
 * reason. An item with no alert is skipped too, so every input is accounted for. Pure: the store
 * and the clock come in.
 */
import { createHash } from 'node:crypto';

import type { Alert } from '../model';
import { wellFormed } from '../shared/text';
import { checkAlert } from '../policy/filter';
import type { PassedAlert } from '../model';
import { decide } from '../policy/throttle';
import type { ThrottleStore } from '../policy/throttleStore';
import { fillTemplate, placeholderValues } from '../render/placeholders';
import type { ItemPlan } from './readItems';
import { DEFAULT_THROTTLE_KEY } from './nodeSettings';
import type { SkippedEntry } from '../model';

export interface Decisions {
	passed: PassedAlert[];
	skipped: SkippedEntry[];
}

/** Keys are stored in the workflow's static data: a hostile event must not store a megabyte per key. */
export const MAX_THROTTLE_KEY_CHARS = 200;

/** The key as filled in; a longer one keeps its start and ends in a hash of the whole, so it stays unique. */
export function throttleKeyOf(alert: Alert, template: string): string {
	const filled = fillTemplate(template, placeholderValues(alert, {})).trim();
	const key = filled || fillTemplate(DEFAULT_THROTTLE_KEY, placeholderValues(alert, {}));
	if (key.length <= MAX_THROTTLE_KEY_CHARS) return key;
	const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
	return `${wellFormed(key.slice(0, MAX_THROTTLE_KEY_CHARS - 18))}…#${hash}`;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function decideAlerts(plans: readonly ItemPlan[], store: ThrottleStore, now: number, intervalMs: number): Decisions {
	const passed: PassedAlert[] = [];
	const skipped: SkippedEntry[] = [];
	for (const plan of plans) {
		if (plan.kind === 'empty') {
			skipped.push({ itemIndex: plan.itemIndex, reason: 'noAlerts', detail: plan.none });
			continue;
		}
		for (const alert of plan.alerts) {
			const verdict = checkAlert(alert, plan.rules);
			if (!verdict.pass) {
				skipped.push({ itemIndex: plan.itemIndex, reason: 'filtered', detail: verdict.detail, alert });
				continue;
			}
			const throttleKey = throttleKeyOf(alert, plan.throttleKeyTemplate);
			const decision = decide(store, throttleKey, alert.status, now, intervalMs);
			if (decision.send) {
				passed.push({
					alert,
					envelope: plan.envelope,
					throttleKey,
					report: decision.report,
					templates: plan.templates,
					reservation: decision.reservation,
				});
				continue;
			}
			const minutes = intervalMs / 60_000;
			skipped.push({
				itemIndex: plan.itemIndex,
				reason: 'throttled',
				detail:
					`An email for "${throttleKey}" went out at ${iso(decision.lastSentAt)}; the next is allowed from ` +
					`${iso(decision.nextAllowedAt)} (Send Interval ${minutes} min). Repeats suppressed so far: ${decision.suppressed}.`,
				alert,
				throttle: {
					key: throttleKey,
					lastSentAt: iso(decision.lastSentAt),
					nextAllowedAt: iso(decision.nextAllowedAt),
					suppressed: decision.suppressed,
					suppressedSince: iso(decision.suppressedSince),
				},
			});
		}
	}
	return { passed, skipped };
}
