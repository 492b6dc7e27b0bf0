/**
 * A real redis-server (Debian's package) on 127.0.0.1, started and stopped by the test, with no
 * persistence: the launcher `npm run dev -- --queue` and the queue-mode e2e use
 * (scripts/lib/queue-stack.cjs). Can be stopped and started again on the same port, to test an outage.
 */
import os from 'node:os';

import { findRedisServer, startRedisServer } from '../../scripts/lib/queue-stack.cjs';

export function redisUnavailable(): string | undefined {
	return findRedisServer() ? undefined : 'redis-server is not installed (Debian: apt-get install redis-server, or run .ci/services)';
}

type RedisServer = Awaited<ReturnType<typeof startRedisServer>>;

export class TestRedis {
	constructor(private readonly server: RedisServer) {}

	get port(): number {
		return this.server.port;
	}

	/** The QUEUE_BULL_* settings a queue-mode n8n would have for this server. */
	queueEnv(prefix = 'bull'): Record<string, string> {
		return {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.port),
			QUEUE_BULL_PREFIX: prefix,
		};
	}

	/** Back on the same port, empty (an outage that lost the data). */
	start(): Promise<void> {
		return this.server.start();
	}

	stop(): Promise<void> {
		return this.server.stop();
	}
}

/** Nothing left behind: no log, no folder of its own (no save is configured). */
export async function startRedis(): Promise<TestRedis> {
	return new TestRedis(await startRedisServer({ logFile: '/dev/null', dir: os.tmpdir(), name: 'test redis', log: () => undefined }));
}
