/**
 * Storms that arrive as many executions (one webhook call per alert), all in one process as in one
 * n8n: each call of runAlertWorkflow is one execution through n8n-core's WorkflowExecute.
 * - execution storm: `count` executions of one distinct alert each, CONCURRENCY at a time, through
 *   the Alert Email node (one shared session) or Send Email v2 (a connection per execution), and
 *   through No Operation (n8n's engine alone: what any node's execution costs at the least);
 * - group-window storm: `count` executions arriving evenly over 10 s, digest with Group Window 15 s;
 * - login breaker: `count` executions at once with a wrong authorization code.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runAlertWorkflow } from '../test/helpers/engine';
import type { RunOutcome } from '../test/helpers/engine';
import { anchorNode, noOpNode, registerAnchor, registerNoOp } from './anchorNode';
import { median } from './report';
import { alertCredential, alertItems, alertParameters, anchorCredential, anchorParameters } from './workload';
import type { ServerEndpoint } from './workload';

/** Executions in flight at once in the execution storm (n8n's default concurrency is unlimited; 20 is a busy webhook). */
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
/** The group-window storm: arrivals spread evenly over this long, and the window it uses. */
export const GROUP_SPREAD_MS = 10_000;
export const GROUP_WINDOW_S = 15;
/** The warm-up of the group-window storm: the same, shorter. */
const WARMUP_SPREAD_MS = 500;
const WARMUP_WINDOW_S = 1;
export const WRONG_CODE = 'wrong-authorization-code';

export interface ExecutionStats {
	executions: number;
	/** Executions in flight at once (execution storm) or 0 (all at once / spread over time). */
	concurrency: number;
	/** Executions that ended with a workflow error. */
	failed: number;
	medianMs: number;
	maxMs: number;
	/** Group window: executions that opened a window and sent the digest. */
	owners?: number;
	/** Group window: executions that handed their alert to another's window (Skipped, "grouped"). */
	handing?: number;
	handingMedianMs?: number;
	handingMaxMs?: number;
	/** Group window: how long the execution that finished last ran. */
	lastFinishMs?: number;
	/** Group window: alerts the digest(s) carried. */
	digestAlerts?: number;
	/** Group window: when the last execution started, after the first. */
	arrivalSpanMs?: number;
	/** Login breaker: failures that say no login was tried (the pause answered). */
	paused?: number;
	/** The first failure's message, to read in the log. */
	firstError?: string;
}

export interface Counts {
	sent: number;
	errors: number;
	executions?: ExecutionStats;
}

interface Finished {
	outcome: RunOutcome;
	ms: number;
}

async function timedRun(run: () => Promise<RunOutcome>): Promise<Finished> {
	const started = performance.now();
	const outcome = await run();
	return { outcome, ms: performance.now() - started };
}

/** `count` tasks, `concurrency` in flight at once, each started as soon as one ends. */
async function inParallel<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const results: T[] = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return results;
}

const itemFailed = (item: INodeExecutionData) => Boolean(item.json.error);

function stats(finished: Finished[], concurrency: number): ExecutionStats {
	const failedRuns = finished.filter(({ outcome }) => outcome.error);
	const firstError = failedRuns[0]?.outcome.error;
	return {
		executions: finished.length,
		concurrency,
		failed: failedRuns.length,
		medianMs: median(finished.map(({ ms }) => ms)),
		maxMs: Math.max(...finished.map(({ ms }) => ms)),
		...(firstError ? { firstError: firstError.message } : {}),
	};
}

function counts(finished: Finished[], concurrency: number): Counts {
	const items = finished.flatMap(({ outcome }) => outcome.sent);
	return {
		sent: items.filter((item) => !itemFailed(item)).length,
		errors: items.filter(itemFailed).length + finished.filter(({ outcome }) => outcome.error).length,
		executions: stats(finished, concurrency),
	};
}

export type StormClient = 'node' | 'anchor' | 'noOp';

/** One alert's execution through the Alert Email node (`perAlert`, expressions, default pool), Send Email v2 or No Operation. */
function runOne(client: StormClient, server: ServerEndpoint, item: IDataObject, workflowId: string): Promise<RunOutcome> {
	if (client === 'node')
		return runAlertWorkflow({ parameters: alertParameters, credential: alertCredential(server), items: [item], workflowId });
	if (client === 'anchor') {
		registerAnchor();
		return runAlertWorkflow({
			node: anchorNode,
			parameters: anchorParameters,
			credential: anchorCredential(server),
			items: [item],
			workflowId,
		});
	}
	registerNoOp();
	return runAlertWorkflow({ node: noOpNode, parameters: {}, credential: {}, items: [item], workflowId });
}

export async function runExecutionStorm(client: StormClient, server: ServerEndpoint, count: number, workflowId: string): Promise<Counts> {
	const items = alertItems(count);
	const finished = await inParallel(count, CONCURRENCY, (index) => timedRun(() => runOne(client, server, items[index], workflowId)));
	const result = counts(finished, CONCURRENCY);
	// No Operation passes its item on: nothing was sent.
	return client === 'noOp' ? { ...result, sent: 0 } : result;
}

/** A webhook storm's wiring (automatic mapping, fixed recipients) with a digest and a Group Window. */
const groupWindowParameters = (windowS: number) => ({
	toEmail: 'oncall@example.com',
	subjectPrefix: '[Bench]',
	mapping: 'auto',
	sendInterval: 0,
	grouping: 'digest',
	groupWindow: windowS,
});

export async function runGroupWindowStorm(server: ServerEndpoint, count: number, workflowId: string, warmup: boolean): Promise<Counts> {
	const spreadMs = warmup ? WARMUP_SPREAD_MS : GROUP_SPREAD_MS;
	const parameters = groupWindowParameters(warmup ? WARMUP_WINDOW_S : GROUP_WINDOW_S);
	const items = alertItems(count);
	const start = performance.now();
	const runs: Array<Promise<Finished & { endedAt: number }>> = [];
	let lastArrival = 0;
	for (let index = 0; index < count; index++) {
		// Evenly spread on the clock, not after each other: a late start does not push the rest back.
		const wait = start + (index * spreadMs) / count - performance.now();
		if (wait > 0) await sleep(wait);
		lastArrival = performance.now() - start;
		runs.push(
			timedRun(() => runAlertWorkflow({ parameters, credential: alertCredential(server), items: [items[index]], workflowId })).then(
				(done) => ({
					...done,
					endedAt: performance.now(),
				}),
			),
		);
	}
	const finished = await Promise.all(runs);
	const isHanding = ({ outcome }: Finished) => outcome.skipped.some((item) => item.json.reason === 'grouped');
	const handing = finished.filter(isHanding);
	const owners = finished.filter(({ outcome }) => outcome.sent.some((item) => !itemFailed(item)));
	const last = finished.reduce((latest, run) => (run.endedAt > latest.endedAt ? run : latest));
	const result = counts(finished, 0);
	return {
		...result,
		executions: {
			...(result.executions as ExecutionStats),
			owners: owners.length,
			handing: handing.length,
			handingMedianMs: handing.length ? median(handing.map(({ ms }) => ms)) : 0,
			handingMaxMs: handing.length ? Math.max(...handing.map(({ ms }) => ms)) : 0,
			lastFinishMs: last.ms,
			digestAlerts: owners.flatMap(({ outcome }) => outcome.sent).reduce((sum, item) => sum + Number(item.json.alertCount ?? 0), 0),
			arrivalSpanMs: lastArrival,
		},
	};
}

/** `count` executions at once whose credential has a wrong authorization code. */
export async function runLoginBreaker(server: ServerEndpoint, count: number, workflowId: string): Promise<Counts> {
	const credential = { ...alertCredential(server), password: WRONG_CODE };
	const items = alertItems(count);
	const finished = await Promise.all(
		items.map((item) => timedRun(() => runAlertWorkflow({ parameters: alertParameters, credential, items: [item], workflowId }))),
	);
	const result = counts(finished, count);
	return {
		...result,
		executions: {
			...(result.executions as ExecutionStats),
			paused: finished.filter(({ outcome }) => /No login was tried now/.test(outcome.error?.message ?? '')).length,
		},
	};
}
