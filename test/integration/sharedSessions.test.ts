/**
 * Storms that arrive as many executions, through n8n's engine against a real smtp-server: one
 * logged-in session shared by executions (sequential and concurrent), Keep Alive, a server that
 * drops idle connections, a credential edited between executions, and the login breaker.
 * Counts are taken at the server.
 */
import type { IDataObject } from 'n8n-workflow';

import { testCredential } from '../helpers/credentialTest';
import { runAlertWorkflow } from '../helpers/engine';
import type { RunOutcome } from '../helpers/engine';
import { errorIn } from '../helpers/errorItems';
import { fakeDateOnly } from '../helpers/fakeClock';
import { startFaultServer } from '../helpers/faultServer';
import type { FaultSmtpServer } from '../helpers/faultServer';
import { builtSharedSessions, closeSharedSessions } from '../helpers/sharedSessions';
import { startSmtpServer, TEST_AUTH_CODE } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

const alert = (n: number): IDataObject => ({ event: `disk.full.${n}`, severity: 'critical', title: `Disk full ${n}`, source: `db-${n}` });

/** One execution with one alert, as one webhook call makes it. */
const execution = (
	server: { credential(overrides?: Record<string, unknown>): Record<string, unknown> },
	n: number,
	options: Record<string, number> = {},
	credential: Record<string, unknown> = {},
) =>
	runAlertWorkflow({
		parameters: { toEmail: 'ops@example.com', options },
		credential: server.credential(credential),
		items: [alert(n)],
		onError: 'continueRegularOutput',
	});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
	return condition();
}

const sentStatuses = (runs: RunOutcome[]) => runs.map((run) => run.sent[0]?.json.status ?? errorIn(run.sent[0]).kind);

describe('one SMTP session shared by executions', () => {
	let server: TestSmtpServer;
	beforeEach(async () => {
		server = await startSmtpServer({ security: 'ssl' });
	});
	afterEach(() => server.close());

	it('sequential executions log in once and reuse the connection', async () => {
		const runs: RunOutcome[] = [];
		for (let n = 0; n < 10; n++) runs.push(await execution(server, n));
		expect(sentStatuses(runs)).toEqual(Array(10).fill('sent'));
		expect(server.messages).toHaveLength(10);
		expect(server.connections).toBe(1);
		expect(server.logins).toBe(1);
		// Kept alive after the last execution, until Keep Alive ends it (or n8n stops).
		expect(server.closedConnections).toBe(0);
		expect(builtSharedSessions()?.size).toBe(1);
	});

	it('100 concurrent executions stay within Connections: 2 logins, 100 emails, each once', async () => {
		const runs = await Promise.all(Array.from({ length: 100 }, (_v, n) => execution(server, n)));
		expect(sentStatuses(runs)).toEqual(Array(100).fill('sent'));
		expect(server.messages).toHaveLength(100);
		expect(new Set(server.messages.map((mail) => mail.parsed.subject)).size).toBe(100);
		expect(server.connections).toBeLessThanOrEqual(2);
		expect(server.logins).toBe(server.connections);
	});

	it('Keep Alive 0 closes the session when the execution ends, with QUIT', async () => {
		await execution(server, 1, { keepAlive: 0 });
		await execution(server, 2, { keepAlive: 0 });
		expect(server.messages).toHaveLength(2);
		expect(server.connections).toBe(2);
		expect(await until(() => server.closedConnections === 2)).toBe(true);
		expect(builtSharedSessions()?.size).toBe(0);
	});

	it('Keep Alive ends an idle session after its time, with QUIT', async () => {
		await execution(server, 1, { keepAlive: 0.3 });
		expect(server.closedConnections).toBe(0);
		expect(await until(() => server.closedConnections === 1, 3_000)).toBe(true);
		await execution(server, 2, { keepAlive: 0.3 });
		expect(server.connections).toBe(2);
	});

	it('an edited credential gets a new session; the old one closes', async () => {
		await execution(server, 1, {}, { fromName: 'Before' });
		expect(server.connections).toBe(1);
		// Same n8n credential (id), other settings: the user changed the client hostname.
		await execution(server, 2, {}, { clientHostname: 'n8n.example.com' });
		expect(server.connections).toBe(2);
		expect(server.logins).toBe(2);
		expect(await until(() => server.closedConnections === 1)).toBe(true);
		expect(builtSharedSessions()?.size).toBe(1);
	});

	it('the sessions close with QUIT when asked (what n8n shutting down does)', async () => {
		await execution(server, 1);
		await closeSharedSessions();
		expect(await until(() => server.closedConnections === 1)).toBe(true);
	});
});

describe('a server that closes idle connections', () => {
	let server: FaultSmtpServer;
	afterEach(() => server.close());

	it('mid-storm: every alert is delivered exactly once, without an error', async () => {
		server = await startFaultServer();
		const first = await Promise.all(Array.from({ length: 10 }, (_v, n) => execution(server, n)));
		// The server times the idle sessions out (421 and close), as Postfix does after smtpd_timeout.
		server.dropIdleConnections('421 4.4.2 fault.test Error: timeout exceeded');
		const second = await Promise.all(Array.from({ length: 10 }, (_v, n) => execution(server, 10 + n)));
		expect(sentStatuses([...first, ...second])).toEqual(Array(20).fill('sent'));
		expect(server.acceptedSubjects()).toHaveLength(20);
		expect(new Set(server.acceptedSubjects()).size).toBe(20);
		expect([...first, ...second].map((run) => run.sent[0].json.earlierFailures).filter(Boolean)).toEqual([]);
	});
});

describe('login breaker', () => {
	let server: TestSmtpServer;
	const MIN = 60_000;
	beforeEach(async () => {
		server = await startSmtpServer({ security: 'ssl' });
	});
	afterEach(async () => {
		jest.useRealTimers();
		await server.close();
	});

	it('50 executions with a wrong code make one login attempt; the others fail at once with the same answer and when the next try is', async () => {
		const wrong = { password: 'wrong-code-123' };
		const runs = await Promise.all(Array.from({ length: 50 }, (_v, n) => execution(server, n, {}, wrong)));
		expect(server.failedLogins).toBeLessThanOrEqual(2);
		expect(server.messages).toHaveLength(0);
		const errors = runs.map((run) => errorIn(run.sent[0]));
		expect(errors.every((error) => error.kind === 'auth')).toBe(true);
		const paused = errors.filter((error) => /No login was tried now/.test(error.message));
		expect(paused.length).toBeGreaterThanOrEqual(48);
		expect(paused[0].message).toMatch(/535/);
		expect(paused[0].message).toMatch(/pause until \d{4}-\d{2}-\d{2}T/);
		expect(paused[0].retryAt).toEqual(expect.any(String));
		expect(JSON.stringify(runs.map((run) => run.sent))).not.toContain('wrong-code-123');
	});

	it('the pause ends after 60 s: the next execution logs in again', async () => {
		const t0 = Date.now();
		fakeDateOnly(t0);
		const wrong = { password: 'wrong-code-456' };
		await execution(server, 1, {}, wrong);
		await execution(server, 2, {}, wrong);
		expect(server.failedLogins).toBe(1);
		jest.setSystemTime(t0 + MIN + 1);
		await execution(server, 3, {}, wrong);
		expect(server.failedLogins).toBe(2);
	});

	it('a fixed code is a new key: it logs in at once, and the credential test always tries', async () => {
		await execution(server, 1, {}, { password: 'wrong-code-789' });
		// The breaker now holds sends with that code; the credential test logs in all the same.
		const refusedBefore = server.failedLogins;
		expect(refusedBefore).toBe(1);
		const tested = await testCredential(server.credential({ password: 'wrong-code-789' }));
		expect(tested.status).toBe('Error');
		expect(server.failedLogins).toBe(refusedBefore + 1);
		const fixed = await execution(server, 2, {}, { password: TEST_AUTH_CODE });
		expect(fixed.sent[0].json.status).toBe('sent');
		expect(server.logins).toBe(1);
	});
});
