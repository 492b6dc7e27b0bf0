/**
 * One benchmark run in a process of its own, so its peak RSS is its own:
 *   node variant.js <variant> <items> <security> <port> <warm-up server port>
 * Prints one JSON line: { wallMs, items, sent, errors, maxRssMb, executions? }.
 * The clock runs around the timed execution only; loading n8n and the warm-up run are not timed.
 */
import { createTransport } from 'nodemailer';

import { renderAlertMail } from '../nodes/AlertEmail/render/renderMail';
import { loadPackage, runAlertWorkflow } from '../test/helpers/engine';
import { TEST_AUTH_CODE, TEST_USER } from '../test/helpers/smtpServer';
import type { ServerSecurity } from '../test/helpers/smtpServer';
import { alertCredential, alertItems, alertParameters, anchorCredential, anchorParameters } from './workload';
import type { ServerEndpoint } from './workload';
import { anchorNode, registerAnchor } from './anchorNode';
import { runExecutionStorm, runGroupWindowStorm, runLoginBreaker } from './executions';
import type { Counts, ExecutionStats } from './executions';

export { ANCHOR_ROOT } from './anchorNode';

/**
 * One execution of many items: node, anchor, ceiling, storm, stormExpressions. Many executions in
 * one process (bench/executions.ts): execNode, execAnchor, execNoOp, groupWindow, loginBreaker.
 */
export type VariantName =
	'node' | 'anchor' | 'ceiling' | 'storm' | 'stormExpressions' | 'execNode' | 'execAnchor' | 'execNoOp' | 'groupWindow' | 'loginBreaker';

/** Where the client meets the server: straight on loopback, or through the delaying relay (50 ms added RTT). */
export type Profile = 'loopback' | 'rtt50';

export interface VariantResult {
	variant: VariantName;
	security: ServerSecurity;
	items: number;
	wallMs: number;
	sent: number;
	errors: number;
	maxRssMb: number;
	/** Set by the parent for the variants it runs through the relay; absent means loopback. */
	profile?: Profile;
	/** The many-executions variants: how the executions went. */
	executions?: ExecutionStats;
	/** CPU time (user + system) of this process during the timed run. */
	cpuMs?: number;
	/** CPU time of this whole process: loading, warm-up and the timed run. */
	processCpuMs?: number;
}

/** Same pool size as the node's default, so the ceiling measures the node's overhead only. */
const POOL_SIZE = 2;

/** Items for the warm-up execution that runs before the timed one (see BENCHMARKS.md). */
const WARMUP_ITEMS = 50;

async function runNode(server: ServerEndpoint, count: number, workflowId: string): Promise<Counts> {
	const outcome = await runAlertWorkflow({
		parameters: alertParameters,
		credential: alertCredential(server),
		items: alertItems(count),
		workflowId,
	});
	if (outcome.error) throw outcome.error;
	return { sent: outcome.sent.filter((item) => !item.json.error).length, errors: outcome.sent.filter((item) => item.json.error).length };
}

/** The storm as a webhook storm is usually wired: automatic mapping, fixed recipients. */
const stormParameters = { toEmail: 'oncall@example.com', subjectPrefix: '[Bench]', mapping: 'auto', sendInterval: 60, grouping: 'digest' };

async function runStorm(server: ServerEndpoint, count: number, workflowId: string, parameters = stormParameters): Promise<Counts> {
	const outcome = await runAlertWorkflow({
		parameters,
		credential: alertCredential(server),
		items: alertItems(count, { sameKey: true }),
		// Its own workflow each run: the sending interval must not carry over from the warm-up.
		workflowId,
	});
	if (outcome.error) throw outcome.error;
	return { sent: outcome.sent.length, errors: 0 };
}

/** The same storm with manual mapping: six n8n expressions evaluated per item. */
const runStormWithExpressions = (server: ServerEndpoint, count: number, workflowId: string) =>
	runStorm(server, count, workflowId, { ...alertParameters, sendInterval: 60, grouping: 'digest' });

async function runAnchor(server: ServerEndpoint, count: number, workflowId: string): Promise<Counts> {
	registerAnchor();
	const outcome = await runAlertWorkflow({
		node: anchorNode,
		parameters: anchorParameters,
		credential: anchorCredential(server),
		items: alertItems(count),
		workflowId,
	});
	if (outcome.error) throw outcome.error;
	return { sent: outcome.sent.length, errors: 0 };
}

async function runCeiling(server: ServerEndpoint, count: number): Promise<Counts> {
	// Rendered before sending, like the node renders before it sends: the ceiling is the transport alone.
	const mails = alertItems(count).map((item, itemIndex) => ({
		...renderAlertMail(
			{
				alert: {
					...item,
					severity: item.severity as 'error',
					status: 'firing',
					time: new Date().toISOString(),
					fields: {},
					shape: 'flat',
					itemIndex,
				},
				envelope: { to: [{ name: '', address: item.to }], cc: [], bcc: [], replyTo: [], prefix: '[Bench]' },
				throttleKey: `${item.event}|${item.source}`,
				report: { suppressed: 0 },
			},
			{ language: 'en', timeZone: 'UTC', workflowName: 'Bench', highPriority: true },
		),
		from: { name: 'Bench', address: TEST_USER },
		to: [item.to],
	}));
	const transport = createTransport({
		pool: true,
		maxConnections: POOL_SIZE,
		maxMessages: Infinity,
		host: '127.0.0.1',
		port: server.port,
		secure: server.security === 'ssl',
		requireTLS: server.security === 'starttls',
		auth: { user: TEST_USER, pass: TEST_AUTH_CODE },
		tls: { rejectUnauthorized: false },
	});
	try {
		const results = await Promise.allSettled(mails.map((mail) => transport.sendMail(mail)));
		return {
			sent: results.filter((result) => result.status === 'fulfilled').length,
			errors: results.filter((result) => result.status === 'rejected').length,
		};
	} finally {
		transport.close();
	}
}

type Runner = (server: ServerEndpoint, count: number, workflowId: string, warmup: boolean) => Promise<Counts>;

const RUNNERS: Record<VariantName, Runner> = {
	node: runNode,
	anchor: runAnchor,
	ceiling: runCeiling,
	storm: (server, count, workflowId) => runStorm(server, count, workflowId),
	stormExpressions: runStormWithExpressions,
	execNode: (server, count, workflowId) => runExecutionStorm('node', server, count, workflowId),
	execAnchor: (server, count, workflowId) => runExecutionStorm('anchor', server, count, workflowId),
	execNoOp: (server, count, workflowId) => runExecutionStorm('noOp', server, count, workflowId),
	groupWindow: runGroupWindowStorm,
	loginBreaker: runLoginBreaker,
};

async function main() {
	const [variant, count, security, port, warmupPort] = process.argv.slice(2);
	const runner = RUNNERS[variant as VariantName];
	if (!runner) throw new Error(`Unknown variant ${variant}`);
	await loadPackage();
	const endpoint = (value: string) => ({ port: Number(value), security: security as ServerSecurity });
	// A long-lived n8n is warm after its first executions: one small warm-up run, against a server
	// of its own so it does not count, keeps JIT compilation out of every variant's figures alike.
	await runner(endpoint(warmupPort), WARMUP_ITEMS, 'bench-warmup', true);
	const started = process.hrtime.bigint();
	const cpuBefore = process.cpuUsage();
	const counts = await runner(endpoint(port), Number(count), 'bench-timed', false);
	const cpu = process.cpuUsage(cpuBefore);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const result: VariantResult = {
		variant: variant as VariantName,
		security: security as ServerSecurity,
		items: Number(count),
		...counts,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		processCpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
		maxRssMb: process.resourceUsage().maxRSS / 1024,
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error)}\n`);
		process.exit(1);
	});
}
