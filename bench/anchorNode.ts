/**
 * Nodes of n8n-nodes-base, loaded from the anchor's install in bench/anchor, not from our
 * dependencies: Send Email (v2), the anchor, and No Operation, which does nothing and so shows what
 * n8n's engine costs an execution by itself.
 */
import path from 'node:path';

import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

import { registerNodeType } from '../test/helpers/engine';
import { REPO_ROOT } from './paths';

export const ANCHOR_ROOT = path.join(REPO_ROOT, 'bench/anchor/node_modules');

/** The anchor node as runAlertWorkflow takes it. */
export const anchorNode = { type: 'n8n-nodes-base.emailSend', typeVersion: 2, credentialType: 'smtp' };
/** No Operation, as runAlertWorkflow takes it (it asks for no credential; the harness's is unused). */
export const noOpNode = { type: 'n8n-nodes-base.noOp', typeVersion: 1, credentialType: 'none' };

const registered = new Set<string>();

function register(type: string, file: string, className: string): void {
	if (registered.has(type)) return;
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded from the anchor's own install, outside our dependencies
	const exported = require(path.join(ANCHOR_ROOT, 'n8n-nodes-base/dist/nodes', file)) as Record<
		string,
		new () => INodeType | IVersionedNodeType
	>;
	registerNodeType(type, new exported[className]());
	registered.add(type);
}

/** Registers Send Email with the engine harness, once per process. */
export const registerAnchor = () => register(anchorNode.type, 'EmailSend/EmailSend.node.js', 'EmailSend');
/** Registers No Operation with the engine harness, once per process. */
export const registerNoOp = () => register(noOpNode.type, 'NoOp/NoOp.node.js', 'NoOp');
