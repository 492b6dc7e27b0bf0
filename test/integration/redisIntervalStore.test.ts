/**
 * The Redis Send Interval store against a real redis-server, without n8n's engine: key expiries, and
 * the same decisions as the store in this process.
 */
import { SharedRedis } from '../../nodes/AlertEmail/sharedState/redisClient';
import { RedisIntervalStore } from '../../nodes/AlertEmail/sharedState/redisIntervalStore';
import type { Reservation } from '../../nodes/AlertEmail/model';
import { redisUnavailable, startRedis } from '../helpers/redisServer';
import type { TestRedis } from '../helpers/redisServer';

const unavailable = redisUnavailable();
const describeWithRedis = unavailable && process.env.ALERT_EMAIL_REQUIRE_SERVICES !== '1' ? describe.skip : describe;
if (unavailable) process.stderr.write(`\nSKIPPED or FAILING: Redis interval store tests need redis-server: ${unavailable}\n`);

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
});
