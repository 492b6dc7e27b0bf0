/**
 * Group windows in Redis, shared by every n8n process: an execution on one worker can hand its
 * alerts to a window another worker opened. The window's owner holds an expiring lock; the alerts
 * handed in wait in a Redis list. If the owner dies (a worker killed mid-window), its lock expires
 * and the next execution of that group takes the window over, alerts included, and sends them
 * when its own window closes: nothing is lost. An owner that was only slow (it seals after its lock
 * expired and another execution took over) finds out when it seals, and hands its alerts to that
 * execution instead of sending them a second time.
 */
import type { PassedAlert } from '../model';
import { sleepFor } from '../groupWindow/groupWindows';
import type { GroupWindows, HandedAlert, WindowJoin } from '../groupWindow/groupWindows';
import type { RedisScript, SharedRedis } from './redisClient';

/** How long after its close a window's owner may still seal it before another execution takes over. */
function ownerGraceMs(windowMs: number): number {
	return Math.min(30_000, Math.max(5_000, windowMs / 2));
}

// Returns {'owner', closesAt} or {'joined', owner, closesAt}. The alerts go into the list either way:
// an owner's too, so that if its worker dies, the execution that takes the window over sends them.
// The window hash lives as long as the list, so an execution taking a window over always finds the
// owner it replaces, and notes it ('from:<id>') for SEAL.
const JOIN: RedisScript = {
	name: 'alertEmailWindowJoin',
	numberOfKeys: 3,
	lua: `
local windowKey, alertsKey, lockKey = KEYS[1], KEYS[2], KEYS[3]
local execution = ARGV[1]
local now = tonumber(ARGV[2])
local windowMs = tonumber(ARGV[3])
local graceMs = tonumber(ARGV[4])
local owner = redis.call('HGET', windowKey, 'owner')
for i = 5, #ARGV do redis.call('RPUSH', alertsKey, ARGV[i]) end
redis.call('PEXPIRE', alertsKey, windowMs + 2 * graceMs)
if owner and redis.call('EXISTS', lockKey) == 1 then
  redis.call('PEXPIRE', windowKey, windowMs + 2 * graceMs)
  return {'joined', owner, redis.call('HGET', windowKey, 'closesAt')}
end
local closesAt = now + windowMs
if owner and owner ~= execution then redis.call('HSET', windowKey, 'from:' .. owner, '1') end
redis.call('HSET', windowKey, 'owner', execution, 'closesAt', closesAt)
redis.call('PEXPIRE', windowKey, windowMs + 2 * graceMs)
redis.call('SET', lockKey, execution, 'PX', windowMs + graceMs)
return {'owner', tostring(closesAt)}
`,
};

// Seals the window if this execution still owns it: returns {'sealed', alerts}, and notes in the
// sealed hash, for each owner this one took the window over from, that this one sent their alerts.
// Otherwise {'taken', execution, closesAt} when another execution holds or sent this one's alerts
// (this one overslept its lock), or {'gone'} when nobody has them (the window expired).
const SEAL: RedisScript = {
	name: 'alertEmailWindowSeal',
	numberOfKeys: 4,
	lua: `
local windowKey, alertsKey, lockKey, sealedKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local execution = ARGV[1]
local sealedMs = tonumber(ARGV[2])
local owner = redis.call('HGET', windowKey, 'owner')
if owner == execution then
  local alerts = redis.call('LRANGE', alertsKey, 0, -1)
  local closesAt = redis.call('HGET', windowKey, 'closesAt')
  local fields = redis.call('HKEYS', windowKey)
  redis.call('DEL', windowKey, alertsKey, lockKey)
  for _, field in ipairs(fields) do
    if string.sub(field, 1, 5) == 'from:' then
      redis.call('HSET', sealedKey, string.sub(field, 6), closesAt .. '|' .. execution)
      redis.call('PEXPIRE', sealedKey, sealedMs)
    end
  end
  return {'sealed', alerts}
end
if owner and redis.call('HEXISTS', windowKey, 'from:' .. execution) == 1 then
  return {'taken', owner, redis.call('HGET', windowKey, 'closesAt')}
end
local sealed = redis.call('HGET', sealedKey, execution)
if sealed then
  local bar = string.find(sealed, '|', 1, true)
  return {'taken', string.sub(sealed, bar + 1), string.sub(sealed, 1, bar - 1)}
end
return {'gone'}
`,
};

type SealReply = ['sealed', string[]] | ['taken', string, string] | ['gone'];

export class RedisGroupWindows implements GroupWindows {
	constructor(
		private readonly redis: SharedRedis,
		private readonly namespace: string,
		private readonly sleep: (ms: number) => Promise<void> = sleepFor,
	) {}

	private keys(key: string): [string, string, string, string] {
		const base = `${this.redis.target.keyPrefix}:${this.namespace}:window:${key}`;
		return [base, `${base}:alerts`, `${base}:lock`, `${base}:sealed`];
	}

	async join(key: string, executionId: string, entries: readonly PassedAlert[], windowMs: number, now: number): Promise<WindowJoin> {
		const [windowKey, alertsKey, lockKey, sealedKey] = this.keys(key);
		const graceMs = ownerGraceMs(windowMs);
		const handed = entries.map((entry) => JSON.stringify({ executionId, entry } satisfies HandedAlert));
		const reply = (await this.redis.script(
			JOIN,
			[windowKey, alertsKey, lockKey],
			[executionId, now, windowMs, graceMs, ...handed],
		)) as string[];
		if (reply[0] === 'joined') return { role: 'joined', ownerExecutionId: reply[1], closesAt: Number(reply[2]) };
		const closesAt = Number(reply[1]);
		return {
			role: 'owner',
			closesAt,
			collect: async () => {
				await this.sleep(closesAt - Date.now());
				const reply = (await this.redis.script(
					SEAL,
					[windowKey, alertsKey, lockKey, sealedKey],
					[executionId, windowMs + 2 * graceMs],
				)) as SealReply;
				// This one overslept its lock: the execution that took the window over sends every alert in it, this one's too.
				if (reply[0] === 'taken') return { takenOverBy: reply[1], closesAt: Number(reply[2]) };
				// Gone (expired): nobody has this one's alerts but itself. Sealed: this one's own alerts are in the list
				// too (for a takeover); it sends them as its own.
				const sealed = reply[0] === 'sealed' ? reply[1] : [];
				return {
					handed: sealed.map((json) => JSON.parse(json) as HandedAlert).filter((alert) => alert.executionId !== executionId),
				};
			},
		};
	}
}
