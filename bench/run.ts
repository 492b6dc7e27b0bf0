/**
 * `npm run bench`: the Alert Email node, n8n's own Send Email node and a direct nodemailer pool,
 * side by side against one local SMTP server, interleaved, repeated, medians. Writes BENCHMARKS.md.
 *   BENCH_REPS (default 3), BENCH_SIZES (default 200,1000), BENCH_STORM (default 10000)
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PACKAGE_ROOT } from '../test/helpers/engine';
import { startSmtpServer } from '../test/helpers/smtpServer';
import type { ServerSecurity, TestSmtpServer } from '../test/helpers/smtpServer';
import { greetWithoutDelay } from './greetingDelay';
import { packageFacts } from './packageFacts';
import { fillTemplate, ratios, summarise, table } from './report';
import type { Measured, Row } from './report';
import { ANCHOR_ROOT } from './variant';
import type { VariantName, VariantResult } from './variant';

const execFileAsync = promisify(execFile);
const reps = Number(process.env.BENCH_REPS ?? 3);
const sizes = (process.env.BENCH_SIZES ?? '200,1000').split(',').map(Number);
const stormSize = Number(process.env.BENCH_STORM ?? 10_000);
const securities: ServerSecurity[] = ['ssl', 'starttls'];

function log(line: string) {
	process.stderr.write(`${line}\n`);
}

function ensureAnchor() {
	if (existsSync(path.join(ANCHOR_ROOT, 'n8n-nodes-base/package.json'))) return;
	log('Installing the anchor (n8n-nodes-base 2.41.1) into bench/anchor, once (~1 min)...');
	execFileSync('npm', ['ci', '--ignore-scripts', '--omit=optional', '--no-audit', '--no-fund'], {
		cwd: path.join(PACKAGE_ROOT, 'bench/anchor'),
		stdio: 'inherit',
	});
}

async function measure(variant: VariantName, items: number, server: TestSmtpServer, warmup: TestSmtpServer): Promise<Measured> {
	const before = { connections: server.connections, logins: server.logins, messages: server.accepted, bytes: server.bytesReceived };
	const script = path.join(__dirname, 'variant.js');
	// Asynchronous on purpose: the SMTP server lives in this process and must keep serving.
	const { stdout: output } = await execFileAsync(process.execPath, [script, variant, String(items), server.security, String(server.port), String(warmup.port)], {
		encoding: 'utf8',
		maxBuffer: 16 * 1024 * 1024,
	});
	const result = JSON.parse(output.trim().split('\n').pop() as string) as VariantResult;
	const measured: Measured = {
		...result,
		connections: server.connections - before.connections,
		logins: server.logins - before.logins,
		messages: server.accepted - before.messages,
		bytes: server.bytesReceived - before.bytes,
	};
	log(
		`  ${variant.padEnd(7)} ${server.security.padEnd(8)} n=${String(items).padEnd(5)} ${measured.wallMs.toFixed(0).padStart(6)} ms ` +
			`${((measured.messages * 1000) / measured.wallMs).toFixed(1).padStart(7)} mails/s  rss ${measured.maxRssMb.toFixed(0)} MB  ` +
			`conn ${measured.connections} logins ${measured.logins} mails ${measured.messages}`,
	);
	return measured;
}

/** Rotates the order each repetition so no variant always runs first (warm caches, CPU boost). */
const rotate = <T>(list: T[], by: number): T[] => list.map((_unused, index) => list[(index + by) % list.length]);

function targets(rows: Row[]) {
	const at = (variant: VariantName, security: string, items: number) =>
		rows.find((row) => row.variant === variant && row.security === security && row.items === items);
	const big = Math.max(...sizes);
	const node = at('node', 'ssl', big);
	const anchor = at('anchor', 'ssl', big);
	const ceiling = at('ceiling', 'ssl', big);
	const storm = at('storm', 'ssl', stormSize);
	if (!node || !anchor || !ceiling || !storm) return [];
	return [
		{ goal: `node ≥ 20× anchor mails/s at N = ${big}, implicit TLS`, value: `${(node.mailsPerSecond / anchor.mailsPerSecond).toFixed(1)}×`, met: node.mailsPerSecond >= 20 * anchor.mailsPerSecond },
		{ goal: 'node logins ≤ pool size (2)', value: String(node.logins), met: node.logins <= 2 },
		{ goal: 'node ≥ 0.8× nodemailer pool ceiling', value: `${(node.mailsPerSecond / ceiling.mailsPerSecond).toFixed(2)}×`, met: node.mailsPerSecond >= 0.8 * ceiling.mailsPerSecond },
		{ goal: `storm: ${stormSize} alerts → 1 email`, value: `${storm.messages} email(s)`, met: storm.messages === 1 },
		{ goal: `storm time < 1/20 of anchor's time for ${big}`, value: `${storm.wallMs.toFixed(0)} ms vs ${anchor.wallMs.toFixed(0)} ms`, met: storm.wallMs * 20 < anchor.wallMs },
		{ goal: "storm peak RSS ≤ anchor's", value: `${storm.maxRssMb.toFixed(0)} MB vs ${anchor.maxRssMb.toFixed(0)} MB`, met: storm.maxRssMb <= anchor.maxRssMb },
	];
}

function versions(): string {
	const version = (dir: string) => {
		try {
			return (JSON.parse(execFileSync('cat', [path.join(dir, 'package.json')], { encoding: 'utf8' })) as { version: string }).version;
		} catch {
			return '?';
		}
	};
	const ours = path.join(PACKAGE_ROOT, 'node_modules');
	return [
		`Node ${process.version}`,
		`n8n-core ${version(path.join(ours, 'n8n-core'))}`,
		`n8n-workflow ${version(path.join(ours, 'n8n-workflow'))}`,
		`nodemailer ${version(path.join(ours, 'nodemailer'))} (ours)`,
		`n8n-nodes-base ${version(path.join(ANCHOR_ROOT, 'n8n-nodes-base'))} with nodemailer ${version(path.join(ANCHOR_ROOT, 'nodemailer'))} (anchor)`,
		`smtp-server ${version(path.join(ours, 'smtp-server'))}`,
	].join(', ');
}

async function measureAll(): Promise<Measured[]> {
	ensureAnchor();
	greetWithoutDelay();
	const start = async () =>
		Object.fromEntries(
			await Promise.all(securities.map(async (security) => [security, await startSmtpServer({ security, keepMessages: false })])),
		) as Record<ServerSecurity, TestSmtpServer>;
	const servers = await start();
	const warmups = await start();
	const results: Measured[] = [];
	try {
		for (let rep = 0; rep < reps; rep++) {
			log(`Repetition ${rep + 1} of ${reps}`);
			for (const security of securities) {
				for (const items of sizes) {
					for (const variant of rotate<VariantName>(['node', 'anchor', 'ceiling'], rep)) {
						results.push(await measure(variant, items, servers[security], warmups[security]));
					}
				}
				for (const storm of rotate<VariantName>(['storm', 'stormExpressions'], rep)) {
					results.push(await measure(storm, stormSize, servers[security], warmups[security]));
				}
			}
		}
	} finally {
		await Promise.all([...Object.values(servers), ...Object.values(warmups)].map((server) => server.close()));
	}
	return results;
}

const RESULTS_FILE = path.join(PACKAGE_ROOT, 'bench/results/latest.json');

async function main() {
	// `--report`: write BENCHMARKS.md again from the last run's measurements, without measuring.
	const reportOnly = process.argv.includes('--report');
	const results = reportOnly ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Measured[]) : await measureAll();
	if (!reportOnly) {
		mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
		writeFileSync(RESULTS_FILE, JSON.stringify(results, null, 1));
	}
	const rows = summarise(results);
	const facts = packageFacts();
	const goals = targets(rows);
	const ratioLines = ratios(rows)
		.map((line) => `| ${line.security} | ${line.items} | ${line.nodeOverAnchor.toFixed(1)}× | ${line.nodeOverCeiling.toFixed(2)}× |`)
		.join('\n');
	const markdown = fillTemplate(readFileSync(path.join(PACKAGE_ROOT, 'bench/BENCHMARKS.template.md'), 'utf8'), {
		date: new Date().toISOString().slice(0, 10),
		repetitions: String(Math.max(...rows.map((row) => row.runs))),
		machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
		versions: versions(),
		stormSize: String(stormSize),
		resultsTable: table(rows),
		ratioLines,
		targetRows: goals.map((goal) => `| ${goal.goal} | ${goal.value} | ${goal.met ? 'yes' : 'no'} |`).join('\n'),
		requireMs: facts.requireMs.toFixed(1),
		tarballKb: facts.tarballKb.toFixed(0),
		unpackedKb: facts.unpackedKb.toFixed(0),
		dependencies: facts.dependencies.join(', '),
		installedMb: (facts.installedKb / 1024).toFixed(1),
	});
	writeFileSync(path.join(PACKAGE_ROOT, 'BENCHMARKS.md'), markdown);
	process.stdout.write(`${table(rows)}\n\n${goals.map((goal) => `${goal.met ? 'MET ' : 'MISS'} ${goal.goal}: ${goal.value}`).join('\n')}\n`);
	log('Wrote BENCHMARKS.md');
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
