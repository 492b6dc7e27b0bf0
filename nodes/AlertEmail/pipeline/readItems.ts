/**
 * Reads every input item into a plan: its alerts (auto or manual mapping), who gets them, the
 * filter rules and the throttle key template, all evaluated for that item so expressions work.
 * An item whose settings are wrong (no or invalid recipient) becomes an input error, named by
 * field, before anything is sent.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { SenderDefaults } from '../smtp/connectionSettings';
import type { Alert, MappingContext } from '../alert/alert';
import { mapAuto, payloadOf } from '../alert/autoMapping';
import { mapManual } from '../alert/manualMapping';
import { isSeverity } from '../alert/severity';
import { parseStatus } from '../alert/status';
import { pick } from '../alert/values';
import { ConfigurationError } from '../configurationError';
import type { SettingError } from '../configurationError';
import { readCustomHeaders } from '../mail/customHeaders';
import type { FilterRules } from '../policy/filter';
import type { Envelope } from '../policy/grouping';
import type { CustomTemplates } from '../render/renderMail';
import type { MessageOptions, NodeSettings } from './nodeSettings';
import { DEFAULT_THROTTLE_KEY, readOptions, readTemplates } from './nodeSettings';
import { readRecipients } from './recipients';

export type ItemPlan =
	| {
			kind: 'alerts';
			itemIndex: number;
			alerts: Alert[];
			envelope: Envelope;
			rules: FilterRules;
			throttleKeyTemplate: string;
			templates: CustomTemplates;
	  }
	/** The item holds no alert; `none` says why. */
	| { kind: 'empty'; itemIndex: number; none: string };

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim());

function readAlerts(ctx: IExecuteFunctions, itemIndex: number, options: MessageOptions, settings: NodeSettings, receivedAt: Date) {
	const json = ctx.getInputData()[itemIndex].json;
	const context: MappingContext = { itemIndex, receivedAt, defaultSeverity: settings.defaultSeverity };
	if (settings.mapping === 'auto') return mapAuto(json, context);
	const param = (name: string) => ctx.getNodeParameter(name, itemIndex, '');
	const status = parseStatus(text(options.alertStatus)) ?? parseStatus(pick(payloadOf(json), ['status', 'state']));
	const alert = mapManual(
		{ eventType: param('eventType'), severity: param('severity'), title: param('title'), message: param('message'), source: param('source'), status: status ?? 'firing' },
		context,
	);
	return { alerts: [alert] };
}

function readEnvelope(ctx: IExecuteFunctions, itemIndex: number, options: MessageOptions, sender: SenderDefaults): Envelope {
	const recipients = readRecipients(
		{ to: ctx.getNodeParameter('toEmail', itemIndex, ''), defaultTo: sender.toEmail, cc: options.cc, bcc: options.bcc, replyTo: options.replyTo },
		options.invalidRecipients === 'sendToValid' ? 'sendToValid' : 'refuse',
	);
	const { dropped, ...lists } = recipients;
	const headers = readCustomHeaders(options.customHeaders);
	return {
		...lists,
		prefix: text(ctx.getNodeParameter('subjectPrefix', itemIndex, '')) || sender.subjectPrefix,
		...(dropped.length > 0 ? { dropped } : {}),
		...(Object.keys(headers).length > 0 ? { headers } : {}),
	};
}

export function readItems(
	ctx: IExecuteFunctions,
	settings: NodeSettings,
	sender: SenderDefaults,
	receivedAt: Date,
): { plans: ItemPlan[]; errors: SettingError[] } {
	const plans: ItemPlan[] = [];
	const errors: SettingError[] = [];
	ctx.getInputData().forEach((_item, itemIndex) => {
		const options = readOptions(ctx, itemIndex);
		const { alerts, none } = readAlerts(ctx, itemIndex, options, settings, receivedAt);
		if (alerts.length === 0) {
			plans.push({ kind: 'empty', itemIndex, none: none ?? 'The item holds no alert.' });
			return;
		}
		const minSeverity = ctx.getNodeParameter('minSeverity', itemIndex, 'info');
		const rules: FilterRules = {
			includeEvents: text(ctx.getNodeParameter('includeEvents', itemIndex, '')),
			excludeEvents: text(ctx.getNodeParameter('excludeEvents', itemIndex, '')),
			minSeverity: isSeverity(minSeverity) ? minSeverity : 'info',
		};
		const throttleKeyTemplate = text(options.throttleKey) || DEFAULT_THROTTLE_KEY;
		const templates = readTemplates(options);
		try {
			plans.push({ kind: 'alerts', itemIndex, alerts, envelope: readEnvelope(ctx, itemIndex, options, sender), rules, throttleKeyTemplate, templates });
		} catch (error) {
			if (!(error instanceof ConfigurationError)) throw error;
			errors.push({ itemIndex, field: error.field, message: error.message });
		}
	});
	return { plans, errors };
}
