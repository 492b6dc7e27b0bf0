// @ts-check
'use strict';
// The whole local setup in one call, shared by `npm run dev` and the e2e tests:
// cached n8n runtime → local mailbox → this package installed as a community package → n8n
// started → (optionally) owner login, a ready mailbox credential and the example workflows.

const fs = require('node:fs');
const path = require('node:path');
const { ensureRuntime } = require('./n8n-runtime.cjs');
const { startMailbox } = require('./mailbox.cjs');
const { buildAndPack, installCommunityPackage, REPO_DIR } = require('./community-install.cjs');
const { startN8n, freePort } = require('./n8n-process.cjs');
const { N8nRest } = require('./n8n-rest.cjs');

/**
 * @typedef {Record<string, unknown>} Json
 * @typedef {import('./n8n-runtime.cjs').Log} Log
 * @typedef {import('./n8n-runtime.cjs').RuntimePaths} RuntimePaths
 * @typedef {import('./mailbox.cjs').Mailbox} Mailbox
 * @typedef {import('./n8n-process.cjs').RunningN8n} RunningN8n
 * @typedef {import('./n8n-rest.cjs').CredentialRef} CredentialRef
 * @typedef {{ email: string, password: string, firstName: string, lastName: string }} Owner
 * @typedef {{ file: string, name: string, active?: boolean, nodes: Json[], connections: Json, settings?: Json, pinData?: Json }} ExampleWorkflow
 * @typedef {{ file: string, id: string, name: string, active: boolean, created: boolean }} ImportedExample
 */

/**
 * Everything startStack started; `credential` and `workflows` only with `bootstrap`.
 * @typedef {object} Stack
 * @property {RuntimePaths} paths
 * @property {RunningN8n} n8n
 * @property {Mailbox} mailbox
 * @property {N8nRest} rest
 * @property {Owner} owner
 * @property {string} tarball
 * @property {CredentialRef} [credential]
 * @property {ImportedExample[]} [workflows]
 * @property {() => Promise<void>} stop  stops n8n, then the mailbox
 */

const CREDENTIAL_TYPE = /** @type {const} */ ('smtpAlertApi');
const NODE_TYPE = /** @type {const} */ ('n8n-nodes-alert-email.alertEmail');
const MAILBOX_CREDENTIAL_NAME = 'SMTP Alert (local mailbox)';
// Only ever used on 127.0.0.1. n8n requires 8+ characters with a number and a capital letter.
/** @type {Owner} */
const DEV_OWNER = { email: 'owner@alert-email.local', password: 'AlertEmail-dev-1', firstName: 'Alert', lastName: 'Owner' };
const EXAMPLES_DIR = path.join(REPO_DIR, 'examples');

/**
 * Credential data that points the node at the local mailbox (plain SMTP with AUTH on loopback).
 * @param {Pick<Mailbox, 'host' | 'smtpPort' | 'user' | 'code'>} mailbox
 * @param {Json} [overrides]
 * @returns {Json}
 */
function mailboxCredentialData(mailbox, overrides = {}) {
	return {
		provider: 'custom',
		host: mailbox.host,
		port: mailbox.smtpPort,
		security: 'none',
		user: mailbox.user,
		password: mailbox.code,
		fromEmail: mailbox.user,
		fromName: 'n8n alerts',
		toEmail: 'oncall@example.com',
		subjectPrefix: '[n8n]',
		allowUnauthorizedCerts: false,
		proxyType: 'none',
		sendTestEmail: false,
		...overrides,
	};
}

/**
 * The example workflow files, parsed.
 * @param {string} [dir]
 * @returns {ExampleWorkflow[]}
 */
function loadExamples(dir = EXAMPLES_DIR) {
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, ...JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

/**
 * Points every smtpAlertApi credential reference of a workflow at `credential`.
 * @param {Json[]} nodes
 * @param {{ id: string, name: string }} credential
 * @returns {Json[]}
 */
function withCredential(nodes, credential) {
	return nodes.map((node) => {
		const credentials = /** @type {Record<string, unknown> | undefined} */ (node.credentials);
		return credentials?.[CREDENTIAL_TYPE]
			? { ...node, credentials: { ...credentials, [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } } }
			: node;
	});
}

/**
 * Creates (or updates, e.g. after a mailbox port change) the local-mailbox credential.
 * @param {N8nRest} rest
 * @param {Mailbox} mailbox
 * @returns {Promise<CredentialRef>}
 */
async function ensureMailboxCredential(rest, mailbox) {
	const payload = { name: MAILBOX_CREDENTIAL_NAME, type: CREDENTIAL_TYPE, data: mailboxCredentialData(mailbox) };
	const existing = (await rest.listCredentials()).find((c) => c.name === MAILBOX_CREDENTIAL_NAME && c.type === CREDENTIAL_TYPE);
	if (existing) {
		await rest.updateCredential(existing.id, payload);
		return { ...existing, ...(await rest.getCredential(existing.id)) };
	}
	return rest.createCredential(payload);
}

/**
 * Imports each example whose name is not there yet; publishes the ones marked `active` (webhooks).
 * @param {N8nRest} rest
 * @param {CredentialRef} credential
 * @param {{ log?: Log }} [options]
 * @returns {Promise<ImportedExample[]>}
 */
async function importExamples(rest, credential, { log = console.log } = {}) {
	const existing = await rest.listWorkflows();
	/** @type {ImportedExample[]} */
	const results = [];
	for (const example of loadExamples()) {
		const found = existing.find((w) => w.name === example.name);
		if (found) {
			results.push({ file: example.file, id: found.id, name: found.name, active: found.active, created: false });
			continue;
		}
		const created = await rest.createWorkflow({
			name: example.name,
			nodes: withCredential(example.nodes, credential),
			connections: example.connections,
			settings: example.settings,
			// Sample payloads pinned on the trigger, so "Execute workflow" works before any real alert.
			pinData: example.pinData,
		});
		if (example.active) await rest.activateWorkflow(created.id, created.versionId);
		results.push({ file: example.file, id: created.id, name: created.name, active: Boolean(example.active), created: true });
		log(`[n8n] imported ${example.file}${example.active ? ' (published)' : ''}`);
	}
	return results;
}

/**
 * What `bootstrap` does, for both stacks: sign in as the owner (created on first start), create the
 * mailbox credential and import the examples.
 * @param {N8nRest} rest
 * @param {Mailbox} mailbox
 * @param {Owner} owner
 * @param {Log} log
 * @returns {Promise<{ credential: CredentialRef, workflows: ImportedExample[] }>}
 */
async function bootstrapN8n(rest, mailbox, owner, log) {
	await rest.ensureOwner(owner);
	const credential = await ensureMailboxCredential(rest, mailbox);
	return { credential, workflows: await importExamples(rest, credential, { log }) };
}

/**
 * Starts everything. Options:
 * - userFolder: n8n's user folder; `fresh` empties it first.
 * - port (n8n; 0 = a free one), smtpPort / webPort (mailbox; 0 = free ones).
 * - tarball: an already packed tarball; otherwise the package is built and packed.
 * - bootstrap: also sign in as the owner (created on first start), create the mailbox credential
 *   and import the examples.
 * - n8n: which n8n line, 2 (n8n 2.x, the default) or 1 (n8n 1.x LTS); see n8n-runtime.cjs.
 * @param {{ userFolder: string, fresh?: boolean, port?: number, smtpPort?: number, webPort?: number,
 *   tarball?: string, bootstrap?: boolean, owner?: Owner, log?: Log, n8n?: string | number }} options
 * @returns {Promise<Stack>}
 */
async function startStack({
	userFolder,
	fresh = false,
	port = 0,
	smtpPort = 0,
	webPort = 0,
	tarball,
	bootstrap = false,
	owner = DEV_OWNER,
	log = console.log,
	n8n: line,
}) {
	/** @type {Array<() => Promise<void>>} */
	const cleanups = [];
	const stop = async () => {
		for (const cleanup of cleanups.reverse()) {
			await cleanup().catch((error) => log(`[stack] cleanup failed: ${error instanceof Error ? error.message : error}`));
		}
		cleanups.length = 0;
	};
	try {
		const paths = await ensureRuntime({ log, n8n: line });
		if (fresh) fs.rmSync(userFolder, { recursive: true, force: true });
		fs.mkdirSync(userFolder, { recursive: true });
		tarball = tarball ?? (await buildAndPack({ outDir: path.join(userFolder, 'packed'), log }));
		await installCommunityPackage({ tarball, userFolder, paths, log });

		const mailbox = await startMailbox({ smtpPort, webPort });
		cleanups.push(() => mailbox.close());
		log(`[mailbox] SMTP 127.0.0.1:${mailbox.smtpPort}, web ${mailbox.webUrl}`);

		const n8n = await startN8n({ paths, userFolder, port: port || (await freePort()), log });
		cleanups.push(() => n8n.stop());

		const rest = new N8nRest(n8n.url);
		/** @type {Stack} */
		const stack = { paths, n8n, mailbox, rest, owner, tarball, stop };
		if (bootstrap) Object.assign(stack, await bootstrapN8n(rest, mailbox, owner, log));
		return stack;
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = {
	startStack,
	mailboxCredentialData,
	ensureMailboxCredential,
	importExamples,
	bootstrapN8n,
	loadExamples,
	withCredential,
	CREDENTIAL_TYPE,
	NODE_TYPE,
	MAILBOX_CREDENTIAL_NAME,
	DEV_OWNER,
};
