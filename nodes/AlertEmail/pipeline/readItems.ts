/**
 * Reads every input item into a plan: its alerts (auto or manual mapping), who gets them, the
 * filter rules and the throttle key template, all evaluated for that item so expressions work.
 * An item whose settings are wrong (no or invalid recipient, an expression that fails for it)
 * becomes an input error, named by field, before anything is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { SenderDefaults } from '../smtp/connectionSettings';
import type { Alert, CustomTemplates, Envelope, MappingContext, Severity } from '../model';
import { mapAuto, payloadOf } from '../alert/autoMapping';
import { mapManual } from '../alert/manualMapping';
import { parseSeverity } from '../alert/severity';
import { parseStatus } from '../alert/status';
import { pick } from '../alert/values';
import { isBlank, trimmedText } from '../shared/json';
import { ConfigurationError } from '../shared/configurationError';
import type { SettingError } from '../shared/configurationError';
import { readCustomHeaders } from '../mail/customHeaders';
import type { FilterRules } from '../policy/filter';
import { FIELD_NAMES } from './fieldNames';
import type { MessageOptions, NodeSettings } from './nodeSettings';
import { DEFAULT_THROTTLE_KEY } from '../throttle/throttleKey';
import { readTemplates } from './nodeSettings';
import { ParameterReader } from './parameterReader';
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

/** One item's parameters, each read through the reader and named after its field when it fails. */
type ItemParameters = (name: string, fallback?: unknown) => unknown;

function itemParameters(read: ParameterReader, itemIndex: number): ItemParameters {
	return (name, fallback = '') => {
		try {
			return read.get(name, itemIndex, fallback as object);
		} catch (error) {
			// An n8n expression that fails for this item (e.g. `$json.error.stack` where there is no error).
			const reason = error instanceof Error ? error.message : String(error);
			throw new ConfigurationError(FIELD_NAMES[name] ?? name, `the expression failed for this item: ${reason}`);
		}
	};
}

function readAlerts(
	json: IDataObject,
	itemIndex: number,
	param: ItemParameters,
	options: MessageOptions,
	settings: NodeSettings,
	receivedAt: Date,
) {
	const context: MappingContext = { itemIndex, receivedAt, defaultSeverity: settings.defaultSeverity };
	if (settings.mapping === 'auto') return mapAuto(json, context);
	const status = parseStatus(trimmedText(options.alertStatus)) ?? parseStatus(pick(payloadOf(json), ['status', 'state']));
	const alert = mapManual(
		{
			eventType: param('eventType'),
			severity: param('severity'),
			title: param('title'),
			message: param('message'),
			source: param('source'),
			status: status ?? 'firing',
		},
		context,
		() => mapAuto(json, context).alerts[0],
	);
	return { alerts: [alert] };
}

function readEnvelope(param: ItemParameters, options: MessageOptions, sender: SenderDefaults): Envelope {
	const recipients = readRecipients(
		{ to: param('toEmail'), defaultTo: sender.toEmail, cc: options.cc, bcc: options.bcc, replyTo: options.replyTo },
		options.invalidRecipients === 'sendToValid' ? 'sendToValid' : 'refuse',
	);
	const { dropped, ...lists } = recipients;
	const headers = readCustomHeaders(options.customHeaders);
	return {
		...lists,
		prefix: trimmedText(param('subjectPrefix')) || sender.subjectPrefix,
		...(dropped.length > 0 ? { dropped } : {}),
		...(Object.keys(headers).length > 0 ? { headers } : {}),
	};
}

function readMinSeverity(value: unknown): Severity {
	if (isBlank(value)) return 'info';
	const severity = parseSeverity(value);
	if (!severity) {
		throw new ConfigurationError(
			FIELD_NAMES.minSeverity,
			`"${String(value)}" is not a severity. Use info, warning, error or critical (aliases such as warn or P2 work too).`,
		);
	}
	return severity;
}

function readPlan(
	json: IDataObject,
	itemIndex: number,
	param: ItemParameters,
	settings: NodeSettings,
	sender: SenderDefaults,
	receivedAt: Date,
): ItemPlan {
	const options = param('options', {}) as MessageOptions;
	const { alerts, none } = readAlerts(json, itemIndex, param, options, settings, receivedAt);
	if (alerts.length === 0) return { kind: 'empty', itemIndex, none: none ?? 'The item holds no alert.' };
	const rules: FilterRules = {
		includeEvents: trimmedText(param('includeEvents')),
		excludeEvents: trimmedText(param('excludeEvents')),
		minSeverity: readMinSeverity(param('minSeverity', 'info')),
	};
	const throttleKeyTemplate = trimmedText(options.throttleKey) || DEFAULT_THROTTLE_KEY;
	return {
		kind: 'alerts',
		itemIndex,
		alerts,
		envelope: readEnvelope(param, options, sender),
		rules,
		throttleKeyTemplate,
		templates: readTemplates(options),
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
	const read = new ParameterReader(ctx);
	ctx.getInputData().forEach((item, itemIndex) => {
		try {
			plans.push(readPlan(item.json, itemIndex, itemParameters(read, itemIndex), settings, sender, receivedAt));
		} catch (error) {
			if (!(error instanceof ConfigurationError)) throw error;
			errors.push({ itemIndex, field: error.field, message: error.message });
		}
	});
	return { plans, errors };
}
