import { groupKey, LocalGroupWindows } from '../../../nodes/AlertEmail/groupWindow/groupWindows';
import { testPassed } from '../../helpers/alerts';

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
		expect((await collected).map(({ executionId, entry: handed }) => [executionId, handed.alert.title])).toEqual([
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
