/** The package's cold `require` time and what installing it costs. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT, SNAPSHOT_ROOT } from './paths';
import type { Snapshot } from './paths';
import { median } from './report';

export interface PackageFacts {
	requireMs: number;
	tarballKb: number;
	unpackedKb: number;
	installedKb: number;
	dependencies: string[];
}

/** n8n has n8n-workflow loaded before it loads a community node, so only our own modules are timed. */
const REQUIRE_PROBE = `
require('n8n-workflow');
const started = process.hrtime.bigint();
require(process.argv[1] + '/dist/nodes/AlertEmail/AlertEmail.node.js');
require(process.argv[1] + '/dist/credentials/SmtpAlertApi.credentials.js');
process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
`;

function requireTime(): number {
	const samples = Array.from({ length: 7 }, () =>
		Number(execFileSync(process.execPath, ['-e', REQUIRE_PROBE, SNAPSHOT_ROOT], { cwd: REPO_ROOT, encoding: 'utf8' })),
	);
	return median(samples);
}

function diskKb(dir: string): number {
	return Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
}

/** What installing the snapshot's tarball costs, and the snapshot's cold require time. */
export function packageFacts(tarball: Snapshot['tarball']): PackageFacts {
	const work = mkdtempSync(path.join(os.tmpdir(), 'alert-email-install-'));
	try {
		// Install the tarball as n8n's community installer does: production dependencies, peers provided by n8n.
		execFileSync(
			'npm',
			['install', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', work, tarball.file],
			{
				cwd: work,
				stdio: 'ignore',
			},
		);
		const modules = path.join(work, 'node_modules');
		const dependencies = execFileSync('ls', [modules], { encoding: 'utf8' }).split('\n').filter(Boolean);
		return {
			requireMs: requireTime(),
			tarballKb: tarball.size / 1024,
			unpackedKb: tarball.unpackedSize / 1024,
			installedKb: diskKb(modules),
			dependencies,
		};
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}
