/**
 * Filter, minimum severity and the sending interval through the real engine and SMTP server:
 * state across executions in static data (as n8n persists it for active workflows), the process
 * memory for manual runs, resolved bypass, dry runs and failed deliveries that give their slot back.
 * Only Date is faked (to move the clock between executions); sockets and timers are real.
 */
import type { IDataObject } from 'n8n-workflow';

import { processMemory, runNode } from '../helpers/nodeRun';
import { fakeDateOnly } from '../helpers/fakeClock';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

const MIN = 60_000;

let server: TestSmtpServer;
let t0: number;
beforeAll(async () => {
	server = await startSmtpServer({ security: 'none' });
});
afterAll(() => server.close());
beforeEach(() => {
	t0 = Date.now();
	fakeDateOnly(t0);
	processMemory().forgetMemoryTables();
});
afterEach(() => jest.useRealTimers());

const at = (minutes: number) => jest.setSystemTime(t0 + minutes * MIN);
const alert = (extra: IDataObject = {}) => ({ event: 'disk.full', severity: 'critical', title: 'Disk full', source: 'db-1', ...extra });
const throttledParams = { sendInterval: 10 };
const nodeState = (staticData: IDataObject) => staticData['node:Alert Email'] as IDataObject | undefined;

describe('event filter and minimum severity', () => {
	it('sends what passes and skips the rest with reason "filtered" and why', async () => {
		const run = await runNode(
			server,
			[
				alert({ event: 'task.failed' }),
				alert({ event: 'task.heartbeat' }),
				alert({ event: 'db.slow' }),
				alert({ event: 'task.retry', severity: 'info' }),
			],
			{ includeEvents: 'task.*', excludeEvents: '*.heartbeat', minSeverity: 'warning' },
		);
		expect(run.mails).toHaveLength(1);
		expect(run.sent.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(run.skipped.map((item) => [item.pairedItem, item.json.reason, item.json.detail])).toEqual([
			[{ item: 1 }, 'filtered', 'Event "task.heartbeat" matches Exclude Events pattern "*.heartbeat".'],
			[{ item: 2 }, 'filtered', 'Event "db.slow" matches none of Include Events (task.*).'],
			[{ item: 3 }, 'filtered', 'Severity info is below Minimum Severity warning.'],
		]);
		expect(run.skipped[0].json.alert).toMatchObject({ event: 'task.heartbeat', title: 'Disk full', severity: 'critical' });
	});

	it('normalises severities before comparing (P2 is error, 提示 is info)', async () => {
		const run = await runNode(server, [alert({ severity: 'P2' }), alert({ severity: '提示', source: 'x' })], { minSeverity: 'error' });
		expect(run.mails.map((mail) => mail.parsed.subject)).toEqual(['[Prod] [ERROR] Disk full']);
		expect(run.skipped[0].json.detail).toBe('Severity info is below Minimum Severity error.');
	});
});

describe('send interval across executions of an active workflow (static data)', () => {
	it('throttles repeats in later executions from static data alone, then reports them in the next email', async () => {
		const staticData: IDataObject = {};
		const options = { staticData, workflowId: 'wf-static' };
		const first = await runNode(server, [alert()], throttledParams, options);
		expect(first.mails).toHaveLength(1);
		expect(nodeState(staticData)?.throttle).toEqual({ 'disk.full|db-1': { sentAt: t0, suppressed: 0 } });

		// A restart of n8n forgets the process memory; only static data carries the interval.
		processMemory().forgetMemoryTables();
		at(5);
		const second = await runNode(server, [alert(), alert({ message: 'again' })], throttledParams, options);
		expect(second.mails).toHaveLength(0);
		expect(second.sent).toHaveLength(0);
		expect(second.skipped.map((item) => [item.json.reason, (item.json.throttle as IDataObject).suppressed])).toEqual([
			['throttled', 1],
			['throttled', 2],
		]);
		expect(second.skipped[0].json.throttle).toMatchObject({ key: 'disk.full|db-1', nextAllowedAt: new Date(t0 + 10 * MIN).toISOString() });

		processMemory().forgetMemoryTables();
		at(11);
		const third = await runNode(server, [alert()], throttledParams, { ...options, timezone: 'UTC' });
		expect(third.mails).toHaveLength(1);
		const since = new Date(t0 + 5 * MIN).toISOString().replace('T', ' ').slice(0, 19);
		expect(third.mails[0].parsed.text).toContain(`2 repeats were suppressed since ${since} UTC.`);
		expect(nodeState(staticData)?.throttle).toEqual({ 'disk.full|db-1': { sentAt: t0 + 11 * MIN, suppressed: 0 } });
	});

	it('keeps throttle keys named after Object.prototype members ("__proto__", "constructor") in static data like any other', async () => {
		const staticData: IDataObject = {};
		const options = { staticData, workflowId: 'wf-proto' };
		const keyed = { ...throttledParams, options: { throttleKey: '{event}' } };
		const events = [alert({ event: '__proto__' }), alert({ event: 'constructor' })];
		const first = await runNode(server, events, keyed, options);
		expect(first.mails).toHaveLength(2);
		expect(Object.keys(nodeState(staticData)?.throttle as object).sort()).toEqual(['__proto__', 'constructor']);
		// Static data as n8n stores it: JSON, read back after a restart.
		const stored = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		processMemory().forgetMemoryTables();
		at(5);

		const second = await runNode(server, events, keyed, { ...options, staticData: stored });
		expect(second.mails).toHaveLength(0);
		expect(second.skipped.map((item) => [(item.json.throttle as IDataObject).key, item.json.reason])).toEqual([
			['__proto__', 'throttled'],
			['constructor', 'throttled'],
		]);
	});

	it('sends again from fresh static data once the process memory is gone (the state really is in static data)', async () => {
		await runNode(server, [alert()], throttledParams, { staticData: {}, workflowId: 'wf-fresh' });
		processMemory().forgetMemoryTables();
		const again = await runNode(server, [alert()], throttledParams, { staticData: {}, workflowId: 'wf-fresh' });
		expect(again.mails).toHaveLength(1);
	});

	it('throttles overlapping production executions that loaded static data before either saved (process memory)', async () => {
		await runNode(server, [alert()], throttledParams, { staticData: {}, workflowId: 'wf-storm' });
		const overlapping = await runNode(server, [alert()], throttledParams, { staticData: {}, workflowId: 'wf-storm' });
		expect(overlapping.mails).toHaveLength(0);
		expect(overlapping.skipped[0].json.reason).toBe('throttled');
	});

	it('keeps one email per interval within one execution too', async () => {
		const run = await runNode(server, [alert(), alert(), alert({ source: 'db-2' })], throttledParams, { workflowId: 'wf-one' });
		expect(run.mails.map((mail) => mail.parsed.subject)).toHaveLength(2);
		expect(run.skipped.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	});

	it('uses the Throttle Key option instead of event + source', async () => {
		const params = { ...throttledParams, options: { throttleKey: '={{ $json.team }}' } };
		const run = await runNode(server, [alert({ team: 'dba' }), alert({ source: 'other', team: 'dba' }), alert({ team: 'web' })], params, {
			workflowId: 'wf-key',
		});
		expect(run.mails).toHaveLength(2);
		expect(run.skipped[0].json.throttle).toMatchObject({ key: 'dba' });
	});
});

describe('resolved alerts', () => {
	it('always go through, report what was suppressed and clear the key', async () => {
		const options = { staticData: {}, workflowId: 'wf-resolved' };
		await runNode(server, [alert()], throttledParams, options);
		at(1);
		const repeat = await runNode(server, [alert()], throttledParams, options);
		expect(repeat.skipped).toHaveLength(1);
		at(2);
		const resolved = await runNode(server, [alert({ status: 'resolved' })], throttledParams, options);
		expect(resolved.mails.map((mail) => mail.parsed.subject)).toEqual(['[Prod] [RESOLVED] Disk full']);
		expect(resolved.mails[0].parsed.text).toContain('1 repeat was suppressed since');
		expect(nodeState(options.staticData)?.throttle).toEqual({});
		at(3);
		const refire = await runNode(server, [alert()], throttledParams, options);
		expect(refire.mails).toHaveLength(1);
	});
});

describe('manual executions', () => {
	it('throttle from this process memory, although n8n keeps no static data for them', async () => {
		const first = await runNode(server, [alert()], throttledParams, { mode: 'manual', staticData: {}, workflowId: 'wf-manual' });
		const secondStatic: IDataObject = {};
		const second = await runNode(server, [alert()], throttledParams, { mode: 'manual', staticData: secondStatic, workflowId: 'wf-manual' });
		expect(first.mails).toHaveLength(1);
		expect(second.mails).toHaveLength(0);
		expect(second.skipped[0].json.reason).toBe('throttled');
		expect(nodeState(secondStatic)).toBeUndefined();
	});

	it('neither see nor change what production executions remember', async () => {
		const staticData: IDataObject = {};
		await runNode(server, [alert()], throttledParams, { staticData, workflowId: 'wf-split' });
		const before = JSON.stringify(staticData);
		const manual = await runNode(server, [alert()], throttledParams, { mode: 'manual', staticData, workflowId: 'wf-split' });
		expect(manual.mails).toHaveLength(1);
		expect(JSON.stringify(staticData)).toBe(before);
		const production = await runNode(server, [alert()], throttledParams, { staticData, workflowId: 'wf-split' });
		expect(production.mails).toHaveLength(0);
	});
});

describe('what does not use up an interval', () => {
	it('a dry run', async () => {
		const options = { staticData: {}, workflowId: 'wf-dry' };
		const dry = await runNode(server, [alert()], { ...throttledParams, options: { dryRun: true } }, options);
		expect(dry.mails).toHaveLength(0);
		expect(dry.sent[0].json).toMatchObject({ dryRun: true, subject: '[Prod] [CRITICAL] Disk full' });
		expect(nodeState(options.staticData)?.throttle).toBeUndefined();
		const real = await runNode(server, [alert()], throttledParams, options);
		expect(real.mails).toHaveLength(1);
	});

	it('an email the server refused', async () => {
		const options = { staticData: {}, workflowId: 'wf-refused', onError: 'continueRegularOutput' as const };
		server.rejectMessage = () => ({ code: 550, message: 'Message rejected as spam' });
		try {
			const refused = await runNode(server, [alert()], throttledParams, options);
			expect(refused.mails).toHaveLength(0);
			expect(refused.sent[0].json.error).toBeDefined();
		} finally {
			server.rejectMessage = undefined;
		}
		at(1);
		const retry = await runNode(server, [alert()], throttledParams, options);
		expect(retry.mails).toHaveLength(1);
	});

	it('a send interval of 0, which keeps no state at all', async () => {
		const staticData: IDataObject = {};
		const run = await runNode(server, [alert(), alert()], { sendInterval: 0 }, { staticData, workflowId: 'wf-zero' });
		expect(run.mails).toHaveLength(2);
		expect(nodeState(staticData)).toBeUndefined();
	});

	it.each(['trigger', 'manual'] as const)('switching Send Interval from 0 to 10 holds from the first execution (%s runs)', async (mode) => {
		const staticData: IDataObject = {};
		const options = { staticData, workflowId: `wf-switch-${mode}`, mode };
		const zero = await runNode(server, [alert()], { sendInterval: 0 }, options);
		expect(zero.mails).toHaveLength(1);
		at(2);
		const switched = await runNode(server, [alert()], throttledParams, options);
		expect(switched.mails).toHaveLength(0);
		expect(switched.skipped[0].json).toMatchObject({ reason: 'throttled', throttle: { lastSentAt: new Date(t0).toISOString() } });
		at(11);
		expect((await runNode(server, [alert()], throttledParams, options)).mails).toHaveLength(1);
	});
});
