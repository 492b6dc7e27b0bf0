/**
 * The Redis group windows against a real redis-server, without n8n's engine: what a window's owner
 * gets when it seals late, or when Redis is gone at the close.
 */
import { LocalGroupWindows } from '../../nodes/AlertEmail/groupWindow/groupWindows';
import { FailOpenGroupWindows } from '../../nodes/AlertEmail/sharedState/failOpen';
import { SharedRedis } from '../../nodes/AlertEmail/sharedState/redisClient';
import { RedisGroupWindows } from '../../nodes/AlertEmail/sharedState/redisGroupWindows';
import { testPassed } from '../helpers/alerts';
import { redisUnavailable, startRedis } from '../helpers/redisServer';
import type { TestRedis } from '../helpers/redisServer';

const unavailable = redisUnavailable();
const describeWithRedis = unavailable && process.env.ALERT_EMAIL_REQUIRE_SERVICES !== '1' ? describe.skip : describe;
if (unavailable) process.stderr.write(`\nSKIPPED or FAILING: Redis group window tests need redis-server: ${unavailable}\n`);

const entry = (title: string) => testPassed({ title });

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
		await expect(owner.collect()).resolves.toEqual([]);
	});
});
