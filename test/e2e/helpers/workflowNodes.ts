// The nodes the e2e workflows are built of, in the form n8n's REST API takes: a Webhook trigger and
// the Alert Email node. One place for their type versions and wiring, so a test states only what it
// is about (path, response mode, parameters).
import { randomUUID } from 'node:crypto';

import { CREDENTIAL_TYPE, NODE_TYPE } from '../../../scripts/lib/stack.cjs';

type Json = Record<string, unknown>;
type CredentialRef = { id: string; name: string };

export const ALERT_NODE = 'Alert Email';
export const WEBHOOK_NODE = 'Webhook';

/**
 * n8n's Webhook node (v2.1) on POST `path`. Respond Immediately by default: the caller does not
 * wait for the execution (a worker's, in queue mode).
 */
export function webhookNode(path: string, response: { responseMode?: string; responseData?: string } = {}): Json {
	return {
		id: randomUUID(),
		name: WEBHOOK_NODE,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', ...response, options: {} },
	};
}

/** The Alert Email node with its SMTP Alert credential (and a Redis credential for shared state). */
export function alertEmailNode(
	credential: CredentialRef,
	parameters: Json,
	{ position = [260, 0], redis, onError }: { position?: [number, number]; redis?: CredentialRef; onError?: string } = {},
): Json {
	return {
		id: randomUUID(),
		name: ALERT_NODE,
		type: NODE_TYPE,
		typeVersion: 1,
		position,
		...(onError ? { onError } : {}),
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name }, ...(redis ? { redis } : {}) },
		parameters,
	};
}

/** n8n's Code node (v2, JavaScript, run once for all items). */
export function codeNode(name: string, jsCode: string, position: [number, number] = [240, 0]): Json {
	return { id: randomUUID(), name, type: 'n8n-nodes-base.code', typeVersion: 2, position, parameters: { jsCode } };
}
