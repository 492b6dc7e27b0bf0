/**
 * Keep Alive longer than Socket Timeout: the Socket Timeout bounds a silent server while a mail is
 * on its way, not an idle pooled connection. Through n8n's engine against a real smtp-server, whose
 * own log says which commands arrived (QUIT among them). Counts are taken at the server.
 */
import type { IDataObject } from 'n8n-workflow';

import { runAlertWorkflow } from '../helpers/engine';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';
import { until } from '../helpers/until';

const alert = (n: number): IDataObject => ({ event: `disk.full.${n}`, severity: 'critical', title: `Disk full ${n}`, source: `db-${n}` });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A bunyan-style logger for smtp-server that keeps the name of every command a client sent. */
function commandLog(commands: string[]) {
	const ignore = () => undefined;
	return {
		trace: ignore,
		info: ignore,
		warn: ignore,
		error: ignore,
		fatal: ignore,
		debug(entry: { tnx?: string; command?: string }) {
			if (entry.tnx === 'command' && entry.command) commands.push(entry.command);
		},
	};
}

describe('an idle shared connection with Socket Timeout shorter than Keep Alive', () => {
	let server: TestSmtpServer;
	const commands: string[] = [];
	beforeEach(async () => {
		commands.length = 0;
		server = await startSmtpServer({ security: 'ssl', serverOptions: { logger: commandLog(commands) } });
	});
	afterEach(() => server.close());

	const execution = (n: number) =>
		runAlertWorkflow({
			parameters: { toEmail: 'ops@example.com', options: { socketTimeout: 1, keepAlive: 4 } },
			credential: server.credential(),
			items: [alert(n)],
			onError: 'continueRegularOutput',
		});

	it('stays open past Socket Timeout for the next execution, and says QUIT when Keep Alive ends', async () => {
		expect((await execution(1)).sent[0].json.status).toBe('sent');
		// Twice the Socket Timeout with nothing to send.
		await sleep(2_000);
		expect(server.closedConnections).toBe(0);
		expect((await execution(2)).sent[0].json.status).toBe('sent');
		expect(server.messages).toHaveLength(2);
		expect(server.connections).toBe(1);
		expect(server.logins).toBe(1);
		expect(commands).not.toContain('QUIT');
		// Keep Alive (4 s from the second execution's end) closes it, politely.
		expect(await until(() => server.closedConnections === 1, 8_000)).toBe(true);
		expect(commands.filter((command) => command === 'QUIT')).toHaveLength(1);
	}, 20_000);
});
