/**
 * The Redis Send Interval store against a real redis-server, without n8n's engine: key expiries, and
 * the same decisions as the store in this process.
 */
import { SharedRedis } from '../../nodes/AlertEmail/sharedState/redisClient';
import { RedisIntervalStore } from '../../nodes/AlertEmail/sharedState/redisIntervalStore';
import type { AlertStatus, Reservation, ThrottleDecision } from '../../nodes/AlertEmail/model';
import { MapTable } from '../../nodes/AlertEmail/throttle/entryTables';
import { LocalIntervalStore } from '../../nodes/AlertEmail/throttle/intervalStore';
import type { IntervalStore } from '../../nodes/AlertEmail/throttle/intervalStore';
import { redisUnavailable, startRedis } from '../helpers/redisServer';
import type { TestRedis } from '../helpers/redisServer';

const unavailable = redisUnavailable();
const describeWithRedis = unavailable && process.env.ALERT_EMAIL_REQUIRE_SERVICES !== '1' ? describe.skip : describe;
if (unavailable) process.stderr.write(`\nSKIPPED or FAILING: Redis interval store tests need redis-server: ${unavailable}\n`);

const MIN = 60_000;
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2024-05-01T00:00:00Z');

describeWithRedis('Redis Send Interval store (real Redis)', () => {
	let server: TestRedis;
	let redis: SharedRedis;

	beforeAll(async () => {
		server = await startRedis();
		redis = new SharedRedis({ host: '127.0.0.1', port: server.port, db: 0, keyPrefix: 'test:alert-email' });
	});
	afterAll(async () => {
		await redis?.close();
		await server?.stop();
	});

	const ttlOfOnlyKey = async (namespace: string) => {
		const keys = await redis.run((client) => client.keys(`*${namespace}*`));
		expect(keys).toHaveLength(1);
		return redis.run((client) => client.pttl(keys[0]));
	};

	it('a slot released under a Send Interval over 7 days keeps its entry as long as the interval', async () => {
		const interval = 10 * DAY;
		const store = new RedisIntervalStore(redis, 'wf:long', interval);
		await store.claim('k', 'firing', T0, interval);
		const again = await store.claim('k', 'firing', T0 + interval, interval);
		if (!again.send || !again.reservation) throw new Error('expected a reservation');
		await store.release(again.reservation as Reservation);
		expect(await ttlOfOnlyKey('wf:long')).toBeGreaterThan(interval - 60_000);
	});

	/** One sequence of claims (status, minute, Send Interval in minutes) and releases ('release' gives the last send back). */
	const SEQUENCE: Array<[AlertStatus, number, number] | 'release'> = [
		['firing', 0, 10],
		['firing', 1, 10],
		// Send Interval 0 sends a resolved alert too, and remembers that send.
		['resolved', 2, 0],
		['firing', 3, 10],
		['firing', 13, 10],
		'release',
		['firing', 14, 10],
		['firing', 15, 0],
		['resolved', 16, 10],
		['firing', 17, 10],
		['firing', 18, 10],
	];

	async function play(store: IntervalStore): Promise<ThrottleDecision[]> {
		const decisions: ThrottleDecision[] = [];
		let last: Reservation | undefined;
		for (const step of SEQUENCE) {
			if (step === 'release') {
				if (last) await store.release(last);
				continue;
			}
			const [status, minute, interval] = step;
			const decision = await store.claim('k', status, T0 + minute * MIN, interval * MIN);
			if (decision.send) last = decision.reservation;
			decisions.push(decision);
		}
		return decisions;
	}

	it('decides like the store in this process, step by step (Send Interval 0 and resolved alerts included)', async () => {
		const local = await play(new LocalIntervalStore(new MapTable(), DAY));
		const shared = await play(new RedisIntervalStore(redis, 'wf:same', 10 * MIN));
		expect(shared).toEqual(local);
		expect(local.map((decision) => decision.send)).toEqual([true, false, true, false, true, true, true, true, true, false]);
	});

	it('sends each Lua script by its SHA1 (EVALSHA) once Redis has it, not its text with every call', async () => {
		const store = new RedisIntervalStore(redis, 'wf:sha', MIN);
		for (let n = 0; n < 20; n++) await store.claim(`k${n}`, 'firing', T0, MIN);
		const stats = await redis.run((client) => client.info('commandstats'));
		const calls = (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
		expect(calls('evalsha')).toBeGreaterThanOrEqual(20);
		expect(calls('eval')).toBeLessThanOrEqual(4);
	});
});
