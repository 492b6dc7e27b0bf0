/**
 * The pool against the real smtp-server: a big workflow logs in once per pooled connection and
 * closes them all at the end, also when the node fails; the rate limit paces real sends.
 */
import { runAlertWorkflow } from '../helpers/engine';
import { errorIn } from '../helpers/errorItems';
import { resolveConnection } from '../../nodes/AlertEmail/smtp/connectionSettings';
import { deliverAll } from '../../nodes/AlertEmail/smtp/delivery';
import { SmtpSession } from '../../nodes/AlertEmail/smtp/transport';
import { startSmtpServer, TEST_AUTH_CODE } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

const alerts = (count: number) =>
	Array.from({ length: count }, (_v, n) => ({ title: `Alert ${n}`, severity: 'warning', source: `host-${n}` }));

/** Resolves once the server has seen every connection end (the session was closed). */
async function allClosed(server: TestSmtpServer, timeoutMs = 3000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (server.closedConnections < server.connections && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return server.closedConnections === server.connections;
}

describe('pooled delivery against a real SMTP server', () => {
	let server: TestSmtpServer;
	beforeEach(async () => {
		server = await startSmtpServer({ security: 'ssl' });
	});
	afterEach(() => server.close());

	// Keep Alive 0: the session closes when the execution ends (a kept-alive one is in sharedSessions.test.ts).
	it('sends 1,000 items over the default 2 connections, each logged in once, then closes them', async () => {
		const result = await runAlertWorkflow({
			parameters: { toEmail: 'ops@example.com', subjectPrefix: '[Storm]', options: { keepAlive: 0 } },
			credential: server.credential(),
			items: alerts(1000),
		});

		expect(result.error).toBeUndefined();
		expect(result.sent).toHaveLength(1000);
		expect(server.messages).toHaveLength(1000);
		expect(new Set(server.messages.map((mail) => mail.parsed.subject)).size).toBe(1000);
		expect(server.connections).toBe(2);
		expect(server.logins).toBe(2);
		expect(new Set(server.messages.map((mail) => mail.remotePort)).size).toBe(2);
		expect(result.sent.every((item, index) => item.json.status === 'sent' && (item.pairedItem as { item: number }).item === index)).toBe(
			true,
		);
		expect(await allClosed(server)).toBe(true);
	}, 30_000);

	it('opens as many connections as the Connections option says, never more', async () => {
		const result = await runAlertWorkflow({
			parameters: { toEmail: 'ops@example.com', subjectPrefix: '', options: { maxConnections: 4, keepAlive: 0 } },
			credential: server.credential(),
			items: alerts(200),
		});

		expect(result.sent).toHaveLength(200);
		expect(server.connections).toBe(4);
		expect(server.logins).toBe(4);
		expect(await allClosed(server)).toBe(true);
	});

	it('closes the pool when the node fails on a mail, and names that item', async () => {
		server.rejectMessage = (mail) =>
			mail.parsed.subject?.endsWith('Alert 7') ? { code: 554, message: 'DT:SPM 163 smtp3, judged as spam' } : undefined;
		const result = await runAlertWorkflow({
			parameters: { toEmail: 'ops@example.com', subjectPrefix: '', options: { keepAlive: 0 } },
			credential: server.credential(),
			items: alerts(20),
		});

		expect(result.error?.message).toMatch(/554 DT:SPM 163 smtp3, judged as spam/);
		expect(result.error?.context?.itemIndex).toBe(7);
		expect(result.error?.description).toMatch(/spam/);
		// Sending stopped at Alert 7: Alerts 0–6 went out, and at most the one mail already in flight on the second connection.
		const delivered = server.messages.map((mail) => Number(/Alert (\d+)$/.exec(mail.parsed.subject ?? '')?.[1]));
		expect([...delivered].sort((a, b) => a - b).slice(0, 7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(delivered.length).toBeLessThanOrEqual(8);
		expect(Math.max(...delivered)).toBeLessThanOrEqual(8);
		expect(await allClosed(server)).toBe(true);
	});

	it('tries a wrong authorization code once, whatever the number of items and connections', async () => {
		const result = await runAlertWorkflow({
			parameters: { toEmail: 'ops@example.com', subjectPrefix: '', options: { maxConnections: 5 } },
			credential: server.credential({ password: 'wrong-code-123' }),
			items: alerts(50),
			onError: 'continueRegularOutput',
		});

		expect(server.failedLogins).toBe(1);
		expect(server.messages).toHaveLength(0);
		expect(result.sent).toHaveLength(50);
		expect(result.sent.every((item) => errorIn(item).kind === 'auth')).toBe(true);
		expect(JSON.stringify(result.sent)).not.toContain('wrong-code-123');
		expect(JSON.stringify(result.sent)).not.toContain(TEST_AUTH_CODE);
		expect(await allClosed(server)).toBe(true);
	});

	it('paces real sends by the rate limit, counted in a window the test can shorten', async () => {
		const windowMs = 300;
		const session = new SmtpSession(resolveConnection(server.credential() as never), {
			maxConnections: 2,
			connectionTimeoutMs: 2000,
			greetingTimeoutMs: 2000,
			socketTimeoutMs: 2000,
		});
		const mails = Array.from({ length: 6 }, (_v, n) => ({
			from: { name: 'n8n', address: 'alerts@example.com' },
			to: [{ name: '', address: 'ops@example.com' }],
			subject: `paced ${n}`,
			text: 'x',
			html: '<p>x</p>',
		}));
		const started = Date.now();
		const starts: number[] = [];
		// Every attempt the limiter lets through goes to the real server; note when it starts.
		const sender = { send: (mail: (typeof mails)[number]) => (starts.push(Date.now() - started), session.send(mail)) };
		try {
			const outcomes = await deliverAll(sender, mails, { concurrency: 2, context: {}, rateLimit: { mails: 2, windowMs } });
			expect(outcomes.every((outcome) => outcome.status === 'sent')).toBe(true);
		} finally {
			session.close();
		}

		expect(server.messages).toHaveLength(6);
		// Two at once, then two more a window later, and two more after that.
		expect(starts[4]).toBeGreaterThanOrEqual(2 * windowMs - 5);
		expect(Math.max(...server.messages.map((mail) => mail.receivedAt - started))).toBeGreaterThanOrEqual(2 * windowMs - 5);
		for (const start of starts) {
			// Timers may fire a millisecond early; a window shortened by 5 ms must never hold three.
			expect(starts.filter((other) => other >= start && other < start + windowMs - 5).length).toBeLessThanOrEqual(2);
		}
	});
});
