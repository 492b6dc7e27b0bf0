'use strict';
// A small client for n8n's internal REST API (the one the editor UI uses), with a cookie session.
// Each method is one documented call; errors carry the HTTP status and n8n's message.

const { parse: parseFlatted } = require('flatted');

class N8nRestError extends Error {
	constructor(method, path, status, body) {
		super(`${method} ${path} → ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
		this.status = status;
		this.body = body;
	}
}

class N8nRest {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookie = '';
	}

	async request(method, path, body) {
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

	/** First start only: creates the owner account (and signs in as it). */
	setupOwner({ email, password, firstName = 'Alert', lastName = 'Owner' }) {
		return this.request('POST', '/rest/owner/setup', { email, password, firstName, lastName });
	}

	login({ email, password }) {
		return this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/** Signs in, creating the owner first when this n8n has none yet. */
	async ensureOwner(owner) {
		const settings = await this.request('GET', '/rest/settings');
		if (settings.userManagement?.showSetupOnFirstLoad) await this.setupOwner(owner);
		return this.login(owner);
	}

	/** Node types n8n has loaded (public endpoint). */
	nodeTypes() {
		return this.request('GET', '/types/nodes.json');
	}

	listCredentials() {
		return this.request('GET', '/rest/credentials');
	}

	createCredential({ name, type, data }) {
		return this.request('POST', '/rest/credentials', { name, type, data });
	}

	updateCredential(id, { name, type, data }) {
		return this.request('PATCH', `/rest/credentials/${id}`, { name, type, data });
	}

	getCredential(id, { includeData = false } = {}) {
		return this.request('GET', `/rest/credentials/${id}${includeData ? '?includeData=true' : ''}`);
	}

	/**
	 * Runs the credential's test the way the editor does: with the stored data (secrets come back
	 * as a placeholder that the server swaps for the real value), optionally overridden by `data`.
	 * Resolves with { status: 'OK' | 'Error', message }.
	 */
	async testCredential(id, data = {}) {
		const stored = await this.getCredential(id, { includeData: true });
		return this.request('POST', '/rest/credentials/test', {
			credentials: { id: stored.id, name: stored.name, type: stored.type, data: { ...stored.data, ...data } },
		});
	}

	listWorkflows() {
		return this.request('GET', '/rest/workflows');
	}

	createWorkflow({ name, nodes, connections, settings = {}, pinData }) {
		return this.request('POST', '/rest/workflows', { name, nodes, connections, settings, ...(pinData ? { pinData } : {}) });
	}

	getWorkflow(id) {
		return this.request('GET', `/rest/workflows/${id}`);
	}

	/** Publishes the workflow so its triggers (production webhooks, schedules) run. */
	activateWorkflow(id, versionId) {
		return this.request('POST', `/rest/workflows/${id}/activate`, { versionId });
	}

	/** Manual run from a trigger node, as the "Execute workflow" button does. Resolves with the execution id. */
	async runWorkflow(id, triggerName) {
		const result = await this.request('POST', `/rest/workflows/${id}/run`, { triggerToStartFrom: { name: triggerName } });
		return result.executionId;
	}

	/** Executions of one workflow, newest first (summaries, without run data). */
	async listExecutions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const result = await this.request('GET', `/rest/executions?filter=${filter}`);
		return result.results ?? result;
	}

	/** One execution with its run data decoded (n8n sends it in `flatted` form). */
	async getExecution(id) {
		const execution = await this.request('GET', `/rest/executions/${id}`);
		if (typeof execution.data === 'string') execution.data = parseFlatted(execution.data);
		return execution;
	}

	/** Polls until the execution has finished (any status but new/running/waiting). */
	async waitForExecution(id, timeoutMs = 60000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.getExecution(id);
			if (execution.finished || !['new', 'running', 'waiting', undefined].includes(execution.status)) return execution;
			if (Date.now() > deadline) throw new Error(`execution ${id} still ${execution.status} after ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, 500));
		}
	}
}

/** Output items of `nodeName` in an execution, per output index: [[json, ...], [json, ...]]. */
function nodeOutputs(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	if (!runs || runs.length === 0) return null;
	const main = runs[runs.length - 1].data?.main ?? [];
	return main.map((items) => (items ?? []).map((item) => item.json));
}

module.exports = { N8nRest, N8nRestError, nodeOutputs };
