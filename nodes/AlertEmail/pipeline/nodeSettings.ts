/**
 * The node's own settings, read once per execution at item 0 (per-item values — recipients,
 * prefix, filters, mapping expressions — are read per item in readItems.ts).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { CustomTemplates, Grouping, Severity } from '../model';
import { isSeverity } from '../alert/severity';
import { ConfigurationError } from '../shared/configurationError';
import { isBlank, stringOrEmpty } from '../shared/json';
import { checkTimeZone } from '../render/formatTime';
import type { SharedStateChoice } from '../sharedState/queueRedis';
import type { DeliveryOptions } from '../smtp/readDeliveryOptions';
import { readAttachmentSettings } from './attachmentSettings';
import type { AttachmentSettings } from './attachmentSettings';

/** The node's `options` collection entries this pipeline reads (description/messageOptions.ts). */
export interface MessageOptions {
	alertStatus?: string;
	bcc?: string;
	cc?: string;
	customHeaders?: { header?: Array<{ name?: string; value?: unknown }> };
	defaultSeverity?: string;
	dryRun?: boolean;
	highPriority?: boolean;
	htmlTemplate?: string;
	invalidRecipients?: string;
	replyTo?: string;
	subjectTemplate?: string;
	textTemplate?: string;
	threadRepeats?: boolean;
	attachments?: string;
	inlineImage?: string;
	attachmentMaxSize?: number;
	attachmentProblems?: string;
	throttleKey?: string;
	timeZone?: string;
}

/** Everything in the node's `options` collection: message options here, delivery options (smtp/readDeliveryOptions.ts). */
export type NodeOptions = MessageOptions & DeliveryOptions;

export interface NodeSettings {
	/** Options › Attachments, Inline Image, Attachment Size Limit, Attachment Problems. */
	attachments: AttachmentSettings;
	/** Checked when the execution has something to send, so a wrong one only marks those inputs. */
	delivery: DeliveryOptions;
	mapping: 'auto' | 'manual';
	grouping: Grouping;
	language: 'en' | 'zh';
	sendIntervalMs: number;
	/** Group Window (digest only): 0 sends each execution's digest at once. */
	groupWindowMs: number;
	/** Where the interval, group windows and breaker live. */
	sharedState: SharedStateChoice;
	defaultSeverity: Severity;
	timeZone: string;
	dryRun: boolean;
	highPriority: boolean;
	threadRepeats: boolean;
	workflowName: string;
}

export function readOptions(ctx: IExecuteFunctions, itemIndex: number): NodeOptions {
	return ctx.getNodeParameter('options', itemIndex, {}) as NodeOptions;
}

/** Templates are read per item, so n8n expressions in them see that item. */
export function readTemplates(options: MessageOptions): CustomTemplates {
	return {
		...(stringOrEmpty(options.subjectTemplate) ? { subject: stringOrEmpty(options.subjectTemplate) } : {}),
		...(stringOrEmpty(options.htmlTemplate) ? { html: stringOrEmpty(options.htmlTemplate) } : {}),
		...(stringOrEmpty(options.textTemplate) ? { text: stringOrEmpty(options.textTemplate) } : {}),
	};
}

const SHARED_STATE_CHOICES: readonly SharedStateChoice[] = ['auto', 'redis', 'instance'];

function sharedStateChoice(value: unknown): SharedStateChoice {
	if (isBlank(value)) return 'auto';
	if ((SHARED_STATE_CHOICES as readonly unknown[]).includes(value)) return value as SharedStateChoice;
	throw new ConfigurationError('Shared State', `"${String(value)}" is not one of ${SHARED_STATE_CHOICES.join(', ')}.`);
}

export const MAX_GROUP_WINDOW_SECONDS = 900;

/** A year: beyond it an interval is a typo, and far beyond it the dates it computes do not exist. */
export const MAX_SEND_INTERVAL_MINUTES = 525_600;

/** A duration parameter (decimals allowed; empty is 0) → milliseconds, or an error naming it and its range. */
function durationMs(
	value: unknown,
	field: string,
	unit: { name: string; ms: number; max: number; maxNote?: string },
	zeroMeans: string,
): number {
	if (isBlank(value)) return 0;
	const amount = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN;
	if (!Number.isFinite(amount) || amount < 0 || amount > unit.max) {
		throw new ConfigurationError(
			field,
			`${JSON.stringify(value) ?? String(value)} is not a number of ${unit.name} from 0 to ${unit.max}${unit.maxNote ?? ''}. Use 0 to ${zeroMeans}.`,
		);
	}
	return amount * unit.ms;
}

/** Group Window in seconds → milliseconds. */
export const groupWindowMs = (value: unknown): number =>
	durationMs(value, 'Group Window', { name: 'seconds', ms: 1000, max: MAX_GROUP_WINDOW_SECONDS }, "send each execution's digest at once");

/** Send Interval in minutes → milliseconds. */
export const sendIntervalMs = (value: unknown): number =>
	durationMs(
		value,
		'Send Interval',
		{ name: 'minutes', ms: 60_000, max: MAX_SEND_INTERVAL_MINUTES, maxNote: ' (a year)' },
		'send every alert',
	);

export function readNodeSettings(ctx: IExecuteFunctions): NodeSettings {
	const options = readOptions(ctx, 0);
	const zone = stringOrEmpty(options.timeZone).trim();
	const grouping: Grouping = ctx.getNodeParameter('grouping', 0, 'perAlert') === 'digest' ? 'digest' : 'perAlert';
	const { maxConnections, connectionTimeout, socketTimeout, maxRetries, retryDelay, rateLimit, keepAlive } = options;
	return {
		attachments: readAttachmentSettings(options),
		delivery: { maxConnections, connectionTimeout, socketTimeout, maxRetries, retryDelay, rateLimit, keepAlive },
		mapping: ctx.getNodeParameter('mapping', 0, 'auto') === 'manual' ? 'manual' : 'auto',
		grouping,
		sharedState: sharedStateChoice(ctx.getNodeParameter('sharedState', 0, 'auto')),
		language: ctx.getNodeParameter('language', 0, 'en') === 'zh' ? 'zh' : 'en',
		sendIntervalMs: sendIntervalMs(ctx.getNodeParameter('sendInterval', 0, 0)),
		groupWindowMs: grouping === 'digest' ? groupWindowMs(ctx.getNodeParameter('groupWindow', 0, 0)) : 0,
		defaultSeverity: isSeverity(options.defaultSeverity) ? options.defaultSeverity : 'warning',
		timeZone: zone ? checkTimeZone(zone, 'Options › Time Zone') : checkTimeZone(ctx.getTimezone() || 'UTC', 'workflow time zone'),
		dryRun: options.dryRun === true,
		highPriority: options.highPriority !== false,
		threadRepeats: options.threadRepeats !== false,
		workflowName: ctx.getWorkflow().name ?? '',
	};
}
