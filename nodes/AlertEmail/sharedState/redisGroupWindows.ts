/**
 * Group windows in Redis, shared by every n8n process: an execution on one worker can hand its
 * alerts to a window another worker opened. The window's owner holds an expiring lock; the alerts
 * handed in wait in a Redis list. If the owner dies (a worker killed mid-window), its lock expires
 * and the next execution of that group takes the window over, alerts included, and sends them
 * when its own window closes: nothing is lost.
 */
import type { PassedAlert } from '../model';
import { sleepFor } from '../groupWindow/groupWindows';
import type { GroupWindows, HandedAlert, WindowJoin } from '../groupWindow/groupWindows';
import type { SharedRedis } from './redisClient';

/** How long after its close a window's owner may still seal it before another execution takes over. */
export function ownerGraceMs(windowMs: number): number {
	return Math.min(30_000, Math.max(5_000, windowMs / 2));
}

// Returns {'owner', closesAt} or {'joined', owner, closesAt}. The alerts go into the list either way:
// an owner's too, so that if its worker dies, the execution that takes the window over sends them.
const JOIN = `
local windowKey, alertsKey, lockKey = KEYS[1], KEYS[2], KEYS[3]
local execution = ARGV[1]
local now = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local graceMs = tonumber(ARGV[4])
local owner = redis.call('HGET', windowKey, 'owner')
for i = 5, #ARGV do redis.call('RPUSH', alertsKey, ARGV[i]) end
redis.call('PEXPIRE', alertsKey, windowMs + 2 * graceMs)
if owner and redis.call('EXISTS', lockKey) == 1 then
  return {'joined', owner, redis.call('HGET', windowKey, 'closesAt')}
end
local closesAt = now + windowMs
redis.call('HSET', windowKey, 'owner', execution, 'closesAt', closesAt)
redis.call('PEXPIRE', windowKey, windowMs + 2 * graceMs)
redis.call('SET', lockKey, execution, 'PX', windowMs + graceMs)
return {'owner', tostring(closesAt)}
`;

// Seals the window if this execution still owns it, and returns what was handed in.
const SEAL = `
local windowKey, alertsKey, lockKey = KEYS[1], KEYS[2], KEYS[3]
if redis.call('HGET', windowKey, 'owner') ~= ARGV[1] then return false end
local alerts = redis.call('LRANGE', alertsKey, 0, -1)
redis.call('DEL', windowKey, alertsKey, lockKey)
return alerts
`;

export class RedisGroupWindows implements GroupWindows {
	constructor(
		private readonly redis: SharedRedis,
		private readonly namespace: string,
		private readonly sleep: (ms: number) => Promise<void> = sleepFor,
	) {}

	private keys(key: string): [string, string, string] {
		const base = `${this.redis.target.keyPrefix}:${this.namespace}:window:${key}`;
		return [base, `${base}:alerts`, `${base}:lock`];
	}

	async join(key: string, executionId: string, entries: readonly PassedAlert[], windowMs: number, now: number): Promise<WindowJoin> {
		const keys = this.keys(key);
		const handed = entries.map((entry) => JSON.stringify({ executionId, entry } satisfies HandedAlert));
		const reply = (await this.redis.run((client) =>
			client.eval(JOIN, 3, ...keys, executionId, now, windowMs, ownerGraceMs(windowMs), ...handed),
		)) as string[];
		if (reply[0] === 'joined') return { role: 'joined', ownerExecutionId: reply[1], closesAt: Number(reply[2]) };
		const closesAt = Number(reply[1]);
		return {
			role: 'owner',
			closesAt,
			collect: async () => {
				await this.sleep(closesAt - Date.now());
				const sealed = (await this.redis.run((client) => client.eval(SEAL, 3, ...keys, executionId))) as string[] | null;
				// Another execution took the window over (this one overslept its lock): it sends what was handed in.
				// This execution's own alerts are in the list too (for a takeover); it sends them as its own.
				return (sealed ?? []).map((json) => JSON.parse(json) as HandedAlert).filter((handed) => handed.executionId !== executionId);
			},
		};
	}
}
