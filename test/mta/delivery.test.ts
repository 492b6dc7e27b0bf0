/**
 * The Alert Email node inside n8n's engine, delivering through a real Postfix into Maildirs: one
 * email per alert and a digest, what the pool costs in logins, a recipient Postfix does not know,
 * and one it would have to relay off the machine (which this server refuses by design).
 */
import type { IDataObject } from 'n8n-workflow';

import { runAlertWorkflow } from '../helpers/engine';
import type { RunOptions } from '../helpers/engine';
import { describeWithRealMta, MTA_AUTH_CODE, MTA_MAILBOXES, MTA_USER, settled } from '../helpers/realMta';
import type { DeliveredMail } from '../helpers/realMta';
import { expectNoSecret } from '../helpers/secrets';

const alert = (title: string, severity = 'critical', n = 0): IDataObject => ({
	event: 'disk.full',
	severity,
	title,
	message: `Disk usage above 95% on /var (${n})`,
	source: `db-${n}`,
});

const fromOf = (mail: DeliveredMail) => mail.parsed.from?.value.map((entry) => entry.address);

describeWithRealMta('delivery through Postfix into Maildirs', (mta) => {
	/**
	 * Runs the node once and returns its outcome with the Postfix log position from before it. Keep
	 * Alive 0 unless a case says otherwise: the session ends with the execution, so Postfix has logged
	 * all of it when the case reads the log.
	 */
	async function runNode(options: Omit<RunOptions, 'credential'> & { credential?: Record<string, unknown> }) {
		const mark = mta.mark();
		const parameters = { ...options.parameters, options: { keepAlive: 0, ...(options.parameters.options as object | undefined) } };
		const outcome = await runAlertWorkflow({
			credential: mta.credential({ port: mta.ports.starttls, security: 'starttls' }),
			...options,
			parameters,
		});
		await settled(mta, mark);
		return { ...outcome, mark };
	}

	it('one email per alert: 3 alerts, 3 mails in the Maildir, at most 2 logins (the default pool)', async () => {
		const before = (await mta.maildir('ops@example.test')).length;
		const titles = ['Disk full on db-1', 'Disk full on db-2', 'Disk full on db-3'];
		const run = await runNode({
			parameters: { toEmail: 'ops@example.test' },
			items: titles.map((title, n) => alert(title, 'critical', n + 1)),
			workflowId: 'mta-per-alert',
		});

		expect(run.error).toBeUndefined();
		expect(run.sent.map((item) => item.json.status)).toEqual(['sent', 'sent', 'sent']);
		const mails = (await mta.waitForMail('ops@example.test', before + 3)).slice(before);
		expect(mails).toHaveLength(3);
		for (const title of titles) {
			expect(mails.filter((mail) => mail.parsed.subject?.includes(title))).toHaveLength(1);
		}
		expect(mails.map(fromOf)).toEqual([[MTA_USER], [MTA_USER], [MTA_USER]]);
		expect(mails.every((mail) => mail.parsed.text?.includes('Disk usage above 95%'))).toBe(true);

		// Postfix's view: every session logged in once, over TLS, and said goodbye.
		const sessions = mta.sessionSummaries(run.mark, 'submission');
		expect(mta.logins(run.mark)).toBeGreaterThanOrEqual(1);
		expect(mta.logins(run.mark)).toBeLessThanOrEqual(2);
		expect(sessions.length).toBeLessThanOrEqual(2);
		expect(mta.connections(run.mark)).toBe(sessions.length);
		expect(sessions.every((session) => session.commands.starttls?.ok === 1 && session.commands.auth?.ok === 1)).toBe(true);
		expect(sessions.reduce((sum, session) => sum + (session.commands.data?.ok ?? 0), 0)).toBe(3);
	}, 30_000);

	it('executions share one logged-in session (Keep Alive): three executions, one login, and QUIT when it closes', async () => {
		const mark = mta.mark();
		for (let n = 1; n <= 3; n++) {
			const run = await runAlertWorkflow({
				parameters: { toEmail: 'ops@example.test', options: { keepAlive: 1 } },
				credential: mta.credential({ port: mta.ports.starttls, security: 'starttls' }),
				items: [alert(`Shared session ${n}`, 'warning', n)],
				workflowId: 'mta-shared',
			});
			expect(run.sent[0].json.status).toBe('sent');
		}
		// The session ends one second after the last execution, saying goodbye.
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		await settled(mta, mark);
		expect(mta.logins(mark)).toBe(1);
		expect(mta.sessionSummaries(mark, 'submission').map((session) => session.text)).toEqual([
			expect.stringMatching(/starttls=1 auth=1 mail=3 rcpt=3 data=3 quit=1/),
		]);
	}, 30_000);

	it('digest over SSL/TLS: 5 alerts, one mail that lists them all', async () => {
		const before = (await mta.maildir('ops@example.test')).length;
		const severities = ['critical', 'warning', 'critical', 'info', 'error'];
		const items = severities.map((severity, n) => alert(`Digest alert ${n + 1}`, severity, n + 1));
		const run = await runNode({
			parameters: { toEmail: 'ops@example.test', grouping: 'digest' },
			credential: mta.credential(),
			items,
			workflowId: 'mta-digest',
		});

		expect(run.error).toBeUndefined();
		expect(run.sent).toHaveLength(1);
		expect(run.sent[0].json).toMatchObject({ status: 'sent', alertCount: 5 });
		const mails = (await mta.waitForMail('ops@example.test', before + 1)).slice(before);
		expect(mails).toHaveLength(1);
		const [mail] = mails;
		expect(mail.parsed.subject).toBe('[MTA] 5 alerts: 2 critical, 1 error, 1 warning, 1 info');
		for (const item of items) expect(mail.parsed.text).toContain(String(item.title));
		expect(fromOf(mail)).toEqual([MTA_USER]);
		expect(mta.sessionSummaries(run.mark, 'smtps').map((session) => session.text)).toEqual([
			expect.stringMatching(/auth=1 mail=1 rcpt=1 data=1 quit=1/),
		]);
	}, 30_000);

	it('a recipient Postfix does not know: partial, with its 550 5.1.1 reply; ops still gets the mail', async () => {
		const before = (await mta.maildir('ops@example.test')).length;
		const run = await runNode({
			parameters: { toEmail: 'ops@example.test, nobody@example.test' },
			items: [alert('Partial delivery check')],
			workflowId: 'mta-partial',
		});

		expect(run.error).toBeUndefined();
		expect(run.sent).toHaveLength(1);
		expect(run.sent[0].json).toMatchObject({
			status: 'partial',
			accepted: ['ops@example.test'],
			rejected: [
				{
					address: 'nobody@example.test',
					reply: expect.stringMatching(
						/^550 5\.1\.1 <nobody@example\.test>: Recipient address rejected: User unknown in virtual mailbox table/,
					),
					responseCode: 550,
				},
			],
		});
		const mails = (await mta.waitForMail('ops@example.test', before + 1)).slice(before);
		expect(mails.map((mail) => mail.parsed.subject)).toEqual([expect.stringContaining('Partial delivery check')]);
		expect(await mta.maildir('nobody@example.test')).toEqual([]);
		expect(mta.logText(run.mark)).toMatch(/reject: RCPT from \S+: 550 5\.1\.1 <nobody@example\.test>/);
		expectNoSecret(JSON.stringify(run.sent), MTA_AUTH_CODE, MTA_USER);
	}, 30_000);

	it('a recipient off the machine is refused at RCPT, never queued or relayed', async () => {
		const counts = async () => Promise.all(MTA_MAILBOXES.map(async (address) => (await mta.maildir(address)).length));
		const before = await counts();
		const run = await runNode({
			parameters: { toEmail: 'someone@example.com' },
			items: [alert('Must not leave the machine')],
			onError: 'continueRegularOutput',
			workflowId: 'mta-offsite',
		});

		// The only recipient was refused, so nothing was sent: an error item, not a delivery.
		expect(run.sent).toHaveLength(1);
		expect(run.sent[0].json.status).toBeUndefined();
		expect(run.sent[0].json.error).toMatchObject({
			kind: 'recipientRejected',
			command: 'RCPT TO',
			responseCode: 550,
			response: expect.stringMatching(/^550 5\.7\.1 <someone@example\.com>: Recipient address rejected/),
		});
		const log = mta.logText(run.mark);
		expect(log).toMatch(
			/reject: RCPT from \S+: 550 5\.7\.1 <someone@example\.com>: Recipient address rejected: this test server delivers nothing off the machine/,
		);
		// No queue file was made for it, so no delivery agent (smtp, virtual, error) ever saw it.
		expect(log).not.toMatch(/to=<someone@example\.com>,.*status=/);
		expect(log).not.toMatch(/postfix\/smtp\[/);
		expect(await counts()).toEqual(before);
		expect(await mta.queue()).toEqual([]);
	}, 30_000);

	it('leaves nothing in the queue, and nothing was ever relayed', async () => {
		expect(await mta.queue()).toEqual([]);
		const log = mta.logText(0);
		expect(log).not.toMatch(/relay=(?!virtual\b)/);
		expect(log).not.toMatch(/status=(deferred|bounced)/);
	});
});
