import { groupKey, LocalGroupWindows } from '../../../nodes/AlertEmail/groupWindow/groupWindows';
import type { GroupWindows } from '../../../nodes/AlertEmail/groupWindow/groupWindows';
import type { MailGroup } from '../../../nodes/AlertEmail/model';
import { gatherInWindows } from '../../../nodes/AlertEmail/pipeline/groupWindows';
import { testEnvelope, testPassed } from '../../helpers/alerts';

const entry = (title: string) => testPassed({ title });

describe('group windows in this process', () => {
	it('the first join owns the window; joins before it closes are handed to it; the owner collects them when it closes', async () => {
		let wake!: () => void;
		const windows = new LocalGroupWindows(() => new Promise<void>((resolve) => (wake = resolve)));
		const owner = await windows.join('k', 'ex-1', [entry('a')], 10_000, 1_000);
		const second = await windows.join('k', 'ex-2', [entry('b'), entry('c')], 10_000, 2_000);
		expect(owner.role).toBe('owner');
		expect(second).toEqual({ role: 'joined', ownerExecutionId: 'ex-1', closesAt: 11_000 });
		if (owner.role !== 'owner') throw new Error('expected the owner');
		const collected = owner.collect();
		wake();
		const closed = await collected;
		if (!('handed' in closed)) throw new Error('a window in this process is never taken over');
		expect(closed.handed.map(({ executionId, entry: handed }) => [executionId, handed.alert.title])).toEqual([
			['ex-2', 'b'],
			['ex-2', 'c'],
		]);
		// Sealed: the next execution opens a new window.
		expect((await windows.join('k', 'ex-3', [entry('d')], 10_000, 3_000)).role).toBe('owner');
	});

	it('a window past its close time is not joined; other groups have windows of their own', async () => {
		const windows = new LocalGroupWindows(async () => undefined);
		await windows.join('k', 'ex-1', [entry('a')], 1_000, 0);
		expect((await windows.join('k', 'ex-2', [entry('b')], 1_000, 1_000)).role).toBe('owner');
		expect((await windows.join('other', 'ex-3', [entry('c')], 1_000, 500)).role).toBe('owner');
	});

	it('keys differ by scope, connection and recipients', () => {
		const base = { scope: 'wf:node:production', connectionKey: 'c1', envelope: { to: ['a@x.com'] } };
		expect(groupKey(base)).toBe(groupKey({ ...base }));
		expect(groupKey(base)).not.toBe(groupKey({ ...base, scope: 'wf:node:manual' }));
		expect(groupKey(base)).not.toBe(groupKey({ ...base, connectionKey: 'c2' }));
		expect(groupKey(base)).not.toBe(groupKey({ ...base, envelope: { to: ['b@x.com'] } }));
	});
});

describe('gathering groups through windows', () => {
	const group = (...titles: string[]): MailGroup => ({ kind: 'digest', envelope: testEnvelope(), entries: titles.map(entry) });
	const scope = (windows: GroupWindows) => ({ windows, executionId: 'ex-late', scope: 's', connectionKey: 'c', windowMs: 1_000, now: 0 });

	it('an owner whose window another execution took over sends nothing and hands its alerts to that execution', async () => {
		const takenOver: GroupWindows = {
			join: async () => ({ role: 'owner', closesAt: 1_000, collect: async () => ({ takenOverBy: 'ex-new', closesAt: 9_000 }) }),
		};
		const { mine, grouped } = await gatherInWindows([group('a', 'b')], scope(takenOver));
		expect(mine).toEqual([]);
		expect(grouped.map((skipped) => [skipped.reason, skipped.alert?.title, skipped.grouped])).toEqual([
			['grouped', 'a', { executionId: 'ex-new', windowClosesAt: new Date(9_000).toISOString() }],
			['grouped', 'b', { executionId: 'ex-new', windowClosesAt: new Date(9_000).toISOString() }],
		]);
		expect(grouped[0].detail).toMatch(
			/^Handed to execution ex-new, which took this group window over because this execution closed it late/,
		);
	});

	it('an owner that sealed its window sends its own alerts with those handed in', async () => {
		const sealed: GroupWindows = {
			join: async () => ({
				role: 'owner',
				closesAt: 1_000,
				collect: async () => ({ handed: [{ executionId: 'ex-2', entry: entry('c') }] }),
			}),
		};
		const { mine, grouped } = await gatherInWindows([group('a')], scope(sealed));
		expect(grouped).toEqual([]);
		expect(mine[0].entries.map((one) => [one.alert.title, one.handedBy])).toEqual([
			['a', undefined],
			['c', 'ex-2'],
		]);
	});
});
