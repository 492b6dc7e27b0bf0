/**
 * The login breaker in Redis: a refused login pauses logins with the same settings on every n8n
 * process, so a wrong code is not retried once per worker. One key per connection settings (their
 * hash), expiring with the pause.
 */
import { LOGIN_PAUSE_MS } from '../smtp/loginBreaker';
import type { LoginBreaker, LoginPause } from '../smtp/loginBreaker';
import type { SharedRedis } from './redisClient';

interface StoredPause {
	until: number;
	message: string;
	code?: string;
	responseCode?: number;
	command?: string;
	response?: string;
}

export class RedisLoginBreaker implements LoginBreaker {
	constructor(
		private readonly redis: SharedRedis,
		private readonly pauseMs = LOGIN_PAUSE_MS,
	) {}

	private keyOf(sessionKey: string): string {
		return `${this.redis.target.keyPrefix}:breaker:${sessionKey}`;
	}

	async check(key: string, now: number): Promise<LoginPause | undefined> {
		const stored = await this.redis.run((client) => client.get(this.keyOf(key)));
		if (!stored) return undefined;
		const pause = JSON.parse(stored) as StoredPause;
		if (pause.until <= now) return undefined;
		const { until, message, ...fields } = pause;
		return { until, error: Object.assign(new Error(message), fields) };
	}

	async trip(key: string, error: Error, now: number): Promise<LoginPause> {
		const until = now + this.pauseMs;
		const { code, responseCode, command, response } = error as Error & Omit<StoredPause, 'until' | 'message'>;
		// The error was already cleaned of secrets (smtp/redactSecrets.ts) before it reached the breaker.
		const stored: StoredPause = { until, message: error.message, code, responseCode, command, response };
		await this.redis.run((client) => client.set(this.keyOf(key), JSON.stringify(stored), 'PX', this.pauseMs));
		return { until, error };
	}
}
