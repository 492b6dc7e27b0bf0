/**
 * Subject, HTML and plain text for a mail group: the built-in layout, or the user's templates for
 * per-alert emails. Template placeholders are HTML-escaped in the HTML template, taken as they are
 * in the text template, and the subject is made one safe line whatever it contains.
 */
import type { Alert, PassedAlert } from '../model';
import { alertHtml, alertText } from './alertBody';
import { digestHtml, digestText } from './digestBody';
import { headerText } from '../shared/headerText';
import { escapeHtml, textSafe } from './escape';
import { labelsFor } from './labels';
import { fillTemplate, placeholderValues } from './placeholders';
import { alertSubject, digestSubject, digestSummary, subjectTag } from './subject';
import { inlineImageHtml, inlineImageOf } from './inlineImage';
import type { InlineImage } from './inlineImage';
import { viewOf } from './view';
import type { RenderSettings } from './view';

export interface MailSettings extends RenderSettings {
	/** Mark emails with a firing critical alert as high priority. */
	highPriority: boolean;
}

export interface RenderedMail {
	subject: string;
	html: string;
	text: string;
	priority: 'high' | 'normal';
}

/** A custom HTML template with `{image}` as the inline image's tag (empty without one); every other value escaped. */
function withImage(template: string, values: Record<string, string>, image: InlineImage | undefined): string {
	const token = `\u0000image${Math.random().toString(36).slice(2)}\u0000`;
	const filled = fillTemplate(template.split('{image}').join(token), values, escapeHtml);
	return filled.split(token).join(image ? inlineImageHtml(image) : '');
}

const urgent = (alerts: readonly Alert[], settings: MailSettings) =>
	settings.highPriority && alerts.some((alert) => alert.status === 'firing' && alert.severity === 'critical');

export function renderAlertMail(entry: PassedAlert, settings: MailSettings): RenderedMail {
	const labels = labelsFor(settings.language);
	const { envelope, report } = entry;
	const image = inlineImageOf(entry);
	const view = viewOf(entry.alert, report, labels, settings, image);
	// Templates see the alert as shown, within the same limits as the built-in layout.
	const { alert } = view;
	const footer = labels.footer(settings.workflowName);
	const values = placeholderValues(alert, {
		prefix: envelope.prefix,
		tag: subjectTag(alert, labels),
		time: view.timeText,
		suppressed: String(report.suppressed),
		workflow: settings.workflowName,
		// In text templates and subjects: the image's name; HTML templates get the image itself (withImage).
		image: image ? `[${image.fileName}]` : '',
	});
	const templates = entry.templates ?? {};
	// A subject template that comes out empty (say, only a {fields.x} the alert lacks) gets the built-in subject.
	const subject =
		(templates.subject && headerText(fillTemplate(templates.subject, values))) || alertSubject(alert, envelope.prefix, labels);
	return {
		subject,
		html: templates.html ? withImage(templates.html, values, image) : alertHtml(view, subject, footer),
		text: templates.text ? textSafe(fillTemplate(templates.text, values)) : alertText(view, footer),
		priority: urgent([alert], settings) ? 'high' : 'normal',
	};
}

export function renderDigestMail(entries: readonly PassedAlert[], prefix: string, settings: MailSettings): RenderedMail {
	const labels = labelsFor(settings.language);
	const alerts = entries.map((entry) => entry.alert);
	const views = entries.map((entry) => viewOf(entry.alert, entry.report, labels, settings, inlineImageOf(entry)));
	const summary = digestSummary(alerts, labels);
	const subject = digestSubject(alerts, prefix, labels);
	const footer = labels.footer(settings.workflowName);
	return {
		subject,
		html: digestHtml(views, labels, summary, subject, footer),
		text: digestText(views, labels, summary, footer),
		priority: urgent(alerts, settings) ? 'high' : 'normal',
	};
}
