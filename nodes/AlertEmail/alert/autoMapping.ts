/**
 * `mapping: auto`: find the alert in an item without configuration. A payload under `body` (what
 * n8n's Webhook node outputs) is read the same as one at the top level.
 */
import type { MappingContext, MappingResult } from '../model';
import { isAlertmanagerPayload, mapAlertmanager } from './shapes/alertmanager';
import { mapFlat } from './shapes/flat';
import { isUptimeKumaPayload, mapUptimeKuma } from './shapes/uptimeKuma';
import { isRecord } from '../shared/json';
import type { Json } from '../shared/json';

/** Keys n8n's Webhook node puts beside `body`; an item with only these around `body` is a webhook call. */
const WEBHOOK_KEYS = new Set(['headers', 'params', 'query', 'body', 'webhookUrl', 'executionMode']);

export function payloadOf(json: Json): Json {
	if (!isRecord(json.body)) return json;
	const onlyWebhookKeys = Object.keys(json).every((key) => WEBHOOK_KEYS.has(key));
	return onlyWebhookKeys ? json.body : json;
}

export function mapAuto(json: Json, context: MappingContext): MappingResult {
	const payload = payloadOf(json);
	if (isAlertmanagerPayload(payload)) return mapAlertmanager(payload, context);
	if (isUptimeKumaPayload(payload)) return mapUptimeKuma(payload, context);
	return mapFlat(payload, context);
}
