/**
 * `npm run bench`: the Alert Email node, n8n's own Send Email node and a direct nodemailer pool,
 * side by side against one local SMTP server, interleaved, repeated, medians. Writes BENCHMARKS.md.
 *   BENCH_REPS (default 3), BENCH_SIZES (default 200,1000), BENCH_STORM (default 10000)
 *   BENCH_PARTS (default items,storm,executions,groupWindow,breaker): which parts to measure
 *   BENCH_EXECUTIONS (default 1000): executions of the execution and group-window storms
 *   BENCH_CONCURRENCY (default 20): executions at once in the execution storm
 *   BENCH_PROFILES (default loopback,rtt50): server profiles of the execution storm
 *   BENCH_BREAKER (default 50): executions with a wrong code
 *   BENCH_QUIET_WAIT (default 120): seconds a run may wait for the machine to be quiet
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSmtpServer } from '../test/helpers/smtpServer';
import type { ServerSecurity, TestSmtpServer } from '../test/helpers/smtpServer';
import { startDelayRelay } from './delayRelay';
import type { DelayRelay } from './delayRelay';
import { CONCURRENCY, GROUP_SPREAD_MS, GROUP_WINDOW_S } from './executions';
import { greetWithoutDelay } from './greetingDelay';
import { packageFacts } from './packageFacts';
import type { PackageFacts } from './packageFacts';
import { REPO_ROOT, snapshotPackage } from './paths';
import type { Snapshot } from './paths';
import {
	breakerTable,
	executionTable,
	fillTemplate,
	groupWindowTable,
	ITEM_VARIANTS,
	median,
	PROFILE_LABELS,
	ratios,
	summarise,
	table,
} from './report';
import type { Measured, Row } from './report';
import { ANCHOR_ROOT } from './variant';
import type { Profile, VariantName, VariantResult } from './variant';

const execFileAsync = promisify(execFile);
const reps = Number(process.env.BENCH_REPS ?? 3);
const sizes = (process.env.BENCH_SIZES ?? '200,1000').split(',').map(Number);
const defaultStormSize = Number(process.env.BENCH_STORM ?? 10_000);
const securities: ServerSecurity[] = ['ssl', 'starttls'];
const parts = new Set((process.env.BENCH_PARTS ?? 'items,storm,executions,groupWindow,breaker').split(','));
const executionCount = Number(process.env.BENCH_EXECUTIONS ?? 1000);
const breakerCount = Number(process.env.BENCH_BREAKER ?? 50);
const profiles = (process.env.BENCH_PROFILES ?? 'loopback,rtt50').split(',') as Profile[];
/** The many-executions variants run over implicit TLS only (the security the targets name). */
const EXECUTION_SECURITY: ServerSecurity = 'ssl';
/** Added round trip of the rtt50 profile: the relay holds every chunk 25 ms each way. */
const RELAY_ONE_WAY_MS = 25;

function log(line: string) {
	process.stderr.write(`${line}\n`);
}

function ensureAnchor() {
	if (existsSync(path.join(ANCHOR_ROOT, 'n8n-nodes-base/package.json'))) return;
	log('Installing the anchor (n8n-nodes-base 2.41.1) into bench/anchor, once (~1 min)...');
	execFileSync('npm', ['ci', '--ignore-scripts', '--omit=optional', '--no-audit', '--no-fund'], {
		cwd: path.join(REPO_ROOT, 'bench/anchor'),
		stdio: 'inherit',
	});
}

/** CPU time the whole machine has spent busy, ms (Linux /proc/stat, USER_HZ 100); undefined elsewhere. */
function machineBusyMs(): number | undefined {
	try {
		const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		return (user + nice + system + irq + softirq + (steal || 0)) * 10;
	} catch {
		return undefined;
	}
}

/** Others' tests and builds share the machine: a run starts once it has been quiet for a second (at most BENCH_QUIET_WAIT s, default 120). */
const QUIET_CORES = 0.3;
const quietWaitMs = Number(process.env.BENCH_QUIET_WAIT ?? 120) * 1000;

async function waitForQuiet(): Promise<void> {
	const started = performance.now();
	for (;;) {
		const before = machineBusyMs();
		if (before === undefined) return;
		await new Promise((resolve) => setTimeout(resolve, 1000));
		const busyCores = ((machineBusyMs() as number) - before) / 1000;
		const waited = performance.now() - started;
		if (busyCores < QUIET_CORES) {
			if (waited > 1500) log(`  (waited ${(waited / 1000).toFixed(0)} s for a quiet machine)`);
			return;
		}
		if (waited >= quietWaitMs) {
			log(`  (machine still busy after ${(waited / 1000).toFixed(0)} s: ${busyCores.toFixed(2)} cores; running anyway)`);
			return;
		}
	}
}

const ownCpuMs = () => {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
};

/**
 * One run of a variant in a process of its own. `relay`: the client reaches the server through the
 * delaying relay (profile rtt50); the server counts as always. The warm-up always goes straight.
 */
async function measure(
	variant: VariantName,
	items: number,
	server: TestSmtpServer,
	warmup: TestSmtpServer,
	relay?: DelayRelay,
): Promise<Measured> {
	const before = {
		connections: server.connections,
		logins: server.logins,
		failedLogins: server.failedLogins,
		messages: server.accepted,
		bytes: server.bytesReceived,
	};
	await waitForQuiet();
	const script = path.join(__dirname, 'variant.js');
	const port = relay?.port ?? server.port;
	const machineBefore = machineBusyMs();
	const ownBefore = ownCpuMs();
	const wallBefore = performance.now();
	// Asynchronous on purpose: the SMTP server lives in this process and must keep serving.
	const { stdout: output } = await execFileAsync(
		process.execPath,
		[script, variant, String(items), server.security, String(port), String(warmup.port)],
		{
			encoding: 'utf8',
			maxBuffer: 16 * 1024 * 1024,
		},
	);
	const result = JSON.parse(output.trim().split('\n').pop() as string) as VariantResult;
	const machineAfter = machineBusyMs();
	const others =
		machineBefore === undefined || machineAfter === undefined || result.processCpuMs === undefined
			? undefined
			: Math.max(0, machineAfter - machineBefore - (ownCpuMs() - ownBefore) - result.processCpuMs) / (performance.now() - wallBefore);
	const measured: Measured = {
		...result,
		...(relay ? { profile: 'rtt50' as const } : {}),
		connections: server.connections - before.connections,
		logins: server.logins - before.logins,
		failedLogins: server.failedLogins - before.failedLogins,
		messages: server.accepted - before.messages,
		bytes: server.bytesReceived - before.bytes,
		...(others === undefined ? {} : { otherCores: others }),
	};
	const runs = measured.executions;
	log(
		`  ${variant.padEnd(12)} ${server.security.padEnd(8)} ${relay ? 'rtt50   ' : 'loopback'} n=${String(items).padEnd(5)} ${measured.wallMs.toFixed(0).padStart(6)} ms ` +
			`${((measured.messages * 1000) / measured.wallMs).toFixed(1).padStart(7)} mails/s  rss ${measured.maxRssMb.toFixed(0)} MB  ` +
			`conn ${measured.connections} logins ${measured.logins} refused ${measured.failedLogins} mails ${measured.messages}` +
			(others === undefined ? '' : `  others ${others.toFixed(2)} cores`) +
			(runs
				? `  executions: failed ${runs.failed} median ${runs.medianMs.toFixed(0)} ms max ${runs.maxMs.toFixed(0)} ms` +
					(runs.handing !== undefined
						? ` opener ${runs.owners} handing ${runs.handing} (median ${runs.handingMedianMs?.toFixed(0)} ms, max ${runs.handingMaxMs?.toFixed(0)} ms) last ${runs.lastFinishMs?.toFixed(0)} ms digest ${runs.digestAlerts} alerts, last arrival ${runs.arrivalSpanMs?.toFixed(0)} ms`
						: '') +
					(runs.paused !== undefined ? ` paused ${runs.paused}` : '') +
					(runs.firstError ? ` first error: ${runs.firstError.slice(0, 200)}` : '')
				: ''),
	);
	return measured;
}

/** Rotates the order each repetition so no variant always runs first (warm caches, CPU boost). */
const rotate = <T>(list: T[], by: number): T[] => list.map((_unused, index) => list[(index + by) % list.length]);

function targets(rows: Row[]) {
	const at = (variant: VariantName, security: string, items: number) =>
		rows.find((row) => row.variant === variant && row.security === security && row.items === items);
	const big = measuredSize(rows, 'node', Math.max(...sizes));
	const stormSize = measuredSize(rows, 'storm', defaultStormSize);
	const node = at('node', 'ssl', big);
	const anchor = at('anchor', 'ssl', big);
	const ceiling = at('ceiling', 'ssl', big);
	const storm = at('storm', 'ssl', stormSize);
	if (!node || !anchor || !ceiling || !storm) return [];
	return [
		{
			goal: `node ≥ 20× anchor mails/s at N = ${big}, implicit TLS`,
			value: `${(node.mailsPerSecond / anchor.mailsPerSecond).toFixed(1)}×`,
			met: node.mailsPerSecond >= 20 * anchor.mailsPerSecond,
		},
		{ goal: 'node logins ≤ pool size (2)', value: String(node.logins), met: node.logins <= 2 },
		{
			goal: 'node ≥ 0.8× nodemailer pool ceiling',
			value: `${(node.mailsPerSecond / ceiling.mailsPerSecond).toFixed(2)}×`,
			met: node.mailsPerSecond >= 0.8 * ceiling.mailsPerSecond,
		},
		{ goal: `storm: ${stormSize} alerts → 1 email`, value: `${storm.messages} email(s)`, met: storm.messages === 1 },
		{
			goal: `storm time < 1/20 of anchor's time for ${big}`,
			value: `${storm.wallMs.toFixed(0)} ms vs ${anchor.wallMs.toFixed(0)} ms`,
			met: storm.wallMs * 20 < anchor.wallMs,
		},
		{
			goal: "storm peak RSS ≤ anchor's",
			value: `${storm.maxRssMb.toFixed(0)} MB vs ${anchor.maxRssMb.toFixed(0)} MB`,
			met: storm.maxRssMb <= anchor.maxRssMb,
		},
	];
}

/** The largest N a variant was measured with (so --report reads the run's sizes, not this shell's BENCH_* values). */
function measuredSize(rows: Row[], variant: VariantName, fallback: number): number {
	const sizesOf = rows.filter((row) => row.variant === variant).map((row) => row.items);
	return sizesOf.length ? Math.max(...sizesOf) : fallback;
}

/** The many-executions targets. Rates are medians; "at most" targets take the worst repetition. */
function executionTargets(rows: Row[], results: Measured[]) {
	const at = (variant: VariantName, profile: Profile) => rows.find((row) => row.variant === variant && row.profile === profile);
	const worst = (variant: VariantName, pick: (run: Measured) => number, profile: Profile = 'loopback') => {
		const runs = results.filter((run) => run.variant === variant && (run.profile ?? 'loopback') === profile);
		return runs.length ? Math.max(...runs.map(pick)) : undefined;
	};
	const goals: Array<{ goal: string; value: string; met: boolean }> = [];
	for (const profile of ['loopback', 'rtt50'] as const) {
		const node = at('execNode', profile);
		const anchor = at('execAnchor', profile);
		const where = PROFILE_LABELS[profile];
		if (node) {
			const logins = worst('execNode', (run) => run.logins, profile) as number;
			goals.push({
				goal: `execution storm (${where}): node logins ≤ Connections (2)`,
				value: `${logins} (worst run; ${node.connections} connections)`,
				met: logins <= 2,
			});
		}
		if (node && anchor) {
			const ratio = node.mailsPerSecond / anchor.mailsPerSecond;
			goals.push({
				goal: `execution storm (${where}): node ≥ 10× Send Email mails/s`,
				value: `${ratio.toFixed(2)}× (${node.mailsPerSecond.toFixed(1)} vs ${anchor.mailsPerSecond.toFixed(1)} mails/s)`,
				met: ratio >= 10,
			});
		}
	}
	const window = at('groupWindow', 'loopback');
	if (window) {
		const emails = worst('groupWindow', (run) => run.messages) as number;
		const handing = worst('groupWindow', (run) => run.executions?.handingMaxMs ?? Infinity) as number;
		goals.push({
			goal: `group-window storm: ${window.items} executions → at most 2 emails`,
			value: `${emails} email(s) (worst run)`,
			met: emails <= 2,
		});
		goals.push({
			goal: 'group-window storm: every handing execution ends in < 1 s',
			value: `slowest ${handing.toFixed(0)} ms (worst run)`,
			met: handing < 1000,
		});
	}
	const breaker = at('loginBreaker', 'loopback');
	if (breaker) {
		const attempts = worst('loginBreaker', (run) => run.logins + run.failedLogins) as number;
		goals.push({
			goal: `login breaker: ${breaker.items} executions with a wrong code → at most 2 login attempts`,
			value: `${attempts} (worst run)`,
			met: attempts <= 2,
		});
	}
	return goals;
}

function versions(): string {
	const version = (dir: string) => {
		try {
			return (JSON.parse(execFileSync('cat', [path.join(dir, 'package.json')], { encoding: 'utf8' })) as { version: string }).version;
		} catch {
			return '?';
		}
	};
	const ours = path.join(REPO_ROOT, 'node_modules');
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
	const execServer = servers[EXECUTION_SECURITY];
	const execWarmup = warmups[EXECUTION_SECURITY];
	const relay = parts.has('executions') && profiles.includes('rtt50') ? await startDelayRelay(execServer, RELAY_ONE_WAY_MS) : undefined;
	const results: Measured[] = [];
	try {
		for (let rep = 0; rep < reps; rep++) {
			log(`Repetition ${rep + 1} of ${reps}`);
			for (const security of securities) {
				if (parts.has('items')) {
					for (const items of sizes) {
						for (const variant of rotate<VariantName>(['node', 'anchor', 'ceiling'], rep)) {
							results.push(await measure(variant, items, servers[security], warmups[security]));
						}
					}
				}
				if (parts.has('storm')) {
					for (const storm of rotate<VariantName>(['storm', 'stormExpressions'], rep)) {
						results.push(await measure(storm, defaultStormSize, servers[security], warmups[security]));
					}
				}
			}
			if (parts.has('executions')) {
				for (const profile of rotate(profiles, rep)) {
					// No Operation measures the engine, which no distance changes: on loopback only.
					const clients: VariantName[] = profile === 'loopback' ? ['execNode', 'execAnchor', 'execNoOp'] : ['execNode', 'execAnchor'];
					for (const variant of rotate(clients, rep)) {
						results.push(await measure(variant, executionCount, execServer, execWarmup, profile === 'rtt50' ? relay : undefined));
					}
				}
			}
			if (parts.has('groupWindow')) results.push(await measure('groupWindow', executionCount, execServer, execWarmup));
			if (parts.has('breaker')) results.push(await measure('loginBreaker', breakerCount, execServer, execWarmup));
		}
	} finally {
		await relay?.close();
		await Promise.all([...Object.values(servers), ...Object.values(warmups)].map((server) => server.close()));
	}
	return results;
}

const RESULTS_FILE = path.join(REPO_ROOT, 'bench/results/latest.json');

/**
 * Numbers that say what bounds each client in the execution storm (BENCHMARKS.md's "What bounds
 * each client"), per profile: `loop…` on loopback, `rtt…` at the added round trip. '–' when not measured.
 */
function boundFigures(rows: Row[]): Record<string, string> {
	const rtt = 2 * RELAY_ONE_WAY_MS;
	const figures: Record<string, string> = { rtt: String(rtt) };
	for (const [prefix, profile] of [
		['loop', 'loopback'],
		['rtt', 'rtt50'],
	] as const) {
		const node = rows.find((row) => row.variant === 'execNode' && row.profile === profile);
		const anchor = rows.find((row) => row.variant === 'execAnchor' && row.profile === profile);
		const set = (name: string, value: number | undefined, digits = 0) =>
			(figures[`${prefix}${name}`] = value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
		const connections = node ? Math.max(1, node.connections) : undefined;
		// Each of the node's connections carries one mail after another: time per mail per connection.
		const nodeMsPerMail = node && connections ? (connections * 1000) / node.mailsPerSecond : undefined;
		const anchorMs = anchor?.executions?.medianMs;
		const inFlight = anchor?.executions?.concurrency;
		set('Connections', connections);
		set('NodeMailsPerSecond', node?.mailsPerSecond, 1);
		set('NodeMsPerExecution', node ? node.wallMs / node.items : undefined, 1);
		set('NodeCpuMsPerExecution', node?.cpuMs ? node.cpuMs / node.items : undefined, 1);
		set('NodeBusy', node?.cpuMs ? (100 * node.cpuMs) / node.wallMs : undefined);
		set('AnchorCpuMsPerExecution', anchor?.cpuMs ? anchor.cpuMs / anchor.items : undefined, 1);
		const noOp = rows.find((row) => row.variant === 'execNoOp' && row.profile === profile);
		set('NoOpCpuMsPerExecution', noOp?.cpuMs ? noOp.cpuMs / noOp.items : undefined, 1);
		set('NoOpExecutionsPerSecond', noOp ? (noOp.items * 1000) / noOp.wallMs : undefined);
		set('NodeFloorRatio', node && noOp?.cpuMs && node.cpuMs ? node.cpuMs / noOp.cpuMs : undefined, 1);
		set('TenfoldCpuMs', anchor ? 1000 / (10 * anchor.mailsPerSecond) : undefined, 1);
		// What one mail costs the node's process inside one execution of many items (first table, implicit TLS, largest N).
		const big = measuredSize(rows, 'node', Math.max(...sizes));
		const batch = rows.find((row) => row.variant === 'node' && row.security === EXECUTION_SECURITY && row.items === big);
		const mailCpu = batch?.cpuMs ? batch.cpuMs / batch.items : undefined;
		set('MailCpuMs', mailCpu, 1);
		set('BatchItems', batch?.items);
		set('MailBound', mailCpu ? 1000 / mailCpu : undefined);
		set('MailBoundRatio', mailCpu && anchor ? 1000 / mailCpu / anchor.mailsPerSecond : undefined, 1);
		set(
			'NodeRestCpuMs',
			node?.cpuMs && mailCpu && noOp?.cpuMs ? node.cpuMs / node.items - mailCpu - noOp.cpuMs / noOp.items : undefined,
			1,
		);
		set('NodeMsPerMail', nodeMsPerMail);
		set('NodeRoundTrips', nodeMsPerMail === undefined ? undefined : nodeMsPerMail / rtt, 1);
		set('NodeBound', connections === undefined ? undefined : (connections * 1000) / (2 * rtt));
		set('AnchorMailsPerSecond', anchor?.mailsPerSecond, 1);
		set('AnchorMsPerMail', anchorMs);
		set('AnchorRoundTrips', anchorMs === undefined ? undefined : anchorMs / rtt, 1);
		set('AnchorInFlight', inFlight);
		set('AnchorBound', anchorMs && inFlight ? (inFlight * 1000) / anchorMs : undefined);
		set('Ratio', node && anchor ? node.mailsPerSecond / anchor.mailsPerSecond : undefined, 2);
		set('TenfoldConnections', anchor && nodeMsPerMail ? Math.ceil((10 * anchor.mailsPerSecond * nodeMsPerMail) / 1000) : undefined);
	}
	// The template uses these (round trips mean nothing on loopback; CPU per execution is the loopback story).
	const used = {
		loop: [
			'NodeMailsPerSecond',
			'NodeMsPerExecution',
			'NodeCpuMsPerExecution',
			'NodeBusy',
			'AnchorCpuMsPerExecution',
			'NoOpCpuMsPerExecution',
			'NoOpExecutionsPerSecond',
			'NodeFloorRatio',
			'TenfoldCpuMs',
			'MailCpuMs',
			'BatchItems',
			'MailBound',
			'MailBoundRatio',
			'NodeRestCpuMs',
			'AnchorMailsPerSecond',
			'AnchorMsPerMail',
			'AnchorInFlight',
			'AnchorBound',
			'Ratio',
		],
		rtt: [
			'Connections',
			'NodeMailsPerSecond',
			'NodeMsPerMail',
			'NodeRoundTrips',
			'NodeBound',
			'AnchorMailsPerSecond',
			'AnchorMsPerMail',
			'AnchorRoundTrips',
			'AnchorInFlight',
			'AnchorBound',
			'Ratio',
			'TenfoldConnections',
		],
	};
	return Object.fromEntries(
		Object.entries(figures).filter(
			([key]) => key === 'rtt' || used.loop.some((name) => key === `loop${name}`) || used.rtt.some((name) => key === `rtt${name}`),
		),
	);
}

/** How busy the rest of the machine was while the bench ran (others' tests and builds share it). */
function noiseLine(results: Measured[]): string {
	const cores = results.flatMap((run) => (run.otherCores === undefined ? [] : [run.otherCores]));
	if (cores.length === 0) return 'not measured (no /proc/stat)';
	const worst = results.reduce((top, run) => ((run.otherCores ?? -1) > (top.otherCores ?? -1) ? run : top));
	return (
		`${median(cores).toFixed(2)} of ${os.cpus().length} cores (median of ${cores.length} runs), ` +
		`at most ${(worst.otherCores as number).toFixed(2)} in one run (${worst.variant}, ${worst.profile ?? 'loopback'}, n = ${worst.items})`
	);
}

/** What a run measured besides the results: which package, when, and what installing it costs. */
interface RunMeta {
	date: string;
	snapshot: Snapshot;
	facts?: PackageFacts;
}

async function describeRun(snapshot?: Snapshot, withFacts = true): Promise<RunMeta> {
	const taken = snapshot ?? (await snapshotPackage());
	return { date: new Date().toISOString().slice(0, 10), snapshot: taken, ...(withFacts ? { facts: packageFacts(taken.tarball) } : {}) };
}

const META_FILE = path.join(REPO_ROOT, 'bench/results/latest.meta.json');

/** A run of some parts only (BENCH_PARTS) keeps latest.json and BENCHMARKS.md as they are. */
const PARTIAL_FILE = path.join(REPO_ROOT, 'bench/results/partial.json');
const ALL_PARTS = ['items', 'storm', 'executions', 'groupWindow', 'breaker'];

async function main() {
	// `--report`: write BENCHMARKS.md again from the last run's measurements, without measuring.
	const reportOnly = process.argv.includes('--report');
	const partial = !reportOnly && ALL_PARTS.some((part) => !parts.has(part));
	let results: Measured[];
	let meta: RunMeta;
	if (reportOnly) {
		results = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Measured[];
		meta = existsSync(META_FILE) ? (JSON.parse(readFileSync(META_FILE, 'utf8')) as RunMeta) : await describeRun();
	} else {
		const snapshot = await snapshotPackage();
		log(
			`Package under test: dist/ of ${snapshot.commit}${snapshot.uncommitted.length ? ` with ${snapshot.uncommitted.length} uncommitted change(s)` : ''}, copied to .bench-build`,
		);
		results = await measureAll();
		meta = await describeRun(snapshot, !partial);
		mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
		writeFileSync(partial ? PARTIAL_FILE : RESULTS_FILE, JSON.stringify(results, null, 1));
		if (!partial) writeFileSync(META_FILE, JSON.stringify(meta, null, 1));
	}
	const rows = summarise(results);
	const itemRows = rows.filter((row) => ITEM_VARIANTS.includes(row.variant));
	const only = (variant: VariantName) => rows.filter((row) => row.variant === variant);
	const executionRows = rows.filter((row) => ['execNode', 'execAnchor', 'execNoOp'].includes(row.variant));
	const goals = [...targets(rows), ...executionTargets(rows, results)];
	const summary =
		`${table(itemRows)}\n\n${executionTable(executionRows)}\n\n${groupWindowTable(only('groupWindow'))}\n\n${breakerTable(only('loginBreaker'))}\n\n` +
		`${goals.map((goal) => `${goal.met ? 'MET ' : 'MISS'} ${goal.goal}: ${goal.value}`).join('\n')}\n`;
	if (partial) {
		process.stdout.write(summary);
		log(`Some parts only (BENCH_PARTS): wrote ${path.relative(REPO_ROOT, PARTIAL_FILE)}; BENCHMARKS.md and latest.json unchanged`);
		return;
	}
	const facts = meta.facts as PackageFacts;
	const ratioLines = ratios(itemRows)
		.map((line) => `| ${line.security} | ${line.items} | ${line.nodeOverAnchor.toFixed(1)}× | ${line.nodeOverCeiling.toFixed(2)}× |`)
		.join('\n');
	const executions = measuredSize(rows, 'execNode', executionCount);
	const markdown = fillTemplate(readFileSync(path.join(REPO_ROOT, 'bench/BENCHMARKS.template.md'), 'utf8'), {
		date: meta.date,
		packageVersion: `${meta.snapshot.commit}${meta.snapshot.uncommitted.length ? ` plus uncommitted changes to ${meta.snapshot.uncommitted.map((line) => line.slice(3)).join(', ')}` : ''}`,
		repetitions: String(Math.max(...rows.map((row) => row.runs))),
		machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
		versions: versions(),
		noise: noiseLine(results),
		stormSize: String(measuredSize(rows, 'storm', defaultStormSize)),
		resultsTable: table(itemRows),
		ratioLines,
		executionCount: String(executions),
		concurrency: String(CONCURRENCY),
		executionTable: executionTable(executionRows),
		groupWindowS: String(GROUP_WINDOW_S),
		groupSpreadS: String(GROUP_SPREAD_MS / 1000),
		groupSpacingMs: String(GROUP_SPREAD_MS / measuredSize(rows, 'groupWindow', executions)),
		groupWindowTable: groupWindowTable(only('groupWindow')),
		breakerCount: String(measuredSize(rows, 'loginBreaker', breakerCount)),
		breakerTable: breakerTable(only('loginBreaker')),
		...boundFigures(rows),
		targetRows: goals.map((goal) => `| ${goal.goal} | ${goal.value} | ${goal.met ? 'yes' : 'no'} |`).join('\n'),
		requireMs: facts.requireMs.toFixed(1),
		tarballKb: facts.tarballKb.toFixed(0),
		unpackedKb: facts.unpackedKb.toFixed(0),
		dependencies: facts.dependencies.join(', '),
		installedMb: (facts.installedKb / 1024).toFixed(1),
	});
	writeFileSync(path.join(REPO_ROOT, 'BENCHMARKS.md'), markdown);
	process.stdout.write(summary);
	log('Wrote BENCHMARKS.md');
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
