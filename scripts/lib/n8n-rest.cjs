// @ts-check
'use strict';
// A small client for n8n's internal REST API (the one the editor UI uses), with a cookie session.
// Each method is one documented call; errors carry the HTTP status and n8n's message.

const { parse: parseFlatted } = require('flatted');

// n8n's answers, loosely typed: the fields the scripts and tests read, the rest as JSON.
/**
 * @typedef {Record<string, unknown>} Json
 * @typedef {{ id: string, name: string, type: string }} CredentialRef
 * @typedef {{ name: string, nodes: Json[], connections: Json, settings?: Json, pinData?: Json }} WorkflowBody
 * @typedef {Json & { id: string, name: string, versionId: string, active: boolean }} CreatedWorkflow
 * @typedef {Json & { id: string, status: string, finished: boolean, mode: string, workflowId: string }} ExecutionSummary
 * @typedef {ExecutionSummary & { data: Json & { resultData: { runData: Record<string, Json[]>, error?: Json, lastNodeExecuted?: string } } }} Execution
 * @typedef {{ email: string, password: string, firstName?: string, lastName?: string }} OwnerLogin
 */

class N8nRestError extends Error {
	/**
	 * @param {string} method
	 * @param {string} path
	 * @param {number} status
	 * @param {unknown} body  n8n's answer (parsed JSON, or the text)
	 */
	constructor(method, path, status, body) {
		super(`${method} ${path} → ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
		this.status = status;
		this.body = body;
	}
}

class N8nRest {
	/** @param {string} baseUrl  e.g. http://127.0.0.1:5678 */
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookie = '';
	}

	/**
	 * One call; resolves with the answer's `data` (or the whole answer when it has none).
	 * @template [T=unknown]
	 * @param {string} method
	 * @param {string} path
	 * @param {unknown} [body]
	 * @returns {Promise<T>}
	 */
	async request(method, path, body) {
		/** @type {Record<string, string>} */
		const headers = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		const res = await fetch(this.baseUrl + path, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60000),
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const text = await res.text();
		/** @type {any} */
		let parsed = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			/* not JSON: keep the text */
		}
		if (!res.ok) throw new N8nRestError(method, path, res.status, parsed);
		// The internal API wraps answers in { data }.
		return parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed;
	}

	/**
	 * First start only: creates the owner account (and signs in as it).
	 * @param {OwnerLogin} owner
	 * @returns {Promise<Json>}
	 */
	setupOwner({ email, password, firstName = 'Alert', lastName = 'Owner' }) {
		return this.request('POST', '/rest/owner/setup', { email, password, firstName, lastName });
	}

	/**
	 * @param {{ email: string, password: string }} owner
	 * @returns {Promise<Json>}
	 */
	login({ email, password }) {
		return this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/**
	 * Signs in, creating the owner first when this n8n has none yet.
	 * @param {OwnerLogin} owner
	 * @returns {Promise<Json>}
	 */
	async ensureOwner(owner) {
		/** @type {{ userManagement?: { showSetupOnFirstLoad?: boolean } }} */
		const settings = await this.request('GET', '/rest/settings');
		if (settings.userManagement?.showSetupOnFirstLoad) await this.setupOwner(owner);
		return this.login(owner);
	}

	/**
	 * Node types n8n has loaded (public endpoint).
	 * @returns {Promise<Json[]>}
	 */
	nodeTypes() {
		return this.request('GET', '/types/nodes.json');
	}

	/** @returns {Promise<CredentialRef[]>} */
	listCredentials() {
		return this.request('GET', '/rest/credentials');
	}

	/**
	 * @param {{ name: string, type: string, data: Json }} credential
	 * @returns {Promise<CredentialRef>}
	 */
	createCredential({ name, type, data }) {
		return this.request('POST', '/rest/credentials', { name, type, data });
	}

	/**
	 * @param {string} id
	 * @param {{ name: string, type: string, data: Json }} credential
	 * @returns {Promise<CredentialRef>}
	 */
	updateCredential(id, { name, type, data }) {
		return this.request('PATCH', `/rest/credentials/${id}`, { name, type, data });
	}

	/**
	 * @param {string} id
	 * @param {{ includeData?: boolean }} [options]
	 * @returns {Promise<CredentialRef & { data?: Json }>}
	 */
	getCredential(id, { includeData = false } = {}) {
		return this.request('GET', `/rest/credentials/${id}${includeData ? '?includeData=true' : ''}`);
	}

	/**
	 * Runs the credential's test the way the editor does: with the stored data (secrets come back
	 * as a placeholder that the server swaps for the real value), optionally overridden by `data`.
	 * @param {string} id
	 * @param {Json} [data]
	 * @returns {Promise<{ status: 'OK' | 'Error', message: string }>}
	 */
	async testCredential(id, data = {}) {
		const stored = await this.getCredential(id, { includeData: true });
		return this.request('POST', '/rest/credentials/test', {
			credentials: { id: stored.id, name: stored.name, type: stored.type, data: { ...stored.data, ...data } },
		});
	}

	/** @returns {Promise<CreatedWorkflow[]>} */
	listWorkflows() {
		return this.request('GET', '/rest/workflows');
	}

	/**
	 * @param {WorkflowBody} workflow
	 * @returns {Promise<CreatedWorkflow>}
	 */
	createWorkflow({ name, nodes, connections, settings = {}, pinData }) {
		// `active: false`: n8n 1.x stores the body's value as is (a missing one fails a NOT NULL
		// constraint); 2.x creates every workflow unpublished anyway.
		return this.request('POST', '/rest/workflows', { name, nodes, connections, settings, active: false, ...(pinData ? { pinData } : {}) });
	}

	/**
	 * @param {string} id
	 * @returns {Promise<CreatedWorkflow & { staticData?: Json | null, nodes: Json[] }>}
	 */
	getWorkflow(id) {
		return this.request('GET', `/rest/workflows/${id}`);
	}

	/**
	 * Publishes the workflow so its triggers (production webhooks, schedules) run.
	 * @param {string} id
	 * @param {string} versionId
	 * @returns {Promise<CreatedWorkflow>}
	 */
	activateWorkflow(id, versionId) {
		return this.request('POST', `/rest/workflows/${id}/activate`, { versionId });
	}

	/**
	 * Manual run from a trigger node, as the "Execute workflow" button does. Resolves with the execution id.
	 * @param {string} id
	 * @param {string} triggerName
	 * @returns {Promise<string>}
	 */
	async runWorkflow(id, triggerName) {
		// n8n 1.x runs the workflow the editor sends (`workflowData`, pinned data included); 2.x runs
		// the saved one and drops the field.
		const workflowData = await this.getWorkflow(id);
		/** @type {{ executionId: string }} */
		const result = await this.request('POST', `/rest/workflows/${id}/run`, { workflowData, triggerToStartFrom: { name: triggerName } });
		return result.executionId;
	}

	/**
	 * Executions of one workflow, newest first (summaries, without run data). n8n answers 20 unless
	 * `limit` (1–100) says otherwise.
	 * @param {string} workflowId
	 * @param {{ limit?: number }} [options]
	 * @returns {Promise<ExecutionSummary[]>}
	 */
	async listExecutions(workflowId, { limit } = {}) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		/** @type {{ results?: ExecutionSummary[] } | ExecutionSummary[]} */
		const result = await this.request('GET', `/rest/executions?filter=${filter}${limit === undefined ? '' : `&limit=${limit}`}`);
		return Array.isArray(result) ? result : (result.results ?? []);
	}

	/**
	 * One execution with its run data decoded (n8n sends it in `flatted` form).
	 * @param {string} id
	 * @returns {Promise<Execution>}
	 */
	async getExecution(id) {
		/** @type {Execution} */
		const execution = await this.request('GET', `/rest/executions/${id}`);
		if (typeof execution.data === 'string') execution.data = parseFlatted(execution.data);
		return execution;
	}

	/**
	 * Polls until the execution has finished (any status but new/running/waiting) and its run data
	 * is saved: n8n 1.x writes the status and the data in two steps, so for a moment a finished
	 * execution still carries the data it started with (no node in it has run).
	 * @param {string} id
	 * @param {number} [timeoutMs]
	 * @returns {Promise<Execution>}
	 */
	async waitForExecution(id, timeoutMs = 60000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.getExecution(id);
			const ended = execution.finished || !['new', 'running', 'waiting', undefined].includes(execution.status);
			const result = execution.data?.resultData;
			if (ended && (result?.lastNodeExecuted !== undefined || result?.error !== undefined || Date.now() > deadline)) return execution;
			if (Date.now() > deadline) throw new Error(`execution ${id} still ${execution.status} after ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, 200));
		}
	}
}

/**
 * Output items (their json) of `nodeName` in an execution, per output index:
 * [[json, ...], [json, ...]]; null when the node did not run.
 * @param {Execution} execution
 * @param {string} nodeName
 * @returns {Json[][] | null}
 */
function nodeOutputs(execution, nodeName) {
	const runs = /** @type {Array<{ data?: { main?: Array<Array<{ json: Json }> | null> } }> | undefined} */ (
		execution.data?.resultData?.runData?.[nodeName]
	);
	if (!runs || runs.length === 0) return null;
	const main = runs[runs.length - 1].data?.main ?? [];
	return main.map((items) => (items ?? []).map((item) => item.json));
}

module.exports = { N8nRest, N8nRestError, nodeOutputs };
