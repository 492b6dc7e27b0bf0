// Workflows a new user builds first, shared by the REST suite (workflows.test.ts) and the editor
// suite (browser.test.ts): a Webhook → Alert Email with Manual mapping whose five fields are left
// at their defaults, and a dry run from a manual trigger. Plus the run data of a node as n8n stores
// it (json and binary), which nodeOutputs() does not return.
import type { Execution, WorkflowBody } from '../../../scripts/lib/n8n-rest.cjs';
import { ALERT_NODE, WEBHOOK_NODE, alertEmailNode, webhookNode } from './workflowNodes';

type Json = Record<string, unknown>;

export { ALERT_NODE, WEBHOOK_NODE };
export const MANUAL_TRIGGER_NODE = 'When clicking ‘Execute workflow’';

/** The five Manual mapping fields; the workflows below never set them (their defaults are empty). */
export const MANUAL_FIELDS = ['eventType', 'severity', 'title', 'message', 'source'] as const;

/** What a monitoring script POSTs: a flat alert, which n8n's Webhook puts under `body`. */
export const firstAlert = {
	event: 'backup.failed',
	severity: 'critical',
	title: 'Nightly backup of orders-db failed',
	message: 'pg_dump exited with code 1: no space left on device (/var/backups 100% full)',
	source: 'backup-runner-3',
};

/** The item n8n's Webhook node (v2) makes of that POST: headers, params, query and the JSON body. */
export function webhookItem(body: Json): Json {
	return {
		headers: { host: 'n8n.example.com', 'user-agent': 'curl/8.5.0', 'content-type': 'application/json' },
		params: {},
		query: {},
		body,
		webhookUrl: 'http://n8n.example.com/webhook/first-alert',
		executionMode: 'production',
	};
}

/**
 * Webhook (POST `path`) → Alert Email with `mapping: 'manual'` and nothing else about the alert:
 * Event Type, Severity, Title, Message and Source stay at their defaults. `sample` pins a Webhook
 * item, as a user does to build the workflow before the first real alert.
 */
export function manualMappingWebhookWorkflow(
	credential: { id: string; name: string },
	{ name, path, toEmail, sample }: { name: string; path: string; toEmail: string; sample?: Json },
): WorkflowBody {
	return {
		name,
		nodes: [webhookNode(path), alertEmailNode(credential, { toEmail, subjectPrefix: '[first use]', mapping: 'manual', sendInterval: 0 })],
		connections: { [WEBHOOK_NODE]: { main: [[{ node: ALERT_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		...(sample ? { pinData: { [WEBHOOK_NODE]: [{ json: sample }] } } : {}),
	};
}

/** Manual trigger (with `alert` pinned) → Alert Email, Options › Dry Run on: nothing is sent. */
export function dryRunWorkflow(credential: { id: string; name: string }, { name, alert }: { name: string; alert: Json }): WorkflowBody {
	return {
		name,
		nodes: [
			{
				id: 'f1a5e0a1-0000-4000-8000-000000000003',
				name: MANUAL_TRIGGER_NODE,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			alertEmailNode(credential, {
				toEmail: 'oncall@example.com',
				subjectPrefix: '[dry run]',
				mapping: 'auto',
				sendInterval: 0,
				options: { dryRun: true },
			}),
		],
		connections: { [MANUAL_TRIGGER_NODE]: { main: [[{ node: ALERT_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: { [MANUAL_TRIGGER_NODE]: [{ json: alert }] },
	};
}

export interface BinaryEntry {
	mimeType: string;
	fileName?: string;
	fileExtension?: string;
	fileSize?: string;
	/** Set when n8n keeps the bytes outside the execution (filesystem/database mode). */
	id?: string;
	/** Base64, when n8n keeps the bytes in the execution itself. */
	data?: string;
}

export interface RunItem {
	json: Json;
	binary?: Record<string, BinaryEntry>;
}

/** Output items of `nodeName` (json and binary), per output index; null when the node did not run. */
export function nodeItems(execution: Execution, nodeName: string): RunItem[][] | null {
	const runs = execution.data?.resultData?.runData?.[nodeName] as Array<{ data?: { main?: Array<RunItem[] | null> } }> | undefined;
	if (!runs || runs.length === 0) return null;
	return (runs[runs.length - 1].data?.main ?? []).map((items) => items ?? []);
}
