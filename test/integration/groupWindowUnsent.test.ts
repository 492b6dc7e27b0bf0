/**
 * A group window's digest that is not sent for a reason found before any connection (its files add
 * up over the size limit, a delivery option out of range) through n8n's engine against a real
 * smtp-server: the alerts other executions handed to it are reported too, since those executions
 * already ended with them as "grouped". Nothing is lost silently.
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { runAlertWorkflow } from '../helpers/engine';
import type { RunOptions, RunOutcome } from '../helpers/engine';
import { errorIn } from '../helpers/errorItems';
import { processMemory } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

const alert = (n: number): IDataObject => ({
	event: `disk.full.${n}`,
	severity: 'warning',
	title: `Disk full on db-${n}`,
	source: `db-${n}`,
});

const log = (n: number): IBinaryData => {
	const content = Buffer.alloc(400 * 1024, n);
	return { data: content.toString('base64'), mimeType: 'text/plain', fileName: `db-${n}.log`, fileSize: String(content.length) };
};

const digest = { toEmail: 'ops@example.com', subjectPrefix: '[Prod]', grouping: 'digest', groupWindow: 1 };
/** Three files of 400 KB: each fits the 1 MB limit, the digest of all three does not. */
const oversized = { ...digest, options: { attachments: 'log', attachmentMaxSize: 1 } };
const badOption = { ...digest, options: { maxConnections: 99 } };

async function window(
	server: TestSmtpServer,
	parameters: RunOptions['parameters'],
	extra: Partial<RunOptions> = {},
): Promise<RunOutcome[]> {
	return Promise.all(
		[0, 1, 2].map((n) =>
			runAlertWorkflow({
				parameters,
				credential: server.credential(),
				items: [alert(n)],
				binaries: [{ log: log(n) }],
				workflowId: 'wf-window-unsent',
				...extra,
			}),
		),
	);
}

/** The execution that opened the window: the only one that did not end as "grouped". */
function opener(runs: RunOutcome[]): { sender: RunOutcome; others: string[] } {
	const index = runs.findIndex((run) => run.skipped.every((item) => item.json.reason !== 'grouped'));
	expect(index).toBeGreaterThanOrEqual(0);
	expect(runs.filter((_run, n) => n !== index).every((run) => run.skipped[0]?.json.reason === 'grouped')).toBe(true);
	return { sender: runs[index], others: [0, 1, 2].filter((n) => n !== index).map((n) => `Disk full on db-${n}`) };
}

describe('a group window digest not sent before any connection', () => {
	let server: TestSmtpServer;
	beforeEach(async () => {
		processMemory().forgetMemoryTables();
		server = await startSmtpServer({ security: 'ssl' });
	});
	afterEach(() => server.close());

	it('refused for its files: an error item for each handed alert too, naming its execution', async () => {
		const runs = await window(server, oversized, { onError: 'continueRegularOutput' });
		expect(server.messages).toHaveLength(0);
		const { sender, others } = opener(runs);
		const errors = sender.sent.map(errorIn);
		expect(errors).toHaveLength(3);
		expect(
			errors.every((error) => /the email's files add up to 1\.2 MB, over the Attachment Size Limit of 1\.0 MB/.test(error.message)),
		).toBe(true);
		const handed = errors.filter((error) => error.handedBy !== undefined);
		expect(handed.map((error) => (error.alert as IDataObject).title).sort()).toEqual(others);
		expect(sender.sent.every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
	}, 20_000);

	it('refused for its files without continuing: the node stops, and its error names the handed alerts', async () => {
		const runs = await window(server, oversized);
		expect(server.messages).toHaveLength(0);
		const { sender, others } = opener(runs);
		expect(sender.error?.message).toMatch(/add up to 1\.2 MB/);
		expect(sender.error?.description).toMatch(/also carried 2 alert\(s\) that other executions handed to its group window/);
		for (const title of others) expect(sender.error?.description).toContain(title);
	}, 20_000);

	it('a delivery option out of range: an error item for each handed alert too', async () => {
		const runs = await window(server, badOption, { onError: 'continueRegularOutput' });
		expect(server.messages).toHaveLength(0);
		const { sender, others } = opener(runs);
		const errors = sender.sent.map(errorIn);
		expect(errors).toHaveLength(3);
		expect(
			errors.every((error) => error.kind === 'configuration' && /Connections must be a whole number from 1 to 10/.test(error.message)),
		).toBe(true);
		const handed = errors.filter((error) => error.handedBy !== undefined);
		expect(handed.map((error) => (error.alert as IDataObject).title).sort()).toEqual(others);
	}, 20_000);

	it('a delivery option out of range without continuing: the node stops, and its error names the handed alerts', async () => {
		const runs = await window(server, badOption);
		const { sender, others } = opener(runs);
		expect(sender.error?.message).toMatch(/Connections must be a whole number from 1 to 10, not "99"/);
		expect(sender.error?.description).toMatch(/also carried 2 alert\(s\)/);
		for (const title of others) expect(sender.error?.description).toContain(title);
	}, 20_000);
});
