// @ts-check
'use strict';
// Starts and stops one n8n process from the cached runtime, on loopback only, with telemetry and
// every feature that calls n8n's servers switched off.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { node24Env } = require('./n8n-runtime.cjs');

/**
 * @typedef {import('./n8n-runtime.cjs').Log} Log
 * @typedef {import('./n8n-runtime.cjs').RuntimePaths} RuntimePaths
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null }} Exit
 * @typedef {Awaited<ReturnType<typeof startN8n>>} RunningN8n
 */

/**
 * n8n's environment: loopback, no telemetry, no banners/templates/version checks, no AI features.
 * `line`: the n8n release line, '2' (default) or '1' (n8n 1.x, which refuses unknown module names).
 * @param {{ userFolder: string, port: number, brokerPort: number, extra?: Record<string, string>, line?: string }} options
 * @returns {Record<string, string>}
 */
function n8nEnv({ userFolder, port, brokerPort, extra = {}, line = '2' }) {
	const base = `http://127.0.0.1:${port}`;
	return {
		// n8n exits silently at start when NODE_ENV is `test` (as under jest).
		NODE_ENV: 'production',
		// Flags meant for the caller's Node 20 (e.g. from jest or a shell profile) are not n8n's.
		NODE_OPTIONS: '',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: base,
		WEBHOOK_URL: `${base}/`,
		N8N_WEBHOOK_URL: `${base}/`,
		// Plain http on loopback: a secure cookie would never be sent back.
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		DB_TYPE: 'sqlite',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// Nothing may call out: telemetry, banners, templates, version and "what's new" checks,
		// the verified-packages list, AI services.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		// This module refreshes a catalogue of MCP servers from n8n's API on start. n8n 1.x has no such
		// module, and exits at start naming an unknown one.
		N8N_DISABLED_MODULES: line === '1' ? '' : 'mcp-registry',
		// The community package is put in place before start; n8n must not try to fetch it again.
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// No Python runner is installed, so Python in the Code node is off (n8n still logs once at
		// start that it could not launch one; harmless).
		N8N_PYTHON_ENABLED: 'false',
		// n8n's default is America/New_York; schedules and email times should follow this machine.
		GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
		N8N_LOG_LEVEL: 'info',
		...extra,
	};
}

/**
 * A port that was free a moment ago on 127.0.0.1.
 * @returns {Promise<number>}
 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/**
 * @param {number} port
 * @param {string} what  named in the error
 * @returns {Promise<void>}
 */
function assertPortFree(port, what) {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', () =>
			reject(new Error(`127.0.0.1:${port} (${what}) is already in use; is another n8n or \`npm run dev\` running?`)),
		);
		server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
	});
}

/**
 * @param {string} file
 * @param {number} [lines]
 */
function tail(file, lines = 40) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/**
 * Starts n8n and resolves once /healthz/readiness and GET /rest/settings answer (migrations done,
 * nodes loaded, REST routes mounted: n8n 1.x answers readiness while its migrations still run).
 * The process gets its own process group so that stop() also ends its task runner.
 * @param {{ paths: RuntimePaths, userFolder: string, port?: number, brokerPort?: number, logFile?: string,
 *   env?: Record<string, string>, log?: Log, readyTimeoutMs?: number }} options
 */
async function startN8n({ paths, userFolder, port = 5678, brokerPort, logFile, env = {}, log = console.log, readyTimeoutMs = 180000 }) {
	await assertPortFree(port, 'n8n');
	brokerPort = brokerPort ?? (await freePort());
	fs.mkdirSync(userFolder, { recursive: true });
	logFile = logFile ?? path.join(userFolder, 'n8n.log');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(paths.nodeBin, [paths.n8nBin, 'start'], {
		cwd: userFolder,
		env: node24Env(paths, n8nEnv({ userFolder, port, brokerPort, extra: env, line: paths.n8n.line })),
		stdio: ['ignore', out, out],
		detached: true,
	});
	fs.closeSync(out);
	/** @type {Exit | null} */
	let exited = null;
	// Read through a function: the assignment happens in a callback, which narrowing does not see.
	/** @returns {Exit | null} */
	const exitedNow = () => exited;
	/** @type {Promise<Exit>} */
	const exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		});
	});
	// If our own process goes away without stop(), do not leave n8n running.
	const pid = /** @type {number} */ (child.pid);
	const killOnExit = () => {
		if (!exitedNow()) {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				/* already gone */
			}
		}
	};
	process.on('exit', killOnExit);

	const url = `http://127.0.0.1:${port}`;
	const started = Date.now();
	log(`[n8n] starting on ${url} (log: ${logFile})…`);
	for (;;) {
		const gone = exitedNow();
		if (gone) {
			process.removeListener('exit', killOnExit);
			throw new Error(`n8n exited during start (${gone.signal ?? `exit ${gone.code}`}); last lines of ${logFile}:\n${tail(logFile)}`);
		}
		if (Date.now() - started > readyTimeoutMs) {
			await stop();
			throw new Error(`n8n was not ready within ${readyTimeoutMs / 1000} s; last lines of ${logFile}:\n${tail(logFile)}`);
		}
		try {
			const ready = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (ready.ok && (await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(2000) })).ok) break;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	log(`[n8n] ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

	/**
	 * SIGTERM to n8n's process group, SIGKILL after timeoutMs; resolves when it is gone.
	 * @param {number} [timeoutMs]
	 */
	async function stop(timeoutMs = 15000) {
		if (!exitedNow()) {
			try {
				process.kill(-pid, 'SIGTERM');
			} catch {
				/* already gone */
			}
			/** @type {NodeJS.Timeout | undefined} */
			let timer;
			/** @type {Promise<'timeout'>} */
			const timeout = new Promise((r) => {
				timer = setTimeout(r, timeoutMs, 'timeout');
			});
			const outcome = await Promise.race([exitPromise, timeout]);
			clearTimeout(timer);
			if (outcome === 'timeout') {
				try {
					process.kill(-pid, 'SIGKILL');
				} catch {
					/* already gone */
				}
				await exitPromise;
			}
		}
		// The task runner shares the group; make sure nothing of it is left.
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			/* group already empty */
		}
		process.removeListener('exit', killOnExit);
	}

	return {
		url,
		port,
		brokerPort,
		pid,
		logFile,
		userFolder,
		stop,
		/** How n8n ended, or null while it runs. */
		exited: exitedNow,
	};
}

module.exports = { startN8n, n8nEnv, freePort, assertPortFree, tail };
