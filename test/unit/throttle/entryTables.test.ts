import { forgetMemoryTables, MAX_TABLES, memoryTable, memoryTableCount } from '../../../nodes/AlertEmail/throttle/memoryTables';
import { LayeredTable, MapTable, JsonTable } from '../../../nodes/AlertEmail/throttle/entryTables';

describe('static-data table store', () => {
	it('loads valid entries, drops invalid ones and reports the change', () => {
		const store = new JsonTable({ good: { sentAt: 5, suppressed: 1, suppressedSince: 6 }, bad: { sentAt: 'x' }, worse: null });
		expect(store.keys()).toEqual(['good']);
		expect(store.changed).toBe(true);
	});

	it('marks changes only when something changes', () => {
		const store = new JsonTable({ k: { sentAt: 5, suppressed: 0 } });
		expect(store.changed).toBe(false);
		store.delete('missing');
		expect(store.changed).toBe(false);
		store.set('k', { sentAt: 6, suppressed: 0 });
		expect(store.changed).toBe(true);
	});

	it('works on a copy of what it was given', () => {
		const source = { k: { sentAt: 5, suppressed: 0 } };
		const store = new JsonTable(source);
		store.set('k', { sentAt: 9, suppressed: 0 });
		expect(source.k.sentAt).toBe(5);
	});

	it('starts empty from nothing', () => {
		expect(new JsonTable(undefined).keys()).toEqual([]);
	});
});

describe('layered store', () => {
	it('reads the newer entry and writes to every layer', () => {
		const a = new MapTable();
		const b = new MapTable();
		a.set('k', { sentAt: 1, suppressed: 5 });
		b.set('k', { sentAt: 2, suppressed: 0 });
		const layered = new LayeredTable([a, b]);
		expect(layered.get('k')).toEqual({ sentAt: 2, suppressed: 0 });
		layered.set('n', { sentAt: 3, suppressed: 0 });
		expect(a.get('n')).toEqual(b.get('n'));
		layered.delete('k');
		expect(a.get('k')).toBeUndefined();
		expect(b.get('k')).toBeUndefined();
	});

	it('prefers the larger count when both were sent at the same time', () => {
		const a = new MapTable(new Map([['k', { sentAt: 1, suppressed: 1 }]]));
		const b = new MapTable(new Map([['k', { sentAt: 1, suppressed: 3 }]]));
		expect(new LayeredTable([a, b]).get('k')?.suppressed).toBe(3);
		expect(new LayeredTable([a, b]).keys()).toEqual(['k']);
	});
});

describe('process memory', () => {
	afterEach(forgetMemoryTables);

	it('returns the same table for a namespace and keeps at most MAX_TABLES, least recently used first out', () => {
		const first = memoryTable('wf:node:manual');
		first.set('k', { sentAt: 1, suppressed: 0 });
		expect(memoryTable('wf:node:manual').get('k')).toEqual({ sentAt: 1, suppressed: 0 });
		for (let i = 0; i < MAX_TABLES - 1; i++) memoryTable(`other-${i}`);
		memoryTable('wf:node:manual');
		memoryTable('one-more');
		expect(memoryTableCount()).toBe(MAX_TABLES);
		expect(memoryTable('wf:node:manual').get('k')).toBeDefined();
		expect(memoryTable('other-0').size).toBe(0);
	});
});
