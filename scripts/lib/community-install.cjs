// @ts-check
'use strict';
// Builds and packs this package, then installs the tarball into an n8n user folder the way n8n's
// own community-package install does (n8n 2.41 CommunityPackagesService.downloadPackage):
// unpack into `<user folder>/.n8n/nodes/node_modules/<name>`, drop dev/peer/optional dependencies
// from its package.json, `npm install` its runtime dependencies there with scripts off, and record
// it in `.n8n/nodes/package.json`. So n8n loads exactly what `npm publish` would ship.

const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { promisify } = require('node:util');
const { node24Env } = require('./n8n-runtime.cjs');

/**
 * @typedef {import('./n8n-runtime.cjs').Log} Log
 * @typedef {import('./n8n-runtime.cjs').RuntimePaths} RuntimePaths
 */

const run = promisify(execFile);
const REPO_DIR = path.resolve(__dirname, '..', '..');

/**
 * @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv }} options
 */
async function npm(args, options) {
	try {
		return await run('npm', args, { maxBuffer: 64 * 1024 * 1024, ...options });
	} catch (error) {
		const { stdout = '', stderr = '' } = /** @type {{ stdout?: string, stderr?: string }} */ (error);
		throw new Error(`npm ${args.join(' ')} failed in ${options.cwd}:\n${stdout}${stderr}`);
	}
}

/**
 * `npm run build` then `npm pack` (package tests run on the machine's Node); returns the tarball path.
 * @param {{ repoDir?: string, outDir: string, log?: Log }} options
 * @returns {Promise<string>}
 */
async function buildAndPack({ repoDir = REPO_DIR, outDir, log = console.log }) {
	const started = Date.now();
	log('[package] npm run build…');
	await npm(['run', 'build'], { cwd: repoDir });
	fs.mkdirSync(outDir, { recursive: true });
	const { stdout } = await npm(['pack', '--json', '--pack-destination', outDir], { cwd: repoDir });
	/** @type {Array<{ filename: string, entryCount: number }>} */
	const [packed] = JSON.parse(stdout);
	const tarball = path.join(outDir, packed.filename);
	log(`[package] packed ${packed.filename} (${packed.entryCount} files) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return tarball;
}

/**
 * Installs a packed tarball as a community package into `<userFolder>/.n8n/nodes`.
 * @param {{ tarball: string, userFolder: string, paths: RuntimePaths, log?: Log }} options
 * @returns {Promise<{ name: string, version: string, dir: string }>}
 */
async function installCommunityPackage({ tarball, userFolder, paths, log = console.log }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const staging = fs.mkdtempSync(path.join(userFolder, '.unpack-'));
	try {
		await run('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
		const manifestPath = path.join(staging, 'package.json');
		/** @type {Record<string, unknown> & { name: string, version: string }} */
		const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
		for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[field];
		fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

		const dir = path.join(nodesDir, 'node_modules', manifest.name);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(dir), { recursive: true });
		fs.renameSync(staging, dir);
		// The same flags n8n passes when a user installs a community package.
		await npm(
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: dir, env: node24Env(paths) },
		);
		recordDependency(nodesDir, manifest.name, manifest.version);
		log(`[package] installed ${manifest.name}@${manifest.version} into ${nodesDir}`);
		return { name: manifest.name, version: manifest.version, dir };
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
}

/**
 * @param {string} nodesDir
 * @param {string} name
 * @param {string} version
 */
function recordDependency(nodesDir, name, version) {
	const file = path.join(nodesDir, 'package.json');
	/** @type {{ dependencies?: Record<string, string> } & Record<string, unknown>} */
	let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	if (fs.existsSync(file)) manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
	manifest.dependencies = { ...manifest.dependencies, [name]: version };
	fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
}

module.exports = { buildAndPack, installCommunityPackage, REPO_DIR };
