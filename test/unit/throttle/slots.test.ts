import fc from 'fast-check';

import { DEFAULT_PRUNE_LIMITS, claimSlot, prune, releaseSlot } from '../../../nodes/AlertEmail/throttle/slots';
import { MapTable } from '../../../nodes/AlertEmail/throttle/entryTables';

const MIN = 60_000;
const T0 = Date.parse('2024-05-01T00:00:00Z');

describe('sending interval decisions', () => {
	it('sends the first, throttles repeats inside the interval and reports them with the next email', () => {
		const store = new MapTable();
		expect(claimSlot(store, 'k', 'firing', T0, 10 * MIN)).toMatchObject({ send: true, report: { suppressed: 0 } });
		expect(claimSlot(store, 'k', 'firing', T0 + 2 * MIN, 10 * MIN)).toEqual({
			send: false,
			lastSentAt: T0,
			nextAllowedAt: T0 + 10 * MIN,
			suppressed: 1,
			suppressedSince: T0 + 2 * MIN,
		});
		expect(claimSlot(store, 'k', 'firing', T0 + 5 * MIN, 10 * MIN)).toMatchObject({
			send: false,
			suppressed: 2,
			suppressedSince: T0 + 2 * MIN,
		});
		expect(claimSlot(store, 'k', 'firing', T0 + 10 * MIN, 10 * MIN)).toMatchObject({
			send: true,
			report: { suppressed: 2, suppressedSince: T0 + 2 * MIN, lastSentAt: T0 },
		});
		expect(store.get('k')).toEqual({ sentAt: T0 + 10 * MIN, suppressed: 0 });
	});

	it('keeps keys apart', () => {
		const store = new MapTable();
		claimSlot(store, 'a', 'firing', T0, MIN);
		expect(claimSlot(store, 'b', 'firing', T0, MIN).send).toBe(true);
		expect(claimSlot(store, 'a', 'firing', T0, MIN).send).toBe(false);
	});

	it('lets a resolved alert through inside the interval, reports the repeats and clears the key', () => {
		const store = new MapTable();
		claimSlot(store, 'k', 'firing', T0, 10 * MIN);
		claimSlot(store, 'k', 'firing', T0 + MIN, 10 * MIN);
		expect(claimSlot(store, 'k', 'resolved', T0 + 2 * MIN, 10 * MIN)).toMatchObject({
			send: true,
			report: { suppressed: 1, suppressedSince: T0 + MIN },
		});
		expect(store.get('k')).toBeUndefined();
		expect(claimSlot(store, 'k', 'firing', T0 + 3 * MIN, 10 * MIN).send).toBe(true);
	});

	it('sends everything when the interval is 0, reporting earlier repeats and remembering the send', () => {
		const store = new MapTable();
		store.set('k', { sentAt: T0, suppressed: 4, suppressedSince: T0 + MIN });
		expect(claimSlot(store, 'k', 'firing', T0 + 2 * MIN, 0)).toMatchObject({
			send: true,
			report: { suppressed: 4, suppressedSince: T0 + MIN, lastSentAt: T0 },
		});
		expect(store.get('k')).toEqual({ sentAt: T0 + 2 * MIN, suppressed: 0 });
		expect(claimSlot(store, 'k', 'firing', T0 + 2 * MIN, 0).send).toBe(true);
		// An interval set afterwards holds at once.
		expect(claimSlot(store, 'k', 'firing', T0 + 3 * MIN, 10 * MIN).send).toBe(false);
	});
});

describe('releasing a slot whose email was not delivered', () => {
	it('restores the key and keeps the repeats counted meanwhile', () => {
		const store = new MapTable();
		claimSlot(store, 'k', 'firing', T0, 10 * MIN);
		claimSlot(store, 'k', 'firing', T0 + MIN, 10 * MIN);
		const sent = claimSlot(store, 'k', 'firing', T0 + 11 * MIN, 10 * MIN);
		claimSlot(store, 'k', 'firing', T0 + 12 * MIN, 10 * MIN);
		if (!sent.send || !sent.reservation) throw new Error('expected a reservation');
		releaseSlot(store, sent.reservation);
		expect(store.get('k')).toEqual({ sentAt: T0, suppressed: 2, suppressedSince: T0 + MIN });
		// The next alert goes out and reports both repeats.
		expect(claimSlot(store, 'k', 'firing', T0 + 13 * MIN, 10 * MIN)).toMatchObject({ send: true, report: { suppressed: 2 } });
	});

	it('forgets a first-ever key again, so the next alert is not throttled', () => {
		const store = new MapTable();
		const first = claimSlot(store, 'k', 'firing', T0, 10 * MIN);
		if (!first.send || !first.reservation) throw new Error('expected a reservation');
		releaseSlot(store, first.reservation);
		expect(store.get('k')).toBeUndefined();
		expect(claimSlot(store, 'k', 'firing', T0 + 1, 10 * MIN).send).toBe(true);
	});

	it('leaves a key alone that another execution has sent for since', () => {
		const store = new MapTable();
		const mine = claimSlot(store, 'k', 'firing', T0, MIN);
		store.set('k', { sentAt: T0 + 5, suppressed: 0 });
		if (!mine.send || !mine.reservation) throw new Error('expected a reservation');
		releaseSlot(store, mine.reservation);
		expect(store.get('k')).toEqual({ sentAt: T0 + 5, suppressed: 0 });
	});

	it('puts back the entry a failed resolved email cleared', () => {
		const store = new MapTable();
		claimSlot(store, 'k', 'firing', T0, 10 * MIN);
		const resolved = claimSlot(store, 'k', 'resolved', T0 + MIN, 10 * MIN);
		if (!resolved.send || !resolved.reservation) throw new Error('expected a reservation');
		releaseSlot(store, resolved.reservation);
		expect(store.get('k')).toEqual({ sentAt: T0, suppressed: 0 });
	});
});

describe('pruning', () => {
	it('drops ended windows with nothing to report and keeps counts waiting for the next email', () => {
		const store = new MapTable();
		store.set('ended', { sentAt: T0, suppressed: 0 });
		store.set('open', { sentAt: T0 + 9 * MIN, suppressed: 0 });
		store.set('waiting', { sentAt: T0, suppressed: 3, suppressedSince: T0 + MIN });
		expect(prune(store, T0 + 10 * MIN, 10 * MIN)).toBe(1);
		expect(store.keys().sort()).toEqual(['open', 'waiting']);
	});

	it('forgets counts after the retention', () => {
		const store = new MapTable();
		store.set('old', { sentAt: T0, suppressed: 3, suppressedSince: T0 + MIN });
		prune(store, T0 + MIN + DEFAULT_PRUNE_LIMITS.retentionMs + 1, 10 * MIN);
		expect(store.keys()).toEqual([]);
	});

	it('keeps at most maxKeys, dropping the least recently active', () => {
		const store = new MapTable();
		for (let i = 0; i < 10; i++) store.set(`k${i}`, { sentAt: T0 + i, suppressed: 0 });
		prune(store, T0 + 20, 10 * MIN, { maxKeys: 3, retentionMs: DEFAULT_PRUNE_LIMITS.retentionMs });
		expect(store.keys().sort()).toEqual(['k7', 'k8', 'k9']);
	});
});

describe('sending interval properties', () => {
	const event = fc.record({ key: fc.constantFrom('a', 'b', 'c'), resolved: fc.boolean(), gap: fc.integer({ min: 0, max: 4 * MIN }) });

	it('never sends two firing emails for a key within the interval, and reports every suppressed repeat exactly once', () => {
		fc.assert(
			fc.property(fc.array(event, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (events, minutes) => {
				const interval = minutes * MIN;
				const store = new MapTable();
				const lastFiringSend = new Map<string, number>();
				const throttled = new Map<string, number>();
				const reported = new Map<string, number>();
				let now = T0;
				for (const { key, resolved, gap } of events) {
					now += gap;
					const decision = claimSlot(store, key, resolved ? 'resolved' : 'firing', now, interval);
					if (!decision.send) {
						throttled.set(key, (throttled.get(key) ?? 0) + 1);
						continue;
					}
					reported.set(key, (reported.get(key) ?? 0) + decision.report.suppressed);
					if (resolved) lastFiringSend.delete(key);
					else {
						const last = lastFiringSend.get(key);
						if (last !== undefined && now - last < interval) return false;
						lastFiringSend.set(key, now);
					}
				}
				// Conservation: each repeat is either reported in a later email or still waiting in the store.
				for (const key of ['a', 'b', 'c']) {
					const waiting = store.get(key)?.suppressed ?? 0;
					if ((throttled.get(key) ?? 0) !== (reported.get(key) ?? 0) + waiting) return false;
				}
				return true;
			}),
		);
	});
});
