/**
 * "Logged in" must mean a login happened, and sessions end politely. Against the scripted server,
 * which can offer exactly what Postfix's submission port offers (STARTTLS but no AUTH in plain
 * text), answer a login slowly as Dovecot does after a failure, and record every command.
 * test/mta/ proves the same against Postfix + Dovecot.
 */
import { testCredential } from '../helpers/credentialTest';
import { runAlertWorkflow } from '../helpers/engine';
import { errorIn } from '../helpers/errorItems';
import { startFaultServer } from '../helpers/faultServer';
import type { FaultScript, FaultSmtpServer } from '../helpers/faultServer';
import { until } from '../helpers/until';

const POSTFIX_587: FaultScript = {
	extensions: ['PIPELINING', 'SIZE 10240000', 'STARTTLS', '8BITMIME'],
	mailWithoutLogin: '530 5.7.0 Must issue a STARTTLS command first',
};

const commandsOf = (server: FaultSmtpServer, connection = 0) =>
	server.commands.filter((entry) => entry.connection === connection).map((entry) => entry.command);

describe('the credential test proves the login', () => {
	let server: FaultSmtpServer;
	afterEach(() => server.close());

	it('Security None on a port that offers AUTH only after STARTTLS: an error saying to use STARTTLS, never "logged in"', async () => {
		server = await startFaultServer({ script: POSTFIX_587 });
		const result = await testCredential(server.credential({ security: 'none', allowUnauthorizedCerts: false }));
		expect(result.status).toBe('Error');
		expect(result.message).not.toMatch(/logged in/i);
		expect(result.message).toMatch(/STARTTLS/);
		expect(result.message).toMatch(/Set Security to "STARTTLS"/);
		// No AUTH was sent in plain text, and the session ended with QUIT.
		expect(commandsOf(server)).toEqual(['EHLO', 'QUIT']);
	});

	it('gives a send through that port the same answer', async () => {
		server = await startFaultServer({ script: POSTFIX_587 });
		const outcome = await runAlertWorkflow({
			parameters: { toEmail: 'ops@example.com' },
			credential: server.credential({ security: 'none', allowUnauthorizedCerts: false }),
			items: [{ event: 'disk.full', title: 'Disk full' }],
			onError: 'continueRegularOutput',
		});
		const error = errorIn(outcome.sent[0]);
		expect(error.kind).toBe('tlsMismatch');
		expect(error.hint).toMatch(/Set Security to "STARTTLS"/);
		expect(server.accepted).toHaveLength(0);
	});

	it('a plain-text server with no login at all: the test says nothing was checked; sends still go, as to any relay', async () => {
		server = await startFaultServer({ script: { extensions: ['8BITMIME'] } });
		const result = await testCredential(server.credential({ security: 'none', allowUnauthorizedCerts: false }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/offers no login \(AUTH\)/);
		expect(result.message).toMatch(/clear User and Authorization Code/);
		expect(commandsOf(server)).toEqual(['EHLO', 'QUIT']);

		const outcome = await runAlertWorkflow({
			parameters: { toEmail: 'ops@example.com' },
			credential: server.credential({ security: 'none', allowUnauthorizedCerts: false }),
			items: [{ event: 'disk.full', title: 'Disk full' }],
		});
		expect(outcome.sent[0].json.status).toBe('sent');
		expect(server.accepted).toHaveLength(1);
		expect(server.logins + server.failedLogins).toBe(0);
	});

	it('a real login still answers "logged in", and says QUIT', async () => {
		server = await startFaultServer();
		const result = await testCredential(server.credential({ security: 'none', allowUnauthorizedCerts: false }));
		expect(result).toEqual({ status: 'OK', message: expect.stringContaining('Connected and logged in') });
		expect(server.logins).toBe(1);
		expect(await until(() => commandsOf(server).includes('QUIT'), 3_000)).toBe(true);
		expect(commandsOf(server)).toEqual(['EHLO', 'AUTH PLAIN', 'QUIT']);
	});
});

describe('the implicit-TLS probe', () => {
	let server: FaultSmtpServer;
	afterEach(() => server.close());

	it('does not fire once the server has greeted, however slow the login (one connection, no stray TLS)', async () => {
		server = await startFaultServer({ script: { loginDelayMs: 2_500 } });
		const result = await testCredential(server.credential({ security: 'none', allowUnauthorizedCerts: false, password: 'wrong-code-123' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/535/);
		expect(server.connections).toBe(1);
	}, 15_000);

	it('a slow right login is still one connection and OK', async () => {
		server = await startFaultServer({ script: { loginDelayMs: 2_000 } });
		const result = await testCredential(server.credential({ security: 'none', allowUnauthorizedCerts: false }));
		expect(result.status).toBe('OK');
		expect(server.connections).toBe(1);
	}, 15_000);
});

describe('after a refused login', () => {
	let server: FaultSmtpServer;
	afterEach(() => server.close());

	it('says QUIT, and the reply and the hint are separate sentences', async () => {
		server = await startFaultServer({ script: { login: () => '535 5.7.8 Error: authentication failed: (reason unavailable)' } });
		const result = await testCredential(server.credential({ security: 'none', allowUnauthorizedCerts: false }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('(reason unavailable). Check User');
		expect(await until(() => commandsOf(server).includes('QUIT'), 3_000)).toBe(true);
		expect(commandsOf(server)).toEqual(['EHLO', 'AUTH PLAIN', 'QUIT']);
	});

	it('a send whose login is refused says QUIT too', async () => {
		server = await startFaultServer({ script: { login: () => '535 5.7.8 Error: authentication failed' } });
		await runAlertWorkflow({
			parameters: { toEmail: 'ops@example.com' },
			credential: server.credential({ security: 'none', allowUnauthorizedCerts: false }),
			items: [{ event: 'disk.full', title: 'Disk full' }],
			onError: 'continueRegularOutput',
		});
		expect(await until(() => commandsOf(server).includes('QUIT'), 3_000)).toBe(true);
		expect(commandsOf(server)).toEqual(['EHLO', 'AUTH PLAIN', 'QUIT']);
	});

	it('a refused recipient resets the session, and the session ends with QUIT', async () => {
		server = await startFaultServer({
			script: { recipient: (address) => (address.startsWith('nobody') ? '550 5.1.1 User unknown' : undefined) },
		});
		const outcome = await runAlertWorkflow({
			parameters: { toEmail: 'nobody@example.com', options: { keepAlive: 0 } },
			credential: server.credential({ security: 'none', allowUnauthorizedCerts: false }),
			items: [
				{ event: 'a', title: 'A' },
				{ event: 'b', title: 'B' },
			],
			onError: 'continueRegularOutput',
		});
		expect(outcome.sent.map((item) => errorIn(item).kind)).toEqual(['recipientRejected', 'recipientRejected']);
		expect(await until(() => commandsOf(server).includes('QUIT'), 3_000)).toBe(true);
		const commands = commandsOf(server);
		expect(commands[commands.length - 1]).toBe('QUIT');
		expect(commands).toContain('RSET');
		expect(server.connections).toBeLessThanOrEqual(2);
	});
});
