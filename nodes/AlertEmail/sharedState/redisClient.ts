/**
 * The only module that talks to ioredis (the client n8n itself uses for its queue). One client per
 * Redis server and database for the whole process, shared by every execution.
 *
 * Built to fail fast and fail open: commands never wait in an offline queue, every command has a
 * deadline, and the client keeps reconnecting in the background. The callers turn a failure into
 * "send anyway" (sharedState/failOpen.ts); this module says once per outage that Redis is down, and
 * once that it is back, not once per alert.
 */
import { createHash } from 'node:crypto';

import type Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';

export interface RedisTarget {
	host: string;
	port: number;
	db: number;
	username?: string;
	password?: string;
	tls?: { servername?: string; rejectUnauthorized: boolean };
	/** Every key this package writes starts with it, e.g. "bull:alert-email". */
	keyPrefix: string;
}

/** What the node logs with: n8n's logger of the execution that noticed. */
export interface StateLogger {
	warn(message: string): void;
	info(message: string): void;
}

/** A Lua script, registered once per client (ioredis defineCommand): sent by its SHA1 (EVALSHA), its text only when Redis lacks it. */
export interface RedisScript {
	/** Unique in this package: the client's command name. */
	name: string;
	numberOfKeys: number;
	lua: string;
}

type ScriptCommand = (...keysAndArgs: Array<string | number>) => Promise<unknown>;

/** How long a command may take before the caller gives up on it and sends anyway. */
const COMMAND_TIMEOUT_MS = 1_500;
const CONNECT_TIMEOUT_MS = 2_000;

export class SharedRedis {
	private readonly client: Redis;
	private down = false;
	private logger?: StateLogger;
	private readonly defined = new Set<string>();

	constructor(readonly target: RedisTarget) {
		const options: RedisOptions = {
			host: target.host,
			port: target.port,
			db: target.db,
			...(target.username ? { username: target.username } : {}),
			...(target.password ? { password: target.password } : {}),
			...(target.tls ? { tls: { ...target.tls } } : {}),
			lazyConnect: true,
			enableOfflineQueue: false,
			maxRetriesPerRequest: 0,
			connectTimeout: CONNECT_TIMEOUT_MS,
			commandTimeout: COMMAND_TIMEOUT_MS,
			// Reconnect forever, at most every 2 s: the node recovers by itself when Redis is back.
			retryStrategy: (times) => Math.min(times * 200, 2_000),
			connectionName: 'n8n-nodes-alert-email',
		};
		// Loaded on first use: n8n processes that never share state do not load the client at all.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { default: RedisClient } = require('ioredis') as { default: typeof Redis };
		this.client = new RedisClient(options);
		// Errors surface in the commands that fail; an 'error' without a listener would crash n8n.
		this.client.on('error', () => undefined);
		this.client.on('ready', () => this.markUp());
	}

	/** Where, for messages: never the password. */
	get where(): string {
		return `${this.target.host}:${this.target.port}/${this.target.db}`;
	}

	useLogger(logger: StateLogger | undefined): void {
		if (logger) this.logger = logger;
	}

	/** Runs a command; on failure notes the outage (logged once) and rethrows for the caller to fail open. */
	async run<T>(command: (client: Redis) => Promise<T>): Promise<T> {
		try {
			await this.ready();
			const result = await command(this.client);
			this.markUp();
			return result;
		} catch (error) {
			this.markDown(error);
			throw error;
		}
	}

	/** Runs a Lua script (as `run` does a command): its keys, then its arguments. */
	async script(script: RedisScript, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
		return this.run((client) => {
			if (!this.defined.has(script.name)) {
				client.defineCommand(script.name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
				this.defined.add(script.name);
			}
			const command = (client as unknown as Record<string, ScriptCommand>)[script.name];
			return command.call(client, ...keys, ...args);
		});
	}

	async close(): Promise<void> {
		try {
			await this.client.quit();
		} catch {
			this.client.disconnect();
		}
	}

	private async ready(): Promise<void> {
		if (this.client.status === 'ready') return;
		// Known to be down: fail at once (the client keeps reconnecting in the background) rather than
		// make every alert of an outage wait for a connect timeout.
		if (this.down) throw new Error(`Redis at ${this.where} is not reachable`);
		if (this.client.status === 'wait') this.client.connect().catch(() => undefined);
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => finish(new Error(`Redis at ${this.where} is not reachable`)), CONNECT_TIMEOUT_MS);
			const onReady = () => finish();
			// A refused connection fails this wait at once: executions that arrive while Redis is down
			// (before the outage is known) do not each sit out the connect deadline.
			const onError = (error: Error) => finish(new Error(`Redis at ${this.where} is not reachable (${error.message})`));
			const finish = (error?: Error) => {
				clearTimeout(timer);
				this.client.off('ready', onReady);
				this.client.off('error', onError);
				if (error) reject(error);
				else resolve();
			};
			this.client.once('ready', onReady);
			this.client.once('error', onError);
			if (this.client.status === 'ready') finish();
		});
	}

	private markDown(error: unknown): void {
		if (this.down) return;
		this.down = true;
		const reason = error instanceof Error ? error.message : String(error);
		this.logger?.warn(
			`Alert Email: Redis at ${this.where} is unreachable (${reason}). Alerts are sent without the shared Send Interval, group windows and login breaker until it is back; this is logged once.`,
		);
	}

	private markUp(): void {
		if (!this.down) return;
		this.down = false;
		this.logger?.info(
			`Alert Email: Redis at ${this.where} is reachable again; the shared Send Interval, group windows and login breaker are back.`,
		);
	}
}

const clients = new Map<string, SharedRedis>();

/** The process's client for this target (one per server, database and login). */
export function sharedRedis(target: RedisTarget): SharedRedis {
	const id = createHash('sha256').update(JSON.stringify(target)).digest('hex');
	let client = clients.get(id);
	if (!client) {
		client = new SharedRedis(target);
		clients.set(id, client);
	}
	return client;
}
