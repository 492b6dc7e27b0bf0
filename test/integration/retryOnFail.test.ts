/**
 * n8n's node setting "Retry On Fail" runs the whole node again when it throws, or when the first
 * item of its first output is an error. The node retries SMTP failures itself, so a re-run can only
 * send again what already went out. Through the real engine and the scripted fault server: what
 * the node does so that this happens as little as possible, and what Send Interval adds.
 */
import type { IDataObject } from 'n8n-workflow';

import { runAlertWorkflow } from '../helpers/engine';
import type { RunOptions, RunOutcome } from '../helpers/engine';
import { errorIn } from '../helpers/errorItems';
import { startFaultServer } from '../helpers/faultServer';
import type { FaultScript, FaultSmtpServer } from '../helpers/faultServer';
import { processMemory } from '../helpers/nodeRun';

const FAST = { connectionTimeout: 0.3, socketTimeout: 0.4, retryDelay: 10, maxRetries: 1, maxConnections: 1 };
const RETRY_ON_FAIL = { maxTries: 2, waitBetweenTries: 1 };
const SPAM = '554 DT:SPM 163 smtp3, judged as spam';

const servers: FaultSmtpServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});
beforeEach(() => processMemory().forgetMemoryTables());

async function faultServer(script: FaultScript): Promise<FaultSmtpServer> {
	const server = await startFaultServer({ script });
	servers.push(server);
	return server;
}

/** Alerts 0…count-1, each from its own source (its own throttle key), sent to `to` when given. */
const alerts = (count: number, to: Record<number, string> = {}): IDataObject[] =>
	Array.from({ length: count }, (_v, n) => ({
		title: `Alert ${n}`,
		severity: 'error',
		source: `host-${n}`,
		to: to[n] ?? 'ops@example.com',
	}));

function run(
	server: FaultSmtpServer,
	items: IDataObject[],
	extra: Partial<RunOptions> & { sendInterval?: number } = {},
): Promise<RunOutcome> {
	const { sendInterval = 0, ...options } = extra;
	return runAlertWorkflow({
		parameters: { toEmail: '={{ $json.to }}', subjectPrefix: '[Retry]', sendInterval, options: FAST },
		credential: server.credential(),
		items,
		...options,
	});
}

/** The alert titles the server accepted, in order (duplicates kept). */
const delivered = (server: FaultSmtpServer) => server.acceptedSubjects().map((subject) => /Alert \d+/.exec(subject)?.[0] ?? subject);

describe("n8n's Retry On Fail", () => {
	it('with continue: a refused email comes after the sent ones, so n8n does not run the node again', async () => {
		const server = await faultServer({ data: (message) => (message === 0 ? { reply: SPAM } : 'accept') });
		const result = await run(server, alerts(3), { onError: 'continueRegularOutput', retryOnFail: RETRY_ON_FAIL });

		expect(delivered(server)).toEqual(['Alert 1', 'Alert 2']);
		expect(server.dataCommands).toBe(3);
		expect(result.sent.map((item) => [item.pairedItem, item.json.status ?? errorIn(item).kind])).toEqual([
			[{ item: 1 }, 'sent'],
			[{ item: 2 }, 'sent'],
			[{ item: 0 }, 'messageRejected'],
		]);
	});

	it('without continue and without a Send Interval, the re-run sends the emails before the failure again (so: leave it off)', async () => {
		const server = await faultServer({ recipient: (address) => (address === 'gone@example.com' ? '550 5.1.1 user unknown' : undefined) });
		const result = await run(server, alerts(2, { 1: 'gone@example.com' }), { retryOnFail: RETRY_ON_FAIL });

		expect(result.error?.message).toMatch(/rejected the recipients .*550 5\.1\.1 user unknown/);
		expect(delivered(server)).toEqual(['Alert 0', 'Alert 0']);
	});

	it('without continue but with a Send Interval, the re-run finds the delivered emails throttled and sends nothing twice', async () => {
		const server = await faultServer({ recipient: (address) => (address === 'gone@example.com' ? '550 5.1.1 user unknown' : undefined) });
		const result = await run(server, alerts(3, { 1: 'gone@example.com' }), { retryOnFail: RETRY_ON_FAIL, sendInterval: 10 });

		expect(result.error?.message).toMatch(/rejected the recipients .*550 5\.1\.1 user unknown/);
		expect(delivered(server)).toContain('Alert 0');
		expect(new Set(delivered(server)).size).toBe(delivered(server).length);
	});
});

describe('without continue, the batch stops at the first email that finally failed', () => {
	// Needs execute.ts to pass `stopOnFirstFailure: !ctx.continueOnFail()` to deliverAll (the lead's change).
	it('no email after it is tried, and the error says how many went out', async () => {
		const server = await faultServer({ data: (message) => (message === 1 ? { reply: SPAM } : 'accept') });
		const result = await run(server, alerts(4));

		expect(delivered(server)).toEqual(['Alert 0']);
		expect(server.dataCommands).toBe(2);
		expect(result.error?.message).toMatch(/refused the mail .*554 DT:SPM/);
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(result.error?.description).toMatch(/1 of 4 emails were sent before the node stopped/);
	});
});
