/**
 * Where the bench reads and writes. The repository (template, results, BENCHMARKS.md, the anchor's
 * install) is two levels above the compiled bench (.bench-build/bench/). The package under test is a
 * snapshot of dist/ taken when the run starts (snapshotPackage), so that a colleague's `npm run
 * build`, which wipes dist/, cannot pull the package out from under a run that takes many minutes:
 * with .bench-build/package.json beside it, the engine harness (which looks upwards from its own
 * compiled file for the package) loads .bench-build/dist. The tarball is packed at the same moment.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
/** The package under test: package.json and dist/ as they were when the run started. */
export const SNAPSHOT_ROOT = path.resolve(__dirname, '..');

if (!existsSync(path.join(REPO_ROOT, 'bench/BENCHMARKS.template.md'))) {
	throw new Error(`Run the compiled bench from .bench-build/bench (no bench/BENCHMARKS.template.md in ${REPO_ROOT})`);
}

export interface Snapshot {
	/** HEAD when the snapshot was taken. */
	commit: string;
	/** Uncommitted changes to the package's sources then (git status of nodes/, credentials/, package.json). */
	uncommitted: string[];
	/** `npm pack` of the same dist. */
	tarball: { file: string; size: number; unpackedSize: number };
}

interface PackageJson {
	n8n: { nodes: string[]; credentials: string[] };
}

/** The files a complete build has: the entry points n8n loads and the assets gulp copies last. */
function buildComplete(root: string): boolean {
	const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
	const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const assets = ['dist/nodes/AlertEmail/AlertEmail.node.json', 'dist/nodes/AlertEmail/alertEmail.svg'];
	return [...entries, ...assets].every((file) => existsSync(path.join(root, file)));
}

/** Every file of dist/ with its size and time: a build in between changes it. */
function fingerprint(dir: string): string {
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.sort()
		.map((file) => {
			const stats = statSync(path.join(dir, file));
			return `${file}:${stats.size}:${stats.mtimeMs}`;
		})
		.join('\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();

function copyAndPack(): Snapshot {
	rmSync(path.join(SNAPSHOT_ROOT, 'dist'), { recursive: true, force: true });
	const packDir = path.join(SNAPSHOT_ROOT, 'pack');
	rmSync(packDir, { recursive: true, force: true });
	mkdirSync(packDir, { recursive: true });
	// Without declarations: `eslint .` lints every .ts file it finds, .bench-build's too.
	cpSync(path.join(REPO_ROOT, 'dist'), path.join(SNAPSHOT_ROOT, 'dist'), {
		recursive: true,
		filter: (source) => !/\.d\.ts(\.map)?$/.test(source),
	});
	writeFileSync(path.join(SNAPSHOT_ROOT, 'package.json'), readFileSync(path.join(REPO_ROOT, 'package.json')));
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], { cwd: REPO_ROOT, encoding: 'utf8' }),
	) as Array<{ filename: string; size: number; unpackedSize: number }>;
	return {
		commit: git('rev-parse', '--short', 'HEAD'),
		uncommitted: git('status', '--porcelain', '--', 'nodes', 'credentials', 'package.json').split('\n').filter(Boolean),
		tarball: { file: path.join(packDir, packed.filename), size: packed.size, unpackedSize: packed.unpackedSize },
	};
}

/** Copies dist/ and package.json into .bench-build and packs the tarball, from one complete build (waits up to a minute for one). */
export async function snapshotPackage(): Promise<Snapshot> {
	for (let waited = 0; ; waited += 1000) {
		if (buildComplete(REPO_ROOT)) {
			const before = fingerprint(path.join(REPO_ROOT, 'dist'));
			const snapshot = copyAndPack();
			if (buildComplete(REPO_ROOT) && fingerprint(path.join(REPO_ROOT, 'dist')) === before && buildComplete(SNAPSHOT_ROOT)) return snapshot;
		}
		if (waited >= 60_000) throw new Error('dist/ is not one complete build (a build running?): run npm run build');
		await sleep(1000);
	}
}
