// Queue mode for real: n8n 2.41.1 as a main instance that takes the webhooks plus two workers
// (`n8n worker --concurrency 10`) that run the executions, with n8n's queue in a private
// redis-server and its database in a private PostgreSQL (scripts/lib/queue-stack.cjs, the setup
// `npm run dev -- --queue` starts). A published Webhook → Alert Email workflow answers each call at
// once (Respond: Immediately), so a storm of calls becomes that many queued executions spread over
// both workers, and the node's shared state (n8n's queue Redis, Shared State "Automatic") is what
// makes the Send Interval and the group window hold across them. Each case has a mailbox of its
// own, which counts messages and logins. Before each case both workers must have run executions.
// The cases: 200 calls with one alert (1 email), 200 distinct alerts (200 emails, at most
// workers × Connections logins), a 10 s Group Window over 100 alerts (1 digest), the node's Redis
// stopped during a burst (all sent, `intervalUnchecked`; throttling back after), and the worker
// owning a window killed (the next execution of the group, on the other worker, sends the alerts
// handed in). Lines starting "[queue bench]" are the figures in BENCHMARKS.md.
import path from 'node:path';

import Redis from 'ioredis';
import { simpleParser } from 'mailparser';

import { REPO_DIR } from '../../scripts/lib/community-install.cjs';
import { startMailbox } from '../../scripts/lib/mailbox.cjs';
import type { Mailbox, ReceivedMail } from '../../scripts/lib/mailbox.cjs';
import { dirInUse, startQueueStack, startRedisServer } from '../../scripts/lib/queue-stack.cjs';
import type { QueueStack, QueueWorker, RedisServer } from '../../scripts/lib/queue-stack.cjs';
import { CREDENTIAL_TYPE, DEV_OWNER, mailboxCredentialData } from '../../scripts/lib/stack.cjs';
import { eventually, postToWebhook, waitForProductionWebhook } from './helpers/e2eStack';
import { N8N_LABEL, describe2x } from './helpers/n8nLine';
import { allCompletedExecutions, executionProgress, readAlertRuns } from './helpers/queueExecutions';
import type { AlertRun } from './helpers/queueExecutions';
import { chartCodeNodeSource, chartPng } from './helpers/chartPng';
import { nodeItems } from './helpers/firstUse';
import { startMailTap } from './helpers/mailTap';
import type { MailTap } from './helpers/mailTap';
import { alertEmailNode, codeNode, webhookNode } from './helpers/workflowNodes';

jest.setTimeout(10 * 60 * 1000); // the first run installs n8n into the cache

// n8n's logs stay in <DIR>/logs after the run. A second run of this file at the same time in this
// working tree (someone else's `npm run test:e2e`) gets a folder of its own instead of deleting this one.
const RESULTS = path.join(REPO_DIR, 'test-results', 'e2e');
const DIR = dirInUse(path.join(RESULTS, 'queueMode')) ? path.join(RESULTS, `queueMode-${process.pid}`) : path.join(RESULTS, 'queueMode');
const log = (line: string) => process.stderr.write(`${line}\n`);
/** For BENCHMARKS.md ("Queue mode: 2-worker storm"). */
const bench = (line: string) => process.stderr.write(`[queue bench] ${line}\n`);

const WORKERS = 2;
const CONNECTIONS = 2; // the node's default Connections (maxConnections)
const WARMUP_PATH = 'queue-warmup';

type Json = Record<string, unknown>;

let stack: QueueStack;
// Closed after n8n: the workers keep their SMTP sessions open for Keep Alive (30 s).
const mailboxes: Mailbox[] = [];
let stateRedis: RedisServer | undefined;
let queueRedis: Redis | undefined;
const taps: MailTap[] = [];

/** A flat alert; three-digit hosts, so that no title is part of another one in a digest. */
const alert = (tag: string, n: number, severity = 'warning'): Json => {
	const host = `db-${String(n).padStart(3, '0')}`;
	return {
		event: `disk.full.${tag}.${host}`,
		severity,
		title: `Disk full on ${host} (${tag})`,
		message: `/var/lib/postgresql on ${host} has 1% left`,
		source: host,
	};
};

/**
 * Both workers are up and take jobs: warm-up calls until each worker's log shows it started one
 * ("Worker started execution N").
 */
async function bothWorkersRunExecutions(): Promise<void> {
	const live = stack.workers.filter((w) => w.running());
	expect(live.map((w) => w.name)).toHaveLength(WORKERS);
	const before = new Map(live.map((w) => [w.name, w.executionIds().length]));
	const fresh = (w: QueueWorker) => w.executionIds().length - before.get(w.name)!;
	for (let round = 1; round <= 5; round++) {
		await fire(
			WARMUP_PATH,
			Array.from({ length: 6 }, () => ({ warmup: round })),
		);
		await eventually(
			async () => (live.reduce((sum, w) => sum + fresh(w), 0) >= 6 * round ? true : undefined),
			30000,
			'warm-up executions started',
		);
		if (live.every((w) => fresh(w) > 0)) {
			log(`[queue] both workers run executions: ${live.map((w) => `${w.name} +${fresh(w)}`).join(', ')} (warm-up)`);
			return;
		}
	}
	throw new Error(`not every worker ran a warm-up execution: ${live.map((w) => `${w.name} ${fresh(w)}`).join(', ')}`);
}

/** POSTs every body to the production webhook at once; each call must be answered 200. */
async function fire(webhookPath: string, bodies: unknown[]): Promise<void> {
	const statuses = await Promise.all(
		bodies.map(async (body) => {
			const res = await postToWebhook(stack, webhookPath, body);
			await res.text();
			return res.status;
		}),
	);
	expect(statuses).toEqual(Array(bodies.length).fill(200));
}

interface Case {
	mailbox: Mailbox;
	workflowId: string;
	path: string;
	/**
	 * Waits until `count` executions have completed and at most `running` still run (an execution
	 * on a killed worker stays "running"); returns the completed ones with their Alert Email items.
	 */
	runs(count: number, options?: { timeoutMs?: number; running?: number }): Promise<AlertRun[]>;
}

/** A mailbox, its credential and a published Webhook → Alert Email workflow for one case. */
async function setUpCase(
	slug: string,
	parameters: Json,
	{ redisCredential }: { redisCredential?: { id: string; name: string } } = {},
): Promise<Case> {
	const mailbox = await startMailbox();
	mailboxes.push(mailbox);
	const credential = await stack.rest.createCredential({
		name: `SMTP Alert (${slug})`,
		type: CREDENTIAL_TYPE,
		data: mailboxCredentialData(mailbox),
	});
	const webhookPath = `queue-${slug}`;
	const workflow = await stack.rest.createWorkflow({
		name: `queue: ${slug}`,
		nodes: [
			webhookNode(webhookPath),
			alertEmailNode(
				credential,
				{ toEmail: `${slug}@example.com`, subjectPrefix: `[${slug}]`, mapping: 'auto', language: 'en', ...parameters },
				{ redis: redisCredential },
			),
		],
		connections: { Webhook: { main: [[{ node: 'Alert Email', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await stack.rest.activateWorkflow(workflow.id, workflow.versionId);
	await waitForProductionWebhook(stack, webhookPath);
	return {
		mailbox,
		workflowId: workflow.id,
		path: webhookPath,
		async runs(count, { timeoutMs = 90000, running = 0 } = {}) {
			const waitStarted = Date.now();
			await eventually(
				async () => {
					const { completed, current } = await executionProgress(stack.rest, workflow.id);
					return completed >= count && current.length <= running ? true : undefined;
				},
				timeoutMs,
				`${count} executions of ${slug} completed`,
			);
			const readStarted = Date.now();
			const runs = await readAlertRuns(stack.rest, await allCompletedExecutions(stack.rest, workflow.id));
			log(
				`[queue] ${slug}: waited ${((readStarted - waitStarted) / 1000).toFixed(1)} s for ${count} executions, read them in ${((Date.now() - readStarted) / 1000).toFixed(1)} s`,
			);
			return runs;
		},
	};
}

/** Waits for `count` messages, then a moment longer: one more would be a bug. */
async function exactly(mailbox: Mailbox, count: number, timeoutMs = 60000): Promise<ReceivedMail[]> {
	await mailbox.waitForMessages((all) => all.length >= count, timeoutMs);
	await new Promise((resolve) => setTimeout(resolve, 2000));
	return mailbox.messages();
}

/** Which worker ran each execution, from the workers' logs. */
function workerMap(): Map<string, string> {
	const map = new Map<string, string>();
	for (const w of stack.workers) for (const id of w.executionIds()) map.set(id, w.name);
	return map;
}

function perWorker(runs: AlertRun[]): Record<string, number> {
	const map = workerMap();
	const counts: Record<string, number> = {};
	for (const run of runs) {
		const name = map.get(run.id) ?? 'unknown';
		counts[name] = (counts[name] ?? 0) + 1;
	}
	return counts;
}

const reasons = (runs: AlertRun[]) => runs.flatMap((run) => run.skipped.map((item) => item.reason));

// n8n 2.x only: the queue stack runs n8n's default line (E2E_N8N=1 skips this file's cases).
describe2x(`queue mode on ${N8N_LABEL}: main + 2 workers, Redis and PostgreSQL`, () => {
	beforeAll(async () => {
		stack = await startQueueStack({ dir: DIR, workers: WORKERS, concurrency: 10, tarball: process.env.E2E_TARBALL || undefined, log });
		await stack.rest.ensureOwner(DEV_OWNER);
		// The warm-up workflow: a Webhook alone, so that a call is a queued execution and nothing else.
		const warmup = await stack.rest.createWorkflow({
			name: 'queue: warm-up',
			nodes: [webhookNode(WARMUP_PATH)],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await stack.rest.activateWorkflow(warmup.id, warmup.versionId);
		await waitForProductionWebhook(stack, WARMUP_PATH);
		queueRedis = new Redis({ host: stack.redis.host, port: stack.redis.port, lazyConnect: true, maxRetriesPerRequest: 1 });
	});

	afterAll(async () => {
		queueRedis?.disconnect();
		await stack?.stop();
		await stateRedis?.close();
		for (const tap of taps) await tap.close();
		for (const mailbox of mailboxes) await mailbox.close();
	});

	beforeEach(async () => {
		await bothWorkersRunExecutions();
	});

	it('200 concurrent calls with the same alert and a Send Interval: exactly 1 email, 199 executions throttled', async () => {
		const storm = await setUpCase('same', { sendInterval: 30, grouping: 'perAlert' });
		const same = alert('same', 1, 'critical');
		const started = Date.now();
		await fire(
			storm.path,
			Array.from({ length: 200 }, () => same),
		);
		const runs = await storm.runs(200);
		const tookS = (Date.now() - started) / 1000;
		const mails = await exactly(storm.mailbox, 1);

		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toContain(String(same.title));
		expect(runs).toHaveLength(200);
		expect(runs.every((run) => run.status === 'success')).toBe(true);
		const senders = runs.filter((run) => run.sent.length > 0);
		expect(senders).toHaveLength(1);
		expect(senders[0].sent).toEqual([expect.objectContaining({ status: 'sent', messageId: mails[0].messageId })]);
		expect(senders[0].sent[0].intervalUnchecked).toBeUndefined();
		expect(reasons(runs)).toEqual(Array(199).fill('throttled'));
		// Counted in Redis across both workers: the last repeat knows of all 199.
		const suppressed = runs.flatMap((run) => run.skipped.map((item) => (item.throttle as Json | undefined)?.suppressed as number));
		expect(Math.max(...suppressed)).toBe(199);
		const workers = perWorker(runs);
		expect(Object.keys(workers).sort()).toEqual(['worker-1', 'worker-2']);
		bench(
			`200 calls, same alert, Send Interval 30 min: ${mails.length} email(s), ${reasons(runs).length} throttled; executions per worker ${JSON.stringify(workers)}; all done in ${tookS.toFixed(1)} s`,
		);
	});

	it('200 concurrent distinct alerts: 200 emails, each exactly once; logins at most workers × Connections', async () => {
		const storm = await setUpCase('distinct', { sendInterval: 30, grouping: 'perAlert' });
		const alerts = Array.from({ length: 200 }, (_v, n) => alert('distinct', n));
		const started = Date.now();
		await fire(storm.path, alerts);
		const mails = await exactly(storm.mailbox, 200, 120000);
		const lastMailAt = Math.max(...mails.map((m) => Date.parse(m.receivedAt)));
		const runs = await storm.runs(200);

		const perAlert = alerts.map((a) => mails.filter((m) => m.subject.includes(String(a.title))).length);
		const duplicates = mails.length - perAlert.filter((n) => n > 0).length;
		const logins = storm.mailbox.logins();
		expect(mails).toHaveLength(200);
		expect(perAlert).toEqual(Array(200).fill(1));
		expect(duplicates).toBe(0);
		expect(logins.every((login) => login.accepted)).toBe(true);
		expect(logins.length).toBeLessThanOrEqual(WORKERS * CONNECTIONS);
		expect(runs.every((run) => run.status === 'success' && run.sent.length === 1 && run.sent[0].status === 'sent')).toBe(true);
		const workers = perWorker(runs);
		expect(Object.keys(workers).sort()).toEqual(['worker-1', 'worker-2']);
		const seconds = (lastMailAt - started) / 1000;
		bench(
			`2-worker storm, 200 distinct alerts: ${mails.length} emails in ${seconds.toFixed(1)} s from the first call ` +
				`(${(mails.length / seconds).toFixed(1)} mails/s), ${logins.length} logins (at most ${WORKERS * CONNECTIONS}), ` +
				`${duplicates} duplicates; emails sent per worker ${JSON.stringify(workers)}`,
		);
	});

	it('Group Window 10 s with 100 concurrent distinct alerts: 1 email for all 100', async () => {
		const storm = await setUpCase('window', { sendInterval: 0, grouping: 'digest', groupWindow: 10 });
		const alerts = Array.from({ length: 100 }, (_v, n) => alert('window', n, n % 10 === 0 ? 'critical' : 'warning'));
		await fire(storm.path, alerts);
		const runs = await storm.runs(100);
		const mails = await exactly(storm.mailbox, 1);

		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toBe('[window] 100 alerts: 10 critical, 90 warning');
		const senders = runs.filter((run) => run.sent.length > 0);
		expect(senders).toHaveLength(1);
		expect(senders[0].sent).toEqual([expect.objectContaining({ status: 'sent', alertCount: 100, messageId: mails[0].messageId })]);
		// The Sent item lists every alert of the digest; the email shows 70 of them (10 in full, 60 as
		// one line each, most severe first) and counts the rest, to stay readable.
		const digestTitles = (senders[0].sent[0].alerts as Json[]).map((a) => a.title);
		expect([...digestTitles].sort()).toEqual(alerts.map((a) => a.title).sort());
		const shown = alerts.filter((a) => mails[0].text.includes(String(a.title)));
		expect(shown).toHaveLength(70);
		expect(shown.filter((a) => a.severity === 'critical')).toHaveLength(10);
		expect(mails[0].text).toContain('…and 30 more alerts, not shown to keep this email readable.');
		const grouped = runs.filter((run) => run !== senders[0]);
		expect(reasons(grouped)).toEqual(Array(99).fill('grouped'));
		expect(new Set(grouped.map((run) => run.skipped[0].groupedInto))).toEqual(new Set([senders[0].id]));
		// Handed over from both workers.
		expect(Object.keys(perWorker(grouped)).sort()).toEqual(['worker-1', 'worker-2']);
		expect(storm.mailbox.logins()).toHaveLength(1);
	});

	it('Redis stopped during a burst: every alert is still sent, saying the interval was not checked; throttling resumes when Redis is back', async () => {
		// n8n's queue itself lives in Redis: stopping the queue Redis would stop the main instance
		// from enqueueing the burst and the workers from taking it (n8n's outage, not the node's).
		// So this workflow keeps its state in a SEPARATE redis-server, named by an n8n Redis
		// credential (Shared State "Redis Credential"), which is stopped and started while n8n's
		// queue Redis stays up. The node's code path is the same as with Shared State "Automatic":
		// only where the Redis address comes from differs (QUEUE_BULL_REDIS_* or the credential).
		stateRedis = await startRedisServer({ logFile: path.join(DIR, 'logs', 'state-redis.log'), name: 'state redis', log });
		const redisCredential = await stack.rest.createCredential({
			name: 'Redis (alert state)',
			type: 'redis',
			data: stateRedis.credentialData(),
		});
		const storm = await setUpCase(
			'outage',
			{ sendInterval: 30, grouping: 'perAlert', sharedState: 'redis' },
			{ redisCredential: { id: redisCredential.id, name: redisCredential.name } },
		);
		const unreachable = () => stack.workers.flatMap((w) => w.logLines(/Redis at 127\.0\.0\.1:\d+\/0 is unreachable/));
		const reachable = () => stack.workers.flatMap((w) => w.logLines(/Redis at 127\.0\.0\.1:\d+\/0 is reachable again/));

		// 100 distinct alerts; Redis is stopped once the first 20 executions are done.
		const alerts = Array.from({ length: 100 }, (_v, n) => alert('outage', n));
		const burst = fire(storm.path, alerts);
		await eventually(
			async () => ((await executionProgress(stack.rest, storm.workflowId)).completed >= 20 ? true : undefined),
			60000,
			'20 executions done',
		);
		await stateRedis.stop();
		await burst;
		// While it is down, repeats of one alert are sent too (nothing can say they are repeats).
		const repeated = alert('outage-repeat', 1);
		await fire(
			storm.path,
			Array.from({ length: 10 }, () => repeated),
		);
		const runs = await storm.runs(110);
		const mails = await exactly(storm.mailbox, 110, 120000);

		expect(runs.every((run) => run.status === 'success' && run.sent.length === 1 && run.sent[0].status === 'sent')).toBe(true);
		for (const a of alerts) expect(mails.filter((m) => m.subject.includes(String(a.title)))).toHaveLength(1);
		expect(mails.filter((m) => m.subject.includes(String(repeated.title)))).toHaveLength(10);
		const unchecked = runs.filter((run) => typeof run.sent[0].intervalUnchecked === 'string');
		const checked = runs.filter((run) => run.sent[0].intervalUnchecked === undefined);
		expect(unchecked.length).toBeGreaterThanOrEqual(10);
		expect(checked.length).toBeGreaterThanOrEqual(20);
		for (const run of unchecked) expect(run.sent[0].intervalUnchecked).toMatch(/could not be checked.*\(Redis\) was unreachable/);
		// The 10 repeats ran with Redis down: all unchecked.
		const repeatRuns = runs.filter((run) => run.sent[0].title === repeated.title);
		expect(repeatRuns.every((run) => typeof run.sent[0].intervalUnchecked === 'string')).toBe(true);
		// Logged once per outage by each worker that noticed, not once per alert.
		expect(unreachable().length).toBeGreaterThanOrEqual(1);
		expect(unreachable().length).toBeLessThanOrEqual(WORKERS);
		const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
		bench(
			`Redis outage: ${runs.length} executions, ${mails.length} emails, ${unchecked.length} Sent items with intervalUnchecked, ` +
				`${checked.length} checked before the stop; "unreachable" logged ${unreachable().length}×; Alert Email run time, median: ` +
				`${median(checked.map((run) => run.nodeMs))} ms checked, ${median(unchecked.map((run) => run.nodeMs))} ms unchecked`,
		);

		// Back (empty, as after a restart without persistence): throttling across workers resumes.
		await stateRedis.start();
		await new Promise((resolve) => setTimeout(resolve, 3000)); // the clients reconnect at most every 2 s
		const again = alert('outage-back', 1);
		await fire(
			storm.path,
			Array.from({ length: 20 }, () => again),
		);
		const after = (await storm.runs(130)).filter((run) => [...run.sent, ...run.skipped].some((item) => item.title === again.title));
		const mailsAfter = await exactly(storm.mailbox, 111, 30000);
		expect(mailsAfter.filter((m) => m.subject.includes(String(again.title)))).toHaveLength(1);
		expect(after).toHaveLength(20);
		const sender = after.filter((run) => run.sent.length > 0);
		expect(sender).toHaveLength(1);
		expect(sender[0].sent[0].intervalUnchecked).toBeUndefined();
		expect(reasons(after)).toEqual(Array(19).fill('throttled'));
		expect(Object.keys(perWorker(after)).sort()).toEqual(['worker-1', 'worker-2']);
		expect(reachable().length).toBeGreaterThanOrEqual(1);
		expect(reachable().length).toBeLessThanOrEqual(WORKERS);
	});

	it("a chart made by a Code node on a worker (binary data in n8n's queue-mode store) arrives inline, byte for byte", async () => {
		// A tap in front of a mailbox of its own keeps the raw message (the mailbox keeps parsed fields only).
		const mailbox = await startMailbox();
		mailboxes.push(mailbox);
		const tap = await startMailTap(mailbox);
		taps.push(tap);
		const credential = await stack.rest.createCredential({
			name: 'SMTP Alert (chart)',
			type: CREDENTIAL_TYPE,
			data: mailboxCredentialData(tap),
		});
		const webhookPath = 'queue-chart';
		const workflow = await stack.rest.createWorkflow({
			name: 'queue: chart',
			nodes: [
				webhookNode(webhookPath),
				codeNode('Draw chart', chartCodeNodeSource('cpu-web-1.png')),
				alertEmailNode(
					credential,
					{
						toEmail: 'chart@example.com',
						subjectPrefix: '[chart]',
						mapping: 'auto',
						sendInterval: 0,
						language: 'en',
						options: { inlineImage: 'chart' },
					},
					{ position: [480, 0] },
				),
			],
			connections: {
				Webhook: { main: [[{ node: 'Draw chart', type: 'main', index: 0 }]] },
				'Draw chart': { main: [[{ node: 'Alert Email', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		});
		await stack.rest.activateWorkflow(workflow.id, workflow.versionId);
		await waitForProductionWebhook(stack, webhookPath);

		await fire(webhookPath, [alert('chart', 1, 'critical')]);
		const [mail] = await tap.waitFor(1, 60000);
		const [summary] = await eventually(
			async () => {
				const { completed } = await executionProgress(stack.rest, workflow.id);
				return completed >= 1 ? allCompletedExecutions(stack.rest, workflow.id) : undefined;
			},
			30000,
			'the chart execution',
		);
		const execution = await stack.rest.getExecution(summary.id);
		expect(stack.workers.some((w) => w.executionIds().includes(summary.id))).toBe(true);
		// The file lives in n8n's binary data store for queue mode (its id names the mode), not in the execution.
		const chart = nodeItems(execution, 'Draw chart')![0][0].binary!.chart;
		log(
			`[queue] chart execution ${summary.id} on ${stack.workerOf(summary.id)}; n8n binary data id ${chart.id ?? '(none: inline base64)'}`,
		);
		expect(chart.id).toMatch(/^database:/);
		const [sent] = nodeItems(execution, 'Alert Email')!;
		expect(sent[0].json).toMatchObject({ status: 'sent', attachments: [{ property: 'chart', fileName: 'cpu-web-1.png', inline: true }] });

		const parsed = await simpleParser(mail.raw, { keepCidLinks: true });
		const image = parsed.attachments.find((a) => a.contentType === 'image/png')!;
		expect(image).toMatchObject({ filename: 'cpu-web-1.png', contentDisposition: 'inline', related: true });
		expect(image.content.equals(chartPng())).toBe(true);
		expect(parsed.html).toContain(`src="cid:${image.cid}"`);
	});

	it('the worker that owns a group window is killed (SIGKILL): the next execution of the group, on the other worker, sends the orphaned alerts in one email', async () => {
		const WINDOW_S = 8;
		const storm = await setUpCase('orphan', { sendInterval: 0, grouping: 'digest', groupWindow: WINDOW_S });
		const redis = queueRedis!;
		await redis.connect();
		// The window's lock in n8n's queue Redis (QUEUE_BULL_PREFIX "bull"): its value is the owner execution.
		const lockKey = async () => (await redis.keys(`bull:alert-email:wf:${storm.workflowId}:*:window:*:lock`))[0];

		// 1. One alert opens the window; its execution owns it, on some worker.
		await fire(storm.path, [alert('orphan', 0)]);
		const key = await eventually(lockKey, 30000, 'the window lock');
		const ownerExecution = (await redis.get(key))!;
		const ownerWorker = stack.workers.find((w) => w.executionIds().includes(ownerExecution))!;
		const otherWorker = stack.workers.find((w) => w !== ownerWorker)!;
		expect(ownerWorker).toBeDefined();

		// 2. 20 more alerts join it from both workers; their executions end at once, as "grouped".
		await fire(
			storm.path,
			Array.from({ length: 20 }, (_v, n) => alert('orphan', n + 1)),
		);
		const handed = await eventually(
			async () => {
				const { completed } = await executionProgress(stack.rest, storm.workflowId);
				return completed >= 20 ? readAlertRuns(stack.rest, await allCompletedExecutions(stack.rest, storm.workflowId)) : undefined;
			},
			60000,
			'20 handed-over executions',
		);
		expect(reasons(handed)).toEqual(Array(20).fill('grouped'));
		expect(new Set(handed.map((run) => run.skipped[0].groupedInto))).toEqual(new Set([ownerExecution]));
		const closesAt = Date.parse(String(handed[0].skipped[0].windowClosesAt));

		// 3. The owner's worker dies while the window is open.
		expect(Date.now()).toBeLessThan(closesAt);
		const killMarginS = (closesAt - Date.now()) / 1000;
		await ownerWorker.kill();
		expect(Date.now()).toBeLessThan(closesAt);
		// The opener's own alert waits in the list too (for whoever takes over), beside the 20 handed ones.
		expect(await redis.llen(`${key.slice(0, -':lock'.length)}:alerts`)).toBe(21);

		// 4. Its lock expires (window + a grace of 5 s); then one more alert of the group is sent.
		await eventually(
			async () => ((await redis.exists(key)) === 0 ? true : undefined),
			WINDOW_S * 1000 + 20000,
			'the dead owner’s lock expired',
		);
		const lockFreeAfterS = (Date.now() - closesAt) / 1000;
		await fire(storm.path, [alert('orphan', 21)]);
		const mails = await exactly(storm.mailbox, 1, WINDOW_S * 1000 + 30000);

		// 5. One email, sent by the taker on the surviving worker, with every handed alert and its own.
		const runs = await storm.runs(21, { timeoutMs: 30000, running: 1 });
		const taker = runs.filter((run) => run.sent.length > 0);
		expect(mails).toHaveLength(1);
		expect(taker).toHaveLength(1);
		expect(otherWorker.executionIds()).toContain(taker[0].id);
		// Every alert, the opener's own included: an owner's alerts wait in Redis too, for whoever takes over.
		for (let n = 0; n <= 21; n++) expect(mails[0].text).toContain(String(alert('orphan', n).title));
		expect(taker[0].sent[0].alertCount).toBe(22);
		expect(taker[0].sent[0]).toMatchObject({ status: 'sent', messageId: mails[0].messageId });
		expect([...(taker[0].sent[0].handedBy as string[])].sort()).toEqual([ownerExecution, ...handed.map((run) => run.id)].sort());
		const openerAlertArrived = mails[0].text.includes(String(alert('orphan', 0).title));
		const opener = await stack.rest.getExecution(ownerExecution);
		log(
			`[queue] killed ${ownerWorker.name} (owner, execution ${ownerExecution}) ${killMarginS.toFixed(1)} s before its window closed; lock gone ${lockFreeAfterS.toFixed(1)} s after the window's close; ` +
				`${otherWorker.name} sent "${mails[0].subject}" (alertCount ${taker[0].sent[0].alertCount}); the opener's own alert ` +
				`${openerAlertArrived ? 'arrived' : 'did NOT arrive'}; the opener's execution is "${opener.status}"`,
		);
	});
});
