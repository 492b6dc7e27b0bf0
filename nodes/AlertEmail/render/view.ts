/** What one alert looks like in words: the same facts feed the HTML, the text and the templates. */
import type { Alert, ThrottleReport } from '../model';
import { formatTime } from './formatTime';
import type { InlineImage } from './inlineImage';
import type { Labels } from './labels';
import { shownAlert } from './limits';

export interface RenderSettings {
	language: 'en' | 'zh';
	timeZone: string;
	workflowName: string;
}

export interface AlertView {
	alert: Alert;
	tag: string;
	statusLabel: string;
	timeText: string;
	suppressedText?: string;
	/** Label → plain value rows of the facts table, core facts first. */
	rows: Array<[string, string]>;
	/** Options › Inline Image, shown under the title. */
	image?: InlineImage;
}

export function severityTag(alert: Alert, labels: Labels): string {
	return alert.status === 'resolved' ? labels.resolved : labels.severity[alert.severity];
}

/** `alert` in the view is the alert as shown: cut to the limits of render/limits.ts. */
export function viewOf(received: Alert, report: ThrottleReport, labels: Labels, settings: RenderSettings, image?: InlineImage): AlertView {
	const alert = shownAlert(received, labels);
	const timeText = formatTime(alert.time, settings.timeZone);
	const statusLabel = alert.status === 'resolved' ? labels.resolved : labels.firing;
	const rows: Array<[string, string]> = [
		[labels.level, labels.severity[alert.severity]],
		[labels.status, statusLabel],
		[labels.event, alert.event],
		...(alert.source ? ([[labels.source, alert.source]] as Array<[string, string]>) : []),
		[labels.time, timeText],
		...Object.entries(alert.fields),
	];
	const suppressedText =
		report.suppressed > 0
			? labels.suppressed(
					report.suppressed,
					report.suppressedSince !== undefined ? formatTime(report.suppressedSince, settings.timeZone) : '?',
				)
			: undefined;
	return { alert, tag: severityTag(alert, labels), statusLabel, timeText, suppressedText, rows, ...(image ? { image } : {}) };
}
