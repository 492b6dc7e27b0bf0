// @ts-check
'use strict';
// n8n in queue mode on one machine, everything on 127.0.0.1, shared by `npm run dev -- --queue`
// and the queue-mode e2e tests: a private redis-server (n8n's queue), a private PostgreSQL cluster
// (queue mode does not run on SQLite), n8n main (takes the webhooks, enqueues the executions) and
// two workers (`n8n worker --concurrency 10`, which run them), one N8N_ENCRYPTION_KEY and one user
// folder with this package installed as a community package, and the local mailbox.
// The redis-server and PostgreSQL binaries are the machine's (Debian: `.ci/services` installs them);
// nothing is installed here except through the n8n runtime helpers. stop() ends everything started,
// and the PostgreSQL cluster (a temporary folder) is deleted: each start is a fresh n8n.
//
// Every port is picked below 32768: a port in the ephemeral range, free when picked, can be taken
// by one of n8n's own outgoing connections before n8n binds it (seen with n8n 2.41 in queue mode).

const { execFile, execFileSync, spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { ensureRuntime, node24Env } = require('./n8n-runtime.cjs');
const { startMailbox } = require('./mailbox.cjs');
const { buildAndPack, installCommunityPackage } = require('./community-install.cjs');
const { startN8n, n8nEnv, assertPortFree, tail } = require('./n8n-process.cjs');
const { N8nRest } = require('./n8n-rest.cjs');
const { bootstrapN8n, DEV_OWNER } = require('./stack.cjs');

/**
 * @typedef {import('./n8n-runtime.cjs').Log} Log
 * @typedef {import('./n8n-runtime.cjs').RuntimePaths} RuntimePaths
 * @typedef {import('./mailbox.cjs').Mailbox} Mailbox
 * @typedef {import('./n8n-process.cjs').RunningN8n} RunningN8n
 * @typedef {import('./n8n-rest.cjs').CredentialRef} CredentialRef
 * @typedef {import('./stack.cjs').Owner} Owner
 * @typedef {import('./stack.cjs').ImportedExample} ImportedExample
 * @typedef {Awaited<ReturnType<typeof startRedisServer>>} RedisServer
 * @typedef {Awaited<ReturnType<typeof startPostgres>>} Postgres
 */

/**
 * One worker: `start` and `kill` may be called again (a killed worker restarts on the same ports).
 * @typedef {object} QueueWorker
 * @property {string} name  worker-1, worker-2, …
 * @property {number} concurrency  `n8n worker --concurrency <concurrency>`
 * @property {number} healthPort  its /healthz and /healthz/readiness (QUEUE_HEALTH_CHECK_PORT)
 * @property {number} brokerPort  its task runner broker (N8N_RUNNERS_BROKER_PORT)
 * @property {string} logFile  appended to across restarts
 * @property {() => number | undefined} pid  of the running process (its process group), if any
 * @property {() => boolean} running
 * @property {() => Promise<void>} start  (re)starts it; resolves when its readiness answers
 * @property {() => Promise<void>} kill  SIGKILL to its process group (task runner included), as a crash
 * @property {() => Promise<void>} stop  SIGTERM (n8n finishes running jobs), SIGKILL after 15 s
 * @property {() => string[]} executionIds  the executions it started, from its log ("Worker started execution N")
 * @property {(pattern: RegExp) => string[]} logLines  the lines of its log that match
 */

/**
 * Everything startQueueStack started; `credential` and `workflows` only with `bootstrap`. Has the
 * fields of stack.cjs's Stack, so helpers written for that one take it too.
 * @typedef {object} QueueStack
 * @property {RuntimePaths} paths
 * @property {RunningN8n} n8n  the main instance (editor, REST API, webhooks)
 * @property {QueueWorker[]} workers
 * @property {RedisServer} redis  n8n's queue Redis
 * @property {Postgres} postgres
 * @property {Mailbox} mailbox
 * @property {N8nRest} rest
 * @property {Owner} owner
 * @property {string} tarball
 * @property {string} dir  state folder: n8n/ (user folder), logs/, packed/
 * @property {Record<string, string>} env  the queue-mode settings every n8n process got
 * @property {CredentialRef} [credential]
 * @property {ImportedExample[]} [workflows]
 * @property {(executionId: string) => string | undefined} workerOf  which worker started an execution
 * @property {() => Promise<void>} stop  workers, main, mailbox, Redis, PostgreSQL
 */

const run = promisify(execFile);
const HOST = '127.0.0.1';
const SERVICES_HINT = "Install them with `.ci/services` (as root; Debian packages redis-server and postgresql), or your system's packages";

// ─── ports ──────────────────────────────────────────────────────────────────────────────────────

/** Ports handed out by this process, so that two picks before anything binds never collide. */
const handedOut = new Set();

/**
 * A port below the ephemeral range (20000–32767) that was free a moment ago on 127.0.0.1.
 * @returns {Promise<number>}
 */
async function lowFreePort() {
	for (let attempt = 0; attempt < 500; attempt++) {
		const port = 20000 + crypto.randomInt(12768);
		if (handedOut.has(port)) continue;
		const free = await new Promise((resolve) => {
			const server = net.createServer();
			server.once('error', () => resolve(false));
			server.listen(port, HOST, () => server.close(() => resolve(true)));
		});
		if (free) {
			handedOut.add(port);
			return port;
		}
	}
	throw new Error('no free port found between 20000 and 32767 on 127.0.0.1');
}

// ─── binaries ───────────────────────────────────────────────────────────────────────────────────

/**
 * @param {string} name
 * @param {string[]} [extraDirs]
 * @returns {string | undefined}
 */
function findBinary(name, extraDirs = []) {
	const dirs = [...extraDirs, ...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'];
	for (const dir of dirs) {
		const file = path.join(dir, name);
		if (dir && fs.existsSync(file)) return file;
	}
	return undefined;
}

/** Debian's /usr/lib/postgresql/<version>/bin, newest first. */
function postgresBinDirs() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return [];
	return fs
		.readdirSync(root)
		.filter((v) => /^\d+$/.test(v))
		.sort((a, b) => Number(b) - Number(a))
		.map((v) => path.join(root, v, 'bin'));
}

/** The machine's redis-server, wherever PATH or the usual folders have it. */
function findRedisServer() {
	return findBinary('redis-server');
}

/**
 * The machine's redis-server and PostgreSQL binaries; throws, naming `.ci/services`, when missing.
 * @returns {{ redisServer: string, initdb: string, pgCtl: string, createdb: string }}
 */
function findServices() {
	const redisServer = findRedisServer();
	const pgDir = [...postgresBinDirs(), ...(process.env.PATH ?? '').split(path.delimiter)].find(
		(dir) => dir && ['initdb', 'pg_ctl', 'createdb'].every((b) => fs.existsSync(path.join(dir, b))),
	);
	const missing = [...(redisServer ? [] : ['redis-server']), ...(pgDir ? [] : ['PostgreSQL (initdb, pg_ctl, createdb)'])];
	if (!redisServer || !pgDir) {
		throw new Error(
			`n8n's queue mode needs a Redis and a PostgreSQL server; missing on this machine: ${missing.join(', ')}. ${SERVICES_HINT}.`,
		);
	}
	return { redisServer, initdb: path.join(pgDir, 'initdb'), pgCtl: path.join(pgDir, 'pg_ctl'), createdb: path.join(pgDir, 'createdb') };
}

// ─── Redis ──────────────────────────────────────────────────────────────────────────────────────

/**
 * @param {number} port
 * @returns {Promise<boolean>}  true when a Redis answers PING on 127.0.0.1:port
 */
function redisAnswers(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, HOST);
		socket.setTimeout(1000, () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
		socket.once('connect', () => socket.write('PING\r\n'));
	});
}

/**
 * A private redis-server on 127.0.0.1 without persistence (`--save ''`, no AOF). stop() and start()
 * may be called again: it comes back on the same port, empty (an outage that lost the data).
 * `dir` (where a BGSAVE would write; none is configured) defaults to a folder of its own that
 * close() removes; a caller that never closes (a test process) passes one that outlives it.
 * @param {{ port?: number, logFile: string, name?: string, log?: Log, dir?: string }} options
 */
async function startRedisServer({ port, logFile, name = 'redis', log = console.log, dir: givenDir }) {
	// Redis alone: the shared-state tests need no PostgreSQL.
	const redisServer = findRedisServer() ?? '';
	if (!redisServer) throw new Error(`redis-server is not installed on this machine. ${SERVICES_HINT}.`);
	const redisPort = port ?? (await lowFreePort());
	// Where a BGSAVE would write (none is configured): not the caller's cwd.
	const dir = givenDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'alert-email-redis-'));
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	/** @type {import('node:child_process').ChildProcess | undefined} */
	let child;
	/** @type {Promise<void> | undefined} */
	let exited;
	const killOnExit = () => {
		if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	};

	async function start() {
		if (child && child.exitCode === null && child.signalCode === null) return;
		const out = fs.openSync(logFile, 'a');
		const args = ['--port', String(redisPort), '--bind', HOST, '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'];
		// Its own process group: Ctrl-C in `npm run dev` must not stop it before n8n (stop() does, in order).
		const started = spawn(redisServer, args, { stdio: ['ignore', out, out], detached: true });
		fs.closeSync(out);
		child = started;
		exited = new Promise((resolve) => started.once('exit', () => resolve()));
		process.on('exit', killOnExit);
		const deadline = Date.now() + 10000;
		while (!(await redisAnswers(redisPort))) {
			if (started.exitCode !== null || started.signalCode !== null)
				throw new Error(`${name}: redis-server exited at start; see ${logFile}`);
			if (Date.now() > deadline) {
				started.kill('SIGKILL');
				throw new Error(`${name}: redis-server did not answer on ${HOST}:${redisPort} within 10 s; see ${logFile}`);
			}
			await new Promise((r) => setTimeout(r, 50));
		}
		log(`[${name}] redis-server on ${HOST}:${redisPort} (pid ${started.pid})`);
	}

	/** SIGTERM (no save is configured, so it exits at once), SIGKILL after 5 s. */
	async function stop() {
		const current = child;
		if (!current || current.exitCode !== null || current.signalCode !== null) return;
		current.kill('SIGTERM');
		const timer = setTimeout(() => current.kill('SIGKILL'), 5000);
		await exited;
		clearTimeout(timer);
		process.removeListener('exit', killOnExit);
		log(`[${name}] redis-server on ${HOST}:${redisPort} stopped`);
	}

	await start();
	return {
		name,
		host: HOST,
		port: redisPort,
		logFile,
		/** @returns {boolean} */
		running: () => Boolean(child && child.exitCode === null && child.signalCode === null),
		start,
		stop,
		/** Stops it for good and removes its folder. */
		async close() {
			await stop();
			if (!givenDir) fs.rmSync(dir, { recursive: true, force: true });
		},
		/** The fields of n8n's built-in `redis` credential for this server. */
		credentialData: () => ({ host: HOST, port: redisPort, database: 0, user: '', password: '', ssl: false }),
	};
}

// ─── PostgreSQL ─────────────────────────────────────────────────────────────────────────────────

/**
 * The user PostgreSQL runs as: initdb and postgres refuse root, so as root the cluster belongs to
 * the `postgres` user (Debian's package creates it); otherwise to the current user.
 * @returns {{ uid: number, gid: number, name: string } | undefined}  undefined: the current user
 */
function postgresUser() {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	try {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		return { uid, gid, name: 'postgres' };
	} catch {
		throw new Error(`running as root, PostgreSQL needs the user "postgres", which does not exist here. ${SERVICES_HINT}.`);
	}
}

/**
 * A private PostgreSQL cluster in a temporary folder: initdb (trust authentication, superuser
 * `postgres`), pg_ctl start listening on 127.0.0.1:port and a socket in that folder, then the
 * database. close() stops it (fast shutdown) and deletes the folder, keeping its log in `logFile`.
 * @param {{ port?: number, database?: string, logFile: string, log?: Log }} options
 */
async function startPostgres({ port, database = 'n8n', logFile, log = console.log }) {
	const { initdb, pgCtl, createdb } = findServices();
	const pgPort = port ?? (await lowFreePort());
	const owner = postgresUser();
	const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
	// Short and outside the repo: the socket path has a length limit, and the postgres user must be
	// able to reach it (a repo under /root is not).
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'alert-email-pg-'));
	const dataDir = path.join(dir, 'data');
	const serverLog = path.join(dir, 'postgres.log');
	fs.writeFileSync(serverLog, '');
	if (owner) {
		fs.chownSync(dir, owner.uid, owner.gid);
		fs.chownSync(serverLog, owner.uid, owner.gid);
	}
	const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
	/**
	 * @param {string} file
	 * @param {string[]} args
	 * @param {object} [options]
	 */
	const pg = async (file, args, options = {}) => {
		try {
			return await run(file, args, { cwd: dir, env, ...options });
		} catch (error) {
			const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
			throw new Error(`${path.basename(file)} ${args.join(' ')} failed:\n${stdout}${stderr}\n${tail(serverLog, 20)}`);
		}
	};
	const started = Date.now();
	let running = false;
	/** If our own process ends without close(), a fast shutdown (SIGINT to the postmaster). */
	const stopOnExit = () => {
		try {
			const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
			if (pid > 0) process.kill(pid, 'SIGINT');
		} catch {
			/* not running */
		}
	};
	try {
		// -N: no fsync (a throwaway cluster); C locale: no dependency on the machine's locales.
		await pg(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N'], asOwner);
		const serverOptions = `-p ${pgPort} -k ${dir} -c listen_addresses=${HOST} -c fsync=off -c full_page_writes=off`;
		await pg(pgCtl, ['-D', dataDir, '-l', serverLog, '-w', '-t', '60', '-o', serverOptions, 'start'], asOwner);
		running = true;
		process.on('exit', stopOnExit);
		await pg(createdb, ['-h', HOST, '-p', String(pgPort), '-U', 'postgres', database]);
	} catch (error) {
		if (running) await pg(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], asOwner).catch(() => undefined);
		process.removeListener('exit', stopOnExit);
		keepLog();
		fs.rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	log(`[postgres] PostgreSQL on ${HOST}:${pgPort}, database "${database}" (${((Date.now() - started) / 1000).toFixed(1)} s)`);

	function keepLog() {
		try {
			fs.mkdirSync(path.dirname(logFile), { recursive: true });
			fs.copyFileSync(serverLog, logFile);
		} catch {
			/* nothing to keep */
		}
	}

	return {
		host: HOST,
		port: pgPort,
		database,
		user: 'postgres',
		dataDir,
		logFile,
		/** n8n's DB_* settings for this database. */
		n8nEnv: () => ({
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: HOST,
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
		}),
		/** Fast shutdown, then the cluster is deleted (its log is kept in logFile). */
		async close() {
			if (!running) return;
			running = false;
			await pg(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop'], asOwner).catch(async (error) => {
				log(`[postgres] fast shutdown failed (${error instanceof Error ? error.message.split('\n')[0] : error}); immediate`);
				await pg(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], asOwner).catch(() => undefined);
			});
			process.removeListener('exit', stopOnExit);
			keepLog();
			fs.rmSync(dir, { recursive: true, force: true });
			log(`[postgres] stopped; log kept in ${logFile}`);
		},
	};
}

// ─── n8n main and workers ───────────────────────────────────────────────────────────────────────

/**
 * @param {string} logFile
 * @returns {string}
 */
function readLog(logFile) {
	try {
		return fs.readFileSync(logFile, 'utf8');
	} catch {
		return '';
	}
}

/**
 * One `n8n worker` process. n8n-process.cjs's startN8n runs `n8n start` and waits for the main
 * instance's REST API, which a worker does not have; a worker is ready when its own server answers
 * /healthz/readiness (database migrated, queue Redis connected, jobs taken). Otherwise the same: the
 * environment of n8n-process.cjs (n8nEnv), its own process group (stop() also ends its task runner),
 * SIGTERM then SIGKILL, and no process left behind if this one exits.
 * @param {{ paths: RuntimePaths, userFolder: string, healthPort: number, brokerPort: number,
 *   concurrency: number, logFile: string, env: Record<string, string>, name: string, log: Log,
 *   readyTimeoutMs?: number }} options
 */
async function startWorkerProcess({
	paths,
	userFolder,
	healthPort,
	brokerPort,
	concurrency,
	logFile,
	env,
	name,
	log,
	readyTimeoutMs = 180000,
}) {
	await assertPortFree(healthPort, `${name} health check`);
	const out = fs.openSync(logFile, 'a');
	const child = spawn(paths.nodeBin, [paths.n8nBin, 'worker', `--concurrency=${concurrency}`], {
		cwd: userFolder,
		// N8N_PORT is the main instance's (in `env`), for any URL a worker builds.
		env: node24Env(paths, n8nEnv({ userFolder, port: Number(env.N8N_PORT), brokerPort, extra: env })),
		stdio: ['ignore', out, out],
		detached: true,
	});
	fs.closeSync(out);
	const pid = /** @type {number} */ (child.pid);
	/** @type {import('./n8n-process.cjs').Exit | null} */
	let exited = null;
	// Read through a function: the assignment happens in a callback, which narrowing does not see.
	/** @returns {import('./n8n-process.cjs').Exit | null} */
	const exitedNow = () => exited;
	/** @type {Promise<void>} */
	const exitPromise = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exited = { code, signal };
			resolve();
		});
	});
	const killGroup = (/** @type {NodeJS.Signals} */ signal) => {
		try {
			process.kill(-pid, signal);
		} catch {
			/* group already empty */
		}
	};
	const killOnExit = () => killGroup('SIGKILL');
	process.on('exit', killOnExit);

	/** SIGTERM to the group (n8n lets running jobs finish), SIGKILL after timeoutMs. */
	async function stop(timeoutMs = 15000) {
		if (!exitedNow()) {
			killGroup('SIGTERM');
			/** @type {NodeJS.Timeout | undefined} */
			let timer;
			await Promise.race([exitPromise, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
			clearTimeout(timer);
			if (!exitedNow()) killGroup('SIGKILL');
			await exitPromise;
		}
		killGroup('SIGKILL'); // the task runner, if it outlived n8n
		process.removeListener('exit', killOnExit);
	}

	const url = `http://${HOST}:${healthPort}`;
	const started = Date.now();
	log(`[${name}] starting, health ${url}/healthz (log: ${logFile})…`);
	for (;;) {
		const gone = exitedNow();
		if (gone) {
			process.removeListener('exit', killOnExit);
			throw new Error(
				`${name} exited during start (${gone.signal ?? `exit ${gone.code}`}); last lines of ${logFile}:\n${tail(logFile, 40)}`,
			);
		}
		if (Date.now() - started > readyTimeoutMs) {
			await stop();
			throw new Error(`${name} was not ready within ${readyTimeoutMs / 1000} s; last lines of ${logFile}:\n${tail(logFile, 40)}`);
		}
		try {
			const res = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (res.ok) break;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	log(`[${name}] ready in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${pid})`);
	return { pid, stop, exited: exitedNow, killGroup, exitPromise };
}

/**
 * @param {{ name: string, paths: RuntimePaths, userFolder: string, concurrency: number, logFile: string,
 *   env: Record<string, string>, log: Log }} options
 * @returns {Promise<QueueWorker>}
 */
async function createWorker({ name, paths, userFolder, concurrency, logFile, env, log }) {
	const healthPort = await lowFreePort();
	const brokerPort = await lowFreePort();
	/** @type {Awaited<ReturnType<typeof startWorkerProcess>> | undefined} */
	let current;
	const running = () => Boolean(current && !current.exited());
	/** @type {QueueWorker} */
	const worker = {
		name,
		concurrency,
		healthPort,
		brokerPort,
		logFile,
		pid: () => (running() ? current?.pid : undefined),
		running,
		async start() {
			if (running()) return;
			current = await startWorkerProcess({
				paths,
				userFolder,
				healthPort,
				brokerPort,
				concurrency,
				logFile,
				name,
				log,
				env: {
					...env,
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: HOST,
					// n8n's crash journal (.n8n/crash.journal) sits in the user folder the processes
					// share: a worker finding the main instance's journal would log "Last session
					// crashed" and sleep 10 s. In n8n 2.41 this variable only skips that journal (and
					// hot reload, which only the main instance's server has).
					N8N_DEV_RELOAD: 'true',
				},
			});
		},
		async kill() {
			const gone = current;
			if (!gone || gone.exited()) return;
			gone.killGroup('SIGKILL');
			await gone.exitPromise;
			await gone.stop(); // drops the exit hook; the group is already empty
			log(`[${name}] killed (SIGKILL to process group ${gone.pid})`);
		},
		async stop() {
			if (current) await current.stop();
		},
		executionIds: () => [...readLog(logFile).matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]),
		logLines: (pattern) =>
			readLog(logFile)
				.split('\n')
				.filter((line) => pattern.test(line)),
	};
	return worker;
}

/** Names the process whose stack uses the state folder (removed by stop()). */
const OWNER_FILE = 'owner.pid';

/**
 * The live process (not this one) whose queue stack uses `dir`, if any: two stacks in one folder
 * would delete each other's files.
 * @param {string} dir
 * @returns {number | undefined}
 */
function dirInUse(dir) {
	let pid;
	try {
		pid = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
	} catch {
		return undefined;
	}
	if (!(pid > 0) || pid === process.pid) return undefined;
	try {
		process.kill(pid, 0);
		return pid;
	} catch (error) {
		// EPERM: alive, but another user's.
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM' ? pid : undefined;
	}
}

/**
 * Starts the whole queue-mode setup. Options:
 * - dir: state folder (n8n user folder, logs, packed tarball); emptied first.
 * - port: n8n main (0: a free one below 32768); smtpPort / webPort: the mailbox (0: free ones).
 * - workers (2), concurrency (10): `n8n worker --concurrency <concurrency>` processes.
 * - tarball: an already packed tarball; otherwise the package is built and packed.
 * - bootstrap: also sign in as the owner, create the mailbox credential and import the examples.
 * - env: more settings for every n8n process.
 * @param {{ dir: string, port?: number, smtpPort?: number, webPort?: number, workers?: number,
 *   concurrency?: number, tarball?: string, bootstrap?: boolean, owner?: Owner,
 *   env?: Record<string, string>, log?: Log }} options
 * @returns {Promise<QueueStack>}
 */
async function startQueueStack({
	dir,
	port = 0,
	smtpPort = 0,
	webPort = 0,
	workers: workerCount = 2,
	concurrency = 10,
	tarball,
	bootstrap = false,
	owner = DEV_OWNER,
	env: extraEnv = {},
	log = console.log,
}) {
	findServices(); // fail before anything starts
	const user = dirInUse(dir);
	if (user) throw new Error(`${dir} is in use by process ${user} (another queue-mode stack); stop it first`);
	/** @type {Array<() => Promise<void>>} */
	const cleanups = [];
	const stop = async () => {
		for (const cleanup of cleanups.reverse()) {
			await cleanup().catch((error) => log(`[queue] cleanup failed: ${error instanceof Error ? error.message : error}`));
		}
		cleanups.length = 0;
	};
	try {
		const started = Date.now();
		const paths = await ensureRuntime({ log });
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
		cleanups.push(async () => fs.rmSync(path.join(dir, OWNER_FILE), { force: true }));
		const userFolder = path.join(dir, 'n8n');
		const logs = path.join(dir, 'logs');
		fs.mkdirSync(userFolder, { recursive: true });
		fs.mkdirSync(logs, { recursive: true });
		tarball = tarball ?? (await buildAndPack({ outDir: path.join(dir, 'packed'), log }));
		if (!fs.existsSync(tarball)) throw new Error(`tarball ${tarball} does not exist`);

		// Independent of each other: the package install, the mailbox, Redis and PostgreSQL. Whatever
		// did start is stopped again when another part fails.
		const [installed, mailboxStart, redisStart, postgresStart] = await Promise.allSettled([
			installCommunityPackage({ tarball, userFolder, paths, log }),
			startMailbox({ smtpPort, webPort }),
			startRedisServer({ logFile: path.join(logs, 'redis.log'), name: 'queue redis', log }),
			startPostgres({ logFile: path.join(logs, 'postgres.log'), log }),
		]);
		if (postgresStart.status === 'fulfilled') cleanups.push(() => postgresStart.value.close());
		if (redisStart.status === 'fulfilled') cleanups.push(() => redisStart.value.close());
		if (mailboxStart.status === 'fulfilled') cleanups.push(() => mailboxStart.value.close());
		for (const outcome of [installed, mailboxStart, redisStart, postgresStart]) {
			if (outcome.status === 'rejected') throw outcome.reason;
		}
		const mailbox = /** @type {PromiseFulfilledResult<Mailbox>} */ (mailboxStart).value;
		const redis = /** @type {PromiseFulfilledResult<RedisServer>} */ (redisStart).value;
		const postgres = /** @type {PromiseFulfilledResult<Postgres>} */ (postgresStart).value;
		log(`[mailbox] SMTP ${HOST}:${mailbox.smtpPort}, web ${mailbox.webUrl}`);

		/** @type {Record<string, string>} */
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: HOST,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			...postgres.n8nEnv(),
			...extraEnv,
		};
		const mainPort = port || (await lowFreePort());
		const mainUrl = `http://${HOST}:${mainPort}`;
		/** Settings that must name the main instance in every process. */
		const mainAddress = {
			N8N_PORT: String(mainPort),
			N8N_EDITOR_BASE_URL: mainUrl,
			WEBHOOK_URL: `${mainUrl}/`,
			N8N_WEBHOOK_URL: `${mainUrl}/`,
		};

		/** @type {QueueWorker[]} */
		const workers = [];
		for (let i = 1; i <= workerCount; i++) {
			workers.push(
				await createWorker({
					name: `worker-${i}`,
					paths,
					userFolder,
					concurrency,
					logFile: path.join(logs, `worker-${i}.log`),
					env: { ...env, ...mainAddress },
					log,
				}),
			);
		}
		// Main first, then the workers side by side: all three at once took 40 s instead of 24 s on
		// 2 cores (the workers wait for the main instance's migrations and compete for the CPU).
		const n8n = await startN8n({
			paths,
			userFolder,
			port: mainPort,
			brokerPort: await lowFreePort(),
			logFile: path.join(logs, 'main.log'),
			env,
			log,
		});
		cleanups.push(() => n8n.stop());
		// Workers stop before the main instance (cleanups run in reverse).
		cleanups.push(async () => {
			await Promise.all(workers.map((w) => w.stop()));
		});
		const workerStarts = await Promise.allSettled(workers.map((w) => w.start()));
		for (const outcome of workerStarts) {
			if (outcome.status === 'rejected') throw outcome.reason;
		}
		log(`[queue] main + ${workerCount} workers ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

		const rest = new N8nRest(n8n.url);
		/** @type {QueueStack} */
		const stack = {
			paths,
			n8n,
			workers,
			redis,
			postgres,
			mailbox,
			rest,
			owner,
			tarball,
			dir,
			env,
			stop,
			workerOf: (executionId) => workers.find((w) => w.executionIds().includes(String(executionId)))?.name,
		};
		if (bootstrap) Object.assign(stack, await bootstrapN8n(rest, mailbox, owner, log));
		return stack;
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * What `npm run dev -- --queue` prints: the URLs, the owner's login, which worker is which, the
 * servers and the logs.
 * @param {QueueStack} stack
 * @param {{ credentialName: string }} options
 * @returns {string}
 */
function queueStackBanner(stack, { credentialName }) {
	const { n8n, workers, redis, postgres, mailbox, owner, credential, workflows = [] } = stack;
	const line = '─'.repeat(76);
	return [
		line,
		` n8n editor     ${n8n.url}   (main instance: editor, REST API, webhooks; pid ${n8n.pid})`,
		` sign in        ${owner.email} / ${owner.password}`,
		...workers.map(
			(w) =>
				` ${w.name.padEnd(14)} n8n worker --concurrency ${w.concurrency}, pid ${w.pid()}, health http://${HOST}:${w.healthPort}/healthz, log ${w.logFile}`,
		),
		` queue Redis    ${redis.host}:${redis.port}  (n8n's queue, and the node's shared state with Shared State "Automatic")`,
		` PostgreSQL     ${postgres.host}:${postgres.port}, database "${postgres.database}", user ${postgres.user} (no password)`,
		` credential     "${credentialName}"  ${n8n.url}/home/credentials/${credential?.id}`,
		` mailbox        ${mailbox.webUrl}   (SMTP ${mailbox.host}:${mailbox.smtpPort}, user ${mailbox.user}, code ${mailbox.code})`,
		' workflows',
		...workflows.map((w) => `   ${w.active ? 'published' : 'draft    '}  ${n8n.url}/workflow/${w.id}  ${w.name}`),
		'',
		' send an alert; a worker runs it (the main instance only queues it):',
		`   curl -s -X POST ${n8n.url}/webhook/alert-email -H 'content-type: application/json' \\`,
		`     -d '{"event":"backup.failed","severity":"error","title":"Nightly backup failed","message":"disk full","source":"db-1"}'`,
		` which worker ran execution N: grep "Worker started execution N " ${path.join(stack.dir, 'logs')}/worker-*.log`,
		` logs           ${path.join(stack.dir, 'logs')}/ (main.log, worker-N.log, redis.log, postgres.log)`,
		' Ctrl-C stops the workers, n8n, Redis, PostgreSQL and the mailbox; the database is deleted (each start is fresh).',
		line,
	].join('\n');
}

module.exports = {
	startQueueStack,
	startRedisServer,
	findRedisServer,
	startPostgres,
	findServices,
	lowFreePort,
	dirInUse,
	queueStackBanner,
};
