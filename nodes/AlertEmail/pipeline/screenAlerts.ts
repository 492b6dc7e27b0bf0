/**
 * Filter, then sending interval: each alert either passes (to be emailed) or is skipped with a
 * reason. An item with no alert is skipped too, so every input is accounted for. The interval's
 * store and the clock come in; alerts are claimed one after another, in input order.
 */
import { checkAlert } from '../policy/filter';
import type { PassedAlert, SkippedEntry } from '../model';
import type { IntervalStore } from '../throttle/intervalStore';
import { throttleKeyOf } from '../throttle/throttleKey';
import type { ItemPlan } from './readItems';

export interface Screening {
	passed: PassedAlert[];
	skipped: SkippedEntry[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function screenAlerts(plans: readonly ItemPlan[], store: IntervalStore, now: number, intervalMs: number): Promise<Screening> {
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
			const decision = await store.claim(throttleKey, alert.status, now, intervalMs);
			if (decision.send) {
				passed.push({
					alert,
					envelope: plan.envelope,
					throttleKey,
					report: decision.report,
					templates: plan.templates,
					reservation: decision.reservation,
					...(decision.unchecked ? { intervalUnchecked: true as const } : {}),
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
