/**
 * The sending interval in Redis, shared by every n8n process (queue-mode workers). Each claim is one
 * Lua script, so two workers that see the same alert at once cannot both send it: one takes the slot,
 * the other counts a suppressed repeat. The rules are those of throttle/slots.ts (a resolved alert
 * clears its key and always goes; with Send Interval 0 every alert goes and its send is remembered;
 * a failed delivery gives the slot back, keeping the repeats counted).
 *
 * One hash per throttle key, namespaced per workflow, node and run kind, with an expiry: nothing
 * grows without bound.
 */
import { createHash } from 'node:crypto';

import type { AlertStatus, Reservation, ThrottleDecision, ThrottleEntry } from '../model';
import type { IntervalStore } from '../throttle/intervalStore';
import { LAST_SEND_MEMORY_MS, REPEATS_RETENTION_MS, reportOf } from '../throttle/slots';
import type { RedisScript, SharedRedis } from './redisClient';

// A key lives after its last change as long as this process's memory keeps it (throttle/): its interval,
// and at least a day after a send (7 while repeats wait to be reported).

// Returns {1, prevSentAt, prevSuppressed, prevSince} to send, or {0, sentAt, suppressed, since} for a repeat.
const CLAIM: RedisScript = {
	name: 'alertEmailIntervalClaim',
	numberOfKeys: 1,
	lua: `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local resolved = ARGV[3] == '1'
local sentTtl = tonumber(ARGV[4])
local repeatsTtl = tonumber(ARGV[5])
local sentAt = tonumber(redis.call('HGET', key, 'sentAt')) or -1
local suppressed = tonumber(redis.call('HGET', key, 'suppressed')) or 0
local since = tonumber(redis.call('HGET', key, 'suppressedSince')) or -1
if resolved and interval > 0 then
  redis.call('DEL', key)
  return {1, sentAt, suppressed, since}
end
if interval > 0 and sentAt > 0 and now - sentAt < interval then
  if since < 0 then since = now end
  redis.call('HSET', key, 'suppressed', suppressed + 1, 'suppressedSince', since, 'name', ARGV[6])
  redis.call('PEXPIRE', key, repeatsTtl)
  return {0, sentAt, suppressed + 1, since}
end
redis.call('DEL', key)
redis.call('HSET', key, 'sentAt', now, 'suppressed', 0, 'name', ARGV[6])
redis.call('PEXPIRE', key, sentTtl)
return {1, sentAt, suppressed, since}
`,
};

// Gives a slot back unless someone sent for the key since: as before, plus the repeats counted since.
const RELEASE: RedisScript = {
	name: 'alertEmailIntervalRelease',
	numberOfKeys: 1,
	lua: `
local key = KEYS[1]
local at = tonumber(ARGV[1])
local prevSentAt = tonumber(ARGV[2])
local prevSuppressed = tonumber(ARGV[3])
local prevSince = tonumber(ARGV[4])
local repeatsTtl = tonumber(ARGV[5])
local sentAt = tonumber(redis.call('HGET', key, 'sentAt'))
if sentAt and sentAt ~= at then return 0 end
local suppressed = prevSuppressed + (tonumber(redis.call('HGET', key, 'suppressed')) or 0)
local since = tonumber(redis.call('HGET', key, 'suppressedSince')) or -1
if prevSince >= 0 and (since < 0 or prevSince < since) then since = prevSince end
redis.call('DEL', key)
if prevSentAt <= 0 and suppressed == 0 then return 1 end
redis.call('HSET', key, 'sentAt', math.max(prevSentAt, 0), 'suppressed', suppressed, 'name', ARGV[6])
if suppressed > 0 and since >= 0 then redis.call('HSET', key, 'suppressedSince', since) end
redis.call('PEXPIRE', key, repeatsTtl)
return 1
`,
};

const entryOf = (sentAt: number, suppressed: number, since: number): ThrottleEntry | undefined =>
	sentAt < 0 && suppressed === 0
		? undefined
		: { sentAt: Math.max(sentAt, 0), suppressed, ...(suppressed > 0 && since >= 0 ? { suppressedSince: since } : {}) };

export class RedisIntervalStore implements IntervalStore {
	constructor(
		private readonly redis: SharedRedis,
		/** Workflow, node and run kind, e.g. "wf:abc:node:def:production". */
		private readonly namespace: string,
		/** The node's Send Interval: a released slot keeps its entry as long as a claim would. */
		private readonly intervalMs: number,
	) {}

	/** The Redis key of a throttle key: hashed, so payload text never shapes key names. */
	private keyOf(throttleKey: string): string {
		const hash = createHash('sha256').update(throttleKey).digest('hex').slice(0, 32);
		return `${this.redis.target.keyPrefix}:${this.namespace}:interval:${hash}`;
	}

	async claim(key: string, status: AlertStatus, now: number, intervalMs: number): Promise<ThrottleDecision> {
		const sentTtl = Math.max(intervalMs, LAST_SEND_MEMORY_MS);
		const repeatsTtl = Math.max(intervalMs, REPEATS_RETENTION_MS);
		const reply = (await this.redis.script(
			CLAIM,
			[this.keyOf(key)],
			[now, intervalMs, status === 'resolved' ? '1' : '0', sentTtl, repeatsTtl, key],
		)) as number[];
		const [send, sentAt, suppressed, since] = reply.map(Number);
		if (send === 0) {
			return { send: false, lastSentAt: sentAt, nextAllowedAt: sentAt + intervalMs, suppressed, suppressedSince: since };
		}
		const previous = entryOf(sentAt, suppressed, since);
		return { send: true, report: reportOf(previous), reservation: { key, at: now, ...(previous ? { previous } : {}) } };
	}

	async release(reservation: Reservation): Promise<void> {
		const { previous } = reservation;
		await this.redis.script(
			RELEASE,
			[this.keyOf(reservation.key)],
			[
				reservation.at,
				previous?.sentAt ?? -1,
				previous?.suppressed ?? 0,
				previous?.suppressedSince ?? -1,
				Math.max(this.intervalMs, REPEATS_RETENTION_MS),
				reservation.key,
			],
		);
	}

	/** Keys expire by themselves: nothing to prune or write back. */
	async save(): Promise<void> {}
}
