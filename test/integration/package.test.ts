/** What `npm pack` ships is what n8n loads: the `n8n` paths, icons and codex must be in the tarball. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { loadPackage, PACKAGE_ROOT } from '../helpers/engine';

interface PackFile {
	path: string;
}

const packageJson = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	keywords: string[];
	n8n: { n8nNodesApiVersion: number; nodes: string[]; credentials: string[] };
};

describe('the packed package', () => {
	const files = (() => {
		const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
		return new Set((JSON.parse(out) as Array<{ files: PackFile[] }>)[0].files.map((file) => file.path));
	})();

	it('is a community node package', () => {
		expect(packageJson.name).toMatch(/^n8n-nodes-/);
		expect(packageJson.keywords).toContain('n8n-community-node-package');
		expect(packageJson.n8n.n8nNodesApiVersion).toBe(1);
	});

	it('contains every file its n8n block points at, with icons and codex', () => {
		for (const file of [...packageJson.n8n.nodes, ...packageJson.n8n.credentials]) expect(files).toContain(file);
		for (const file of [
			'dist/nodes/AlertEmail/AlertEmail.node.json',
			'dist/nodes/AlertEmail/alertEmail.svg',
			'dist/nodes/AlertEmail/alertEmail.dark.svg',
			'README.md',
			'LICENSE',
		]) {
			expect(files).toContain(file);
		}
		expect([...files].filter((file) => /^(test|nodes|credentials)\//.test(file))).toEqual([]);
	});

	// The loader names nodes without the package prefix; n8n adds it when it registers them.
	it('loads in n8n with the credential linked to the node that tests it', async () => {
		const loader = await loadPackage();
		expect(Object.keys(loader.nodeTypes)).toEqual(['alertEmail']);
		expect(Object.keys(loader.credentialTypes)).toEqual(['smtpAlertApi']);
		expect(loader.known.credentials.smtpAlertApi.supportedNodes).toEqual(['alertEmail']);
		expect(loader.types.nodes[0].codex).toMatchObject({ categories: expect.arrayContaining(['Communication']) });
	});
});
