/**
 * The Redis group windows against a real redis-server, without n8n's engine: what a window's owner
 * gets when it seals late, or when Redis is gone at the close.
 */
import { LocalGroupWindows } from '../../nodes/AlertEmail/groupWindow/groupWindows';
import type { MailGroup } from '../../nodes/AlertEmail/model';
import { gatherInWindows } from '../../nodes/AlertEmail/pipeline/groupWindows';
import type { Gathered } from '../../nodes/AlertEmail/pipeline/groupWindows';
import { FailOpenGroupWindows } from '../../nodes/AlertEmail/sharedState/failOpen';
import { SharedRedis } from '../../nodes/AlertEmail/sharedState/redisClient';
import { RedisGroupWindows } from '../../nodes/AlertEmail/sharedState/redisGroupWindows';
import { testEnvelope, testPassed } from '../helpers/alerts';
import { redisUnavailable, startRedis } from '../helpers/redisServer';
import type { TestRedis } from '../helpers/redisServer';

const unavailable = redisUnavailable();
const describeWithRedis = unavailable && process.env.ALERT_EMAIL_REQUIRE_SERVICES !== '1' ? describe.skip : describe;
if (unavailable) process.stderr.write(`\nSKIPPED or FAILING: Redis group window tests need redis-server: ${unavailable}\n`);

const entry = (title: string) => testPassed({ title });
const group = (...titles: string[]): MailGroup => ({ kind: 'digest', envelope: testEnvelope(), entries: titles.map(entry) });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A gate the owner's wait for its window's close also waits on: the test decides when the owner wakes up. */
function gate(): { wait: (ms: number) => Promise<void>; open: () => void } {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { wait: async (ms) => Promise.all([pause(Math.max(0, ms)), opened]).then(() => undefined), open };
}

/** Every alert title sent, by whom: the groups each execution sends itself. */
const senders = (runs: Record<string, Gathered>) =>
	Object.entries(runs)
		.flatMap(([execution, run]) => run.mine.flatMap((sent) => sent.entries.map((one) => [one.alert.title, execution])))
		.sort();

describeWithRedis('Redis group windows (real Redis)', () => {
	let server: TestRedis;
	let redis: SharedRedis;

	beforeEach(async () => {
		server = await startRedis();
		redis = new SharedRedis({ host: '127.0.0.1', port: server.port, db: 0, keyPrefix: 'test:alert-email' });
	});
	afterEach(async () => {
		await redis?.close();
		await server?.stop();
	});

	it('Redis stops between join and the close: the owner still gets its window collected (nothing handed in), not an error', async () => {
		const windows = new FailOpenGroupWindows(new RedisGroupWindows(redis, 'wf:1'), new LocalGroupWindows(async () => undefined));
		const owner = await windows.join('group', 'ex-1', [entry('a')], 50, Date.now());
		expect(owner.role).toBe('owner');
		if (owner.role !== 'owner') throw new Error('expected the owner');
		await server.stop();
		await expect(owner.collect()).resolves.toEqual({ handed: [] });
	});

	const windowMs = 100;
	// The lock outlives the window by a grace of 5 s at least: then another execution may take it over.
	const lockExpired = () => pause(windowMs + 5_000 + 300);

	async function lateOwner(namespace: string) {
		const wakeA = gate();
		const wakeB = gate();
		const scope = (windows: RedisGroupWindows, executionId: string) => ({
			windows,
			executionId,
			scope: 's',
			connectionKey: 'c',
			windowMs,
			now: Date.now(),
		});
		const runA = gatherInWindows([group('a1', 'a2')], scope(new RedisGroupWindows(redis, namespace, wakeA.wait), 'ex-A'));
		await lockExpired();
		const runB = gatherInWindows([group('b1')], scope(new RedisGroupWindows(redis, namespace, wakeB.wait), 'ex-B'));
		// B's join has happened once C joins B's window.
		const runC = await gatherInWindows([group('c1')], scope(new RedisGroupWindows(redis, namespace), 'ex-C'));
		expect(runC.grouped.map((skipped) => skipped.grouped?.executionId)).toEqual(['ex-B']);
		return { wakeA, wakeB, runA, runB, runC };
	}

	it('an owner that seals after its lock expired and another execution took the window over hands its alerts to that one: each alert sent once', async () => {
		const { wakeA, wakeB, runA, runB, runC } = await lateOwner('wf:late-before');
		wakeA.open();
		const a = await runA;
		wakeB.open();
		const b = await runB;
		expect(a.mine).toEqual([]);
		expect(a.grouped.map((skipped) => [skipped.alert?.title, skipped.grouped?.executionId])).toEqual([
			['a1', 'ex-B'],
			['a2', 'ex-B'],
		]);
		expect(senders({ A: a, B: b, C: runC })).toEqual([
			['a1', 'B'],
			['a2', 'B'],
			['b1', 'B'],
			['c1', 'B'],
		]);
	}, 20_000);

	it('an owner that seals late, after the execution that took its window over sent it: still handed to that one, each alert sent once', async () => {
		const { wakeA, wakeB, runA, runB, runC } = await lateOwner('wf:late-after');
		wakeB.open();
		const b = await runB;
		// Every key has an expiry, the note of who sent the late owner's alerts included.
		const keys = await redis.run((client) => client.keys('*'));
		expect(keys.some((key) => key.endsWith(':sealed'))).toBe(true);
		for (const key of keys) expect([key, (await redis.run((client) => client.pttl(key))) > 0]).toEqual([key, true]);
		wakeA.open();
		const a = await runA;
		expect(a.mine).toEqual([]);
		expect(a.grouped.map((skipped) => skipped.grouped?.executionId)).toEqual(['ex-B', 'ex-B']);
		expect(senders({ A: a, B: b, C: runC })).toEqual([
			['a1', 'B'],
			['a2', 'B'],
			['b1', 'B'],
			['c1', 'B'],
		]);
	}, 20_000);

	it('an owner whose window is gone (expired) when it seals sends its own alerts', async () => {
		const wake = gate();
		const run = gatherInWindows([group('a1')], {
			windows: new RedisGroupWindows(redis, 'wf:gone', wake.wait),
			executionId: 'ex-A',
			scope: 's',
			connectionKey: 'c',
			windowMs,
			now: Date.now(),
		});
		await pause(50);
		await redis.run((client) => client.flushdb());
		wake.open();
		expect(senders({ A: await run })).toEqual([['a1', 'A']]);
	});
});
