/**
 * Every input item ends in exactly one of Sent, Skipped or an error item, for mixed batches, with
 * and without "continue on fail"; an input carrying several alerts (Alertmanager) is accounted per
 * alert, and every alert is counted exactly once.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { errorIn } from '../helpers/errorItems';
import { fixture } from '../helpers/fixtures';
import { processMemory, runNode } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({ security: 'ssl' });
	server.rejectedRecipients.set('bounce@example.com', { code: 550, message: 'Mailbox unavailable' });
});
afterAll(() => server.close());
beforeEach(() => processMemory().forgetMemoryTables());

type Category = 'sent' | 'skipped' | 'error';

/** Input index → the categories of output items that link to it. */
function categories(outputs: Record<Category, INodeExecutionData[]>): Map<number, Set<Category>> {
	const seen = new Map<number, Set<Category>>();
	for (const [category, items] of Object.entries(outputs) as Array<[Category, INodeExecutionData[]]>) {
		for (const item of items) {
			const links = Array.isArray(item.pairedItem) ? item.pairedItem : [item.pairedItem];
			for (const link of links) {
				const index = typeof link === 'number' ? link : (link as { item: number }).item;
				seen.set(index, (seen.get(index) ?? new Set()).add(category));
			}
		}
	}
	return seen;
}

const split = (items: INodeExecutionData[]) => ({
	sent: items.filter((item) => item.json.error === undefined),
	error: items.filter((item) => item.json.error !== undefined),
});

const mixedBatch: IDataObject[] = [
	{ event: 'a', severity: 'error', title: 'sent 1', source: 's1', to: 'ops@example.com' },
	{ event: 'a', severity: 'info', title: 'filtered', source: 's2', to: 'ops@example.com' },
	{ event: 'a', severity: 'error', title: 'throttled', source: 's1', to: 'ops@example.com' },
	{},
	{ event: 'a', severity: 'error', title: 'bad address', source: 's3', to: 'not-an-address' },
	{ event: 'a', severity: 'error', title: 'bounced', source: 's4', to: 'bounce@example.com' },
	{ event: 'b', severity: 'critical', title: 'sent 2', source: 's5', to: 'ops@example.com' },
];
const mixedParams = { toEmail: '={{ $json.to }}', minSeverity: 'warning', sendInterval: 5 };

describe('every input ends in exactly one place', () => {
	it.each(['perAlert', 'digest'])('mixed batch with continue on fail (%s)', async (grouping) => {
		const run = await runNode(
			server,
			mixedBatch,
			{ ...mixedParams, grouping },
			{ onError: 'continueRegularOutput', workflowId: `wf-mixed-${grouping}` },
		);
		expect(run.error).toBeUndefined();
		const { sent, error } = split(run.sent);
		const seen = categories({ sent, skipped: run.skipped, error });
		expect([...seen.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
		for (const [index, where] of seen) expect({ index, count: where.size }).toEqual({ index, count: 1 });
		expect(Object.fromEntries([...seen].map(([index, where]) => [index, [...where][0]]))).toEqual({
			0: 'sent',
			1: 'skipped',
			2: 'skipped',
			3: 'skipped',
			4: 'error',
			5: 'error',
			6: 'sent',
		});
		expect(run.skipped.map((item) => item.json.reason)).toEqual(['filtered', 'throttled', 'noAlerts']);
		expect(error.map((item) => errorIn(item).message)).toEqual([
			expect.stringMatching(/Mailbox unavailable|recipients were rejected/i),
			'To Email: "not-an-address" is not an email address. Write name@example.com or Name <name@example.com>; a name with a comma goes in double quotes, e.g. "Doe, John" <john@example.com>.',
		]);
		expect(run.mails.flatMap((mail) => mail.envelope.to)).not.toContain('bounce@example.com');
	});

	it('stops before sending anything when an input is wrong and the node does not continue', async () => {
		const run = await runNode(server, mixedBatch, mixedParams, { workflowId: 'wf-stop' });
		expect(run.mails).toHaveLength(0);
		expect(run.error?.message).toBe(
			'To Email: "not-an-address" is not an email address. Write name@example.com or Name <name@example.com>; a name with a comma goes in double quotes, e.g. "Doe, John" <john@example.com>.',
		);
		expect(run.error?.description).toMatch(/item 4/);
		expect((run.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(4);
	});

	it('routes input errors to the error output with "continue (using error output)"', async () => {
		const run = await runNode(
			server,
			[{ title: 'ok' }, { title: 'bad', to: 'x@' }],
			{ toEmail: '={{ $json.to || "ops@example.com" }}' },
			{ onError: 'continueErrorOutput' },
		);
		expect(run.sent.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(run.errors.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(errorIn(run.errors[0]).message).toMatch(/^To Email: "x@" is not an email address/);
	});

	it('reports a missing recipient by name', async () => {
		const run = await runNode(server, [{ title: 'x' }], { toEmail: '' }, { credential: server.credential({ toEmail: '' }) });
		expect(run.mails).toHaveLength(0);
		expect(run.error?.message).toMatch(/^To Email: no recipient: it is empty and the credential has no Default Recipients/);
	});
});

describe('inputs carrying several alerts', () => {
	it('counts every alert once: sent ones in alertCount, skipped ones as Skipped items, all linked to the input', async () => {
		const payload = fixture('alertmanager-v4');
		const run = await runNode(server, [payload, { title: 'flat one', severity: 'critical' }], { minSeverity: 'error' });
		expect(run.mails.map((mail) => mail.parsed.subject).sort()).toEqual([
			'[Prod] [CRITICAL] Instance 10.0.0.12:9100 down',
			'[Prod] [CRITICAL] flat one',
		]);
		const sentAlerts = run.sent.reduce((sum, item) => sum + Number(item.json.alertCount), 0);
		expect(sentAlerts + run.skipped.length).toBe(3);
		expect(run.skipped.map((item) => [item.pairedItem, item.json.reason, (item.json.alert as IDataObject).event])).toEqual([
			[{ item: 0 }, 'filtered', 'HighMemoryUsage'],
		]);
		expect(run.sent.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('skips an Alertmanager payload without alerts with a reason', async () => {
		const run = await runNode(server, [{ ...fixture('alertmanager-v4'), alerts: [] }]);
		expect(run.mails).toHaveLength(0);
		expect(run.skipped.map((item) => [item.pairedItem, item.json.reason, item.json.detail])).toEqual([
			[{ item: 0 }, 'noAlerts', 'The Alertmanager payload has no alerts in alerts[].'],
		]);
	});
});

describe('the alert travels with its output item', () => {
	const alert = (extra: IDataObject = {}) => ({
		event: 'disk.full',
		severity: 'critical',
		title: 'Disk full',
		source: 'db-1',
		message: 'at 97%',
		...extra,
	});

	it('a Sent item carries its alert, beside the delivery facts', async () => {
		const run = await runNode(server, [alert()]);
		expect(run.sent[0].json).toMatchObject({
			status: 'sent',
			event: 'disk.full',
			severity: 'critical',
			title: 'Disk full',
			source: 'db-1',
			alertStatus: 'firing',
			alert: { event: 'disk.full', severity: 'critical', status: 'firing', title: 'Disk full', message: 'at 97%', source: 'db-1' },
		});
		expect(run.sent[0].json.messageId).toEqual(expect.any(String));
		expect(run.sent[0].json.alerts).toBeUndefined();
	});

	it('a digest carries every alert it lists, in its order, and the first one at the top level', async () => {
		const run = await runNode(
			server,
			[alert({ severity: 'warning', source: 'a' }), alert({ source: 'b' }), alert({ status: 'resolved', source: 'c' })],
			{ grouping: 'digest' },
		);
		expect(run.sent).toHaveLength(1);
		const { json } = run.sent[0];
		expect((json.alerts as IDataObject[]).map((entry) => [entry.source, entry.severity, entry.status])).toEqual([
			['b', 'critical', 'firing'],
			['a', 'warning', 'firing'],
			['c', 'critical', 'resolved'],
		]);
		expect(json).toMatchObject({ status: 'sent', alertCount: 3, source: 'b', severity: 'critical' });
	});

	it('a Skipped item says "skipped" and carries its alert the same way', async () => {
		const run = await runNode(server, [alert({ severity: 'info' })], { minSeverity: 'warning' });
		expect(run.skipped[0].json).toMatchObject({
			status: 'skipped',
			reason: 'filtered',
			event: 'disk.full',
			severity: 'info',
			title: 'Disk full',
			source: 'db-1',
			alertStatus: 'firing',
			alert: { title: 'Disk full' },
		});
	});
});
