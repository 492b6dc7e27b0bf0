/**
 * A real redis-server (Debian's package) on 127.0.0.1 and a free port, started and stopped by the
 * test, with no persistence. Can be stopped and started again on the same port, to test an outage.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

import { freePort } from './ports';

const BINARY = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));

export function redisUnavailable(): string | undefined {
	return BINARY ? undefined : 'redis-server is not installed (Debian: apt-get install redis-server, or run .ci/services)';
}

async function answers(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
		socket.once('connect', () => socket.write('PING\r\n'));
	});
}

export class TestRedis {
	private process?: ChildProcess;

	constructor(readonly port: number) {}

	/** The `redis` credential n8n's Redis nodes use, for this server. */
	credential(): Record<string, unknown> {
		return { host: '127.0.0.1', port: this.port, database: 0, user: '', password: '', ssl: false };
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

	async start(): Promise<void> {
		if (!BINARY) throw new Error(redisUnavailable());
		this.process = spawn(
			BINARY,
			['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
			{
				stdio: 'ignore',
			},
		);
		const deadline = Date.now() + 10_000;
		while (!(await answers(this.port))) {
			if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${this.port}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	async stop(): Promise<void> {
		const child = this.process;
		this.process = undefined;
		if (!child || child.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			child.once('exit', () => resolve());
			child.kill('SIGKILL');
		});
	}
}

export async function startRedis(): Promise<TestRedis> {
	const redis = new TestRedis(await freePort());
	await redis.start();
	return redis;
}
