/**
 * Group Window (Alertmanager's group_wait) through n8n's engine against a real smtp-server: many
 * executions of one alert each become one digest sent by the execution that opened the window;
 * the others end at once, their alerts on Skipped as "grouped", naming that execution.
 */
import type { IDataObject } from 'n8n-workflow';

import { runAlertWorkflow } from '../helpers/engine';
import type { RunOutcome } from '../helpers/engine';
import { errorIn } from '../helpers/errorItems';
import { processMemory } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

const alert = (n: number, extra: IDataObject = {}): IDataObject => ({
	event: `disk.full.${n}`,
	severity: n % 7 === 0 ? 'critical' : 'warning',
	title: `Disk full on db-${n}`,
	source: `db-${n}`,
	...extra,
});

const digest = { toEmail: 'ops@example.com', subjectPrefix: '[Prod]', grouping: 'digest', groupWindow: 1 };

interface Timed extends RunOutcome {
	tookMs: number;
}

async function execution(
	server: TestSmtpServer,
	n: number,
	parameters: Parameters<typeof runAlertWorkflow>[0]['parameters'] = digest,
	extra: Partial<Parameters<typeof runAlertWorkflow>[0]> = {},
): Promise<Timed> {
	const started = Date.now();
	const run = await runAlertWorkflow({ parameters, credential: server.credential(), items: [alert(n)], workflowId: 'wf-window', ...extra });
	return { ...run, tookMs: Date.now() - started };
}

describe('group window', () => {
	let server: TestSmtpServer;
	beforeEach(async () => {
		processMemory().forgetMemoryTables();
		server = await startSmtpServer({ security: 'ssl' });
	});
	afterEach(() => server.close());

	it('50 concurrent executions: one email listing all 50 alerts, and 49 "grouped" items pointing at the sender', async () => {
		const runs = await Promise.all(Array.from({ length: 50 }, (_v, n) => execution(server, n)));
		expect(server.messages).toHaveLength(1);
		const [mail] = server.messages;
		expect(mail.parsed.subject).toBe('[Prod] 50 alerts: 8 critical, 42 warning');
		for (let n = 0; n < 50; n++) expect(mail.parsed.text).toContain(`Disk full on db-${n}`);

		const senders = runs.filter((run) => run.sent.length > 0);
		expect(senders).toHaveLength(1);
		const [sender] = senders;
		expect(sender.sent[0].json).toMatchObject({ status: 'sent', alertCount: 50 });
		expect(sender.sent[0].json.handedBy).toHaveLength(49);
		const senderId = findOwner(runs);

		const grouped = runs.filter((run) => run !== sender);
		expect(grouped.every((run) => run.sent.length === 0 && run.skipped.length === 1)).toBe(true);
		expect(grouped.every((run) => run.skipped[0].json.reason === 'grouped' && run.skipped[0].json.groupedInto === senderId)).toBe(true);
		expect(grouped[0].skipped[0].json.detail).toMatch(new RegExp(`Handed to execution ${senderId}, which sends one digest`));
		// Those executions end at once; the sender waits for the window.
		expect(Math.max(...grouped.map((run) => run.tookMs))).toBeLessThan(1_000);
		expect(sender.tookMs).toBeGreaterThanOrEqual(900);
	}, 20_000);

	it('executions after the window closed open the next one', async () => {
		await Promise.all([execution(server, 1), execution(server, 2)]);
		await Promise.all([execution(server, 3), execution(server, 4)]);
		expect(server.messages.map((mail) => mail.parsed.subject)).toEqual(['[Prod] 2 alerts: 2 warning', '[Prod] 2 alerts: 2 warning']);
	}, 20_000);

	it("applies each alert's throttle and resolved rules before it joins", async () => {
		const throttled = { ...digest, sendInterval: 10 };
		const staticData = {};
		const runs = await Promise.all([
			execution(server, 1, throttled, { staticData }),
			execution(server, 1, throttled, { staticData }),
			execution(server, 2, throttled, { staticData }),
		]);
		expect(server.messages).toHaveLength(1);
		expect(server.messages[0].parsed.subject).toBe('[Prod] 2 alerts: 2 warning');
		expect(runs.flatMap((run) => run.skipped.map((item) => item.json.reason)).sort()).toEqual(['grouped', 'throttled']);
	}, 20_000);

	it("when the sender's delivery fails, every handed-over alert is in its error items", async () => {
		server.rejectMessage = () => ({ code: 554, message: 'DT:SPM judged as spam' });
		const runs = await Promise.all(
			Array.from({ length: 5 }, (_v, n) => execution(server, n, digest, { onError: 'continueRegularOutput' })),
		);
		const senderIndex = runs.findIndex((run) => run.sent.length > 0);
		const errors = runs[senderIndex].sent.map(errorIn);
		expect(errors).toHaveLength(5);
		expect(errors.every((error) => error.kind === 'messageRejected' && /554 DT:SPM/.test(error.message))).toBe(true);
		const handed = errors.filter((error) => error.handedBy !== undefined);
		const others = [0, 1, 2, 3, 4].filter((n) => n !== senderIndex).map((n) => `Disk full on db-${n}`);
		expect(handed.map((error) => (error.alert as IDataObject).title).sort()).toEqual(others);
		// The other executions ended at once with their alerts handed over: nothing was lost on the way.
		expect(runs.filter((_run, n) => n !== senderIndex).every((run) => run.skipped[0].json.reason === 'grouped')).toBe(true);
	}, 20_000);

	it('manual runs keep to themselves, and a dry run never waits', async () => {
		const runs = await Promise.all([execution(server, 1), execution(server, 2, digest, { mode: 'manual' })]);
		expect(server.messages).toHaveLength(2);
		expect(runs.every((run) => run.sent.length === 1)).toBe(true);
		const dry = await execution(server, 3, { ...digest, options: { dryRun: true } });
		expect(dry.sent[0].json.status).toBe('preview');
		expect(dry.tookMs).toBeLessThan(900);
	}, 20_000);
});

/** The sender's execution id, as the grouped items name it. */
function findOwner(runs: RunOutcome[]): string {
	const ids = new Set(runs.flatMap((run) => run.skipped.map((item) => item.json.groupedInto as string)));
	expect(ids.size).toBe(1);
	return [...ids][0];
}
