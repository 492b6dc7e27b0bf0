/**
 * Queue mode through n8n's engine: two "workers" (processes of their own, each running executions
 * with the built package, environment EXECUTIONS_MODE=queue and n8n's QUEUE_BULL_* settings) share
 * a real redis-server, as n8n's workers share the queue Redis. What one worker remembers in memory
 * the other does not: only the shared store makes the interval, the group window and the login
 * breaker hold across them. Counts are taken at a real smtp-server.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RunOptions } from '../helpers/engine';
import { EngineWorker } from '../helpers/engineWorkers';
import type { WorkerRun } from '../helpers/engineWorkers';
import { redisUnavailable, startRedis } from '../helpers/redisServer';
import type { TestRedis } from '../helpers/redisServer';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

const unavailable = redisUnavailable();
const describeWithRedis = unavailable && process.env.ALERT_EMAIL_REQUIRE_SERVICES !== '1' ? describe.skip : describe;
if (unavailable) process.stderr.write(`\nSKIPPED or FAILING: shared-state tests need redis-server: ${unavailable}\n`);

const alert = (n: number, extra: IDataObject = {}): IDataObject => ({
	event: `disk.full.${n}`,
	severity: 'warning',
	title: `Disk full on db-${n}`,
	source: `db-${n}`,
	...extra,
});

describeWithRedis('shared state across workers (queue mode, real Redis)', () => {
	let redis: TestRedis;
	let server: TestSmtpServer;
	let workers: EngineWorker[];
	let workflow = 0;

	beforeAll(async () => {
		redis = await startRedis();
		workers = await Promise.all([EngineWorker.start(redis.queueEnv()), EngineWorker.start(redis.queueEnv())]);
	}, 60_000);
	afterAll(async () => {
		await Promise.all((workers ?? []).map((worker) => worker.stop()));
		await redis?.stop();
	});
	beforeEach(async () => {
		// Workers keep their sessions alive (Keep Alive); the server drops them when a case ends.
		server = await startSmtpServer({ security: 'ssl', serverOptions: { closeTimeout: 200 } });
		workflow++;
	});
	afterEach(() => server.close());

	/** One execution of one alert on the given worker, as one webhook call becomes one job. */
	const run = (worker: EngineWorker, item: IDataObject, parameters: RunOptions['parameters'] = {}, extra: Partial<RunOptions> = {}) =>
		worker.run({
			parameters: { toEmail: 'ops@example.com', subjectPrefix: '[Q]', ...parameters },
			credential: server.credential(),
			items: [item],
			workflowId: `wf-${workflow}`,
			onError: 'continueRegularOutput',
			...extra,
		});

	/** `count` executions spread over both workers, all at once. */
	const burst = (count: number, item: (n: number) => IDataObject, parameters: RunOptions['parameters'] = {}) =>
		Promise.all(Array.from({ length: count }, (_v, n) => run(workers[n % 2], item(n), parameters)));

	const reasons = (runs: WorkerRun[]) => runs.flatMap((one) => one.skipped.map((item) => item.reason as string));

	it('200 concurrent executions of the same alert with a Send Interval: exactly 1 email, 199 throttled', async () => {
		const runs = await burst(200, () => alert(1), { sendInterval: 10 });
		expect(server.messages).toHaveLength(1);
		expect(runs.flatMap((one) => one.sent)).toHaveLength(1);
		expect(reasons(runs).filter((reason) => reason === 'throttled')).toHaveLength(199);
		const counted = runs.flatMap((one) => one.skipped.map((item) => (item.throttle as IDataObject).suppressed as number));
		expect(Math.max(...counted)).toBe(199);
	}, 60_000);

	it('200 concurrent distinct alerts: 200 emails, each once; logins at most workers × Connections', async () => {
		const runs = await burst(200, (n) => alert(n), { sendInterval: 10 });
		expect(server.messages).toHaveLength(200);
		expect(new Set(server.messages.map((mail) => mail.parsed.subject)).size).toBe(200);
		expect(runs.every((one) => one.sent.length === 1 && one.sent[0].status === 'sent')).toBe(true);
		expect(server.logins).toBeLessThanOrEqual(2 * 2);
	}, 60_000);

	it('a resolved alert clears its key on every worker; the next firing one is sent', async () => {
		await run(workers[0], alert(7), { sendInterval: 10 });
		await run(workers[1], alert(7, { status: 'resolved' }), { sendInterval: 10 });
		const again = await run(workers[0], alert(7), { sendInterval: 10 });
		expect(server.messages).toHaveLength(3);
		expect(again.sent[0].status).toBe('sent');
	}, 30_000);

	it('a failed delivery gives the slot back on every worker', async () => {
		server.rejectMessage = () => ({ code: 554, message: 'DT:SPM judged as spam' });
		const failed = await run(workers[0], alert(3), { sendInterval: 10 });
		expect((failed.sent[0].error as IDataObject).kind).toBe('messageRejected');
		server.rejectMessage = undefined;
		const retried = await run(workers[1], alert(3), { sendInterval: 10 });
		expect(retried.sent[0].status).toBe('sent');
	}, 30_000);

	it('Group Window with 100 concurrent distinct alerts on two workers: 1 email listing all 100', async () => {
		const runs = await burst(100, (n) => alert(n), { grouping: 'digest', groupWindow: 2 });
		expect(server.messages).toHaveLength(1);
		expect(server.messages[0].parsed.subject).toBe('[Q] 100 alerts: 100 warning');
		const senders = runs.filter((one) => one.sent.length > 0);
		expect(senders).toHaveLength(1);
		expect(senders[0].sent[0].alertCount).toBe(100);
		expect(reasons(runs).filter((reason) => reason === 'grouped')).toHaveLength(99);
		// Handed over from both workers, and those executions ended at once.
		expect(Math.max(...runs.filter((one) => one.sent.length === 0).map((one) => one.tookMs))).toBeLessThan(1_500);
	}, 60_000);

	it('the worker that owns a window is killed: the next execution of the group sends every orphaned alert in one email', async () => {
		const owner = await EngineWorker.start(redis.queueEnv());
		const windowed = { grouping: 'digest', groupWindow: 2 };
		const opening = run(owner, alert(0), windowed).catch(() => undefined);
		await new Promise((resolve) => setTimeout(resolve, 500));
		const handed = await Promise.all(Array.from({ length: 20 }, (_v, n) => run(workers[n % 2], alert(n + 1), windowed)));
		expect(reasons(handed)).toEqual(Array(20).fill('grouped'));
		await owner.kill();
		await opening;
		// The owner's lock outlives its window by a grace period (5 s at least); then the group is free.
		await new Promise((resolve) => setTimeout(resolve, 2_000 + 5_000));
		const next = await run(workers[0], alert(99), windowed);
		expect(server.messages).toHaveLength(1);
		// All of them, the killed owner's own alert included.
		expect(next.sent[0].alertCount).toBe(22);
		expect(server.messages[0].parsed.subject).toBe('[Q] 22 alerts: 22 warning');
	}, 60_000);

	it('Redis stops during a burst: every alert is still sent, saying the interval could not be checked; logged once; throttling resumes when it is back', async () => {
		await redis.stop();
		const runs = await burst(20, (n) => alert(n % 5), { sendInterval: 10 });
		expect(server.messages).toHaveLength(20);
		expect(runs.every((one) => typeof one.sent[0].intervalUnchecked === 'string')).toBe(true);
		const warnings = runs.flatMap((one) => one.logs.filter(([level, line]) => level === 'warn' && /Redis at .* is unreachable/.test(line)));
		// Once per worker process, not once per alert.
		expect(warnings.length).toBeLessThanOrEqual(2);
		expect(warnings.length).toBeGreaterThanOrEqual(1);
		await redis.start();
		await new Promise((resolve) => setTimeout(resolve, 2_500));
		const first = await run(workers[0], alert(42), { sendInterval: 10 });
		const repeat = await run(workers[1], alert(42), { sendInterval: 10 });
		expect(first.sent[0].status).toBe('sent');
		expect(first.sent[0].intervalUnchecked).toBeUndefined();
		expect(repeat.skipped[0].reason).toBe('throttled');
		const recovered = [...first.logs, ...repeat.logs].filter(([level, line]) => level === 'info' && /reachable again/.test(line));
		// Once per worker process that noticed the outage.
		expect(recovered.length).toBeLessThanOrEqual(2);
		expect(recovered.length).toBeGreaterThanOrEqual(1);
	}, 60_000);

	it('a wrong code is tried once for all workers: the login breaker is shared', async () => {
		const wrong = server.credential({ password: 'wrong-code-555' });
		const runs = await Promise.all(
			Array.from({ length: 10 }, (_v, n) =>
				workers[n % 2].run({
					parameters: { toEmail: 'ops@example.com' },
					credential: wrong,
					items: [alert(n)],
					workflowId: `wf-${workflow}`,
					onError: 'continueRegularOutput',
				}),
			),
		);
		// One refused login per worker at most (each opens its own session before it hears of the other's refusal).
		expect(server.failedLogins).toBeLessThanOrEqual(2);
		expect(server.failedLogins).toBeGreaterThanOrEqual(1);
		expect(runs.every((one) => (one.sent[0].error as IDataObject).kind === 'auth')).toBe(true);
		const later = await workers[1].run({
			parameters: { toEmail: 'ops@example.com' },
			credential: wrong,
			items: [alert(11)],
			workflowId: `wf-${workflow}`,
			onError: 'continueRegularOutput',
		});
		expect((later.sent[0].error as IDataObject).message).toMatch(/No login was tried now/);
		expect(server.failedLogins).toBeLessThanOrEqual(2);
	}, 30_000);
});
