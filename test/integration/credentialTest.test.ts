import { testCredential } from '../helpers/credentialTest';
import { expectNoSecret } from '../helpers/secrets';
import { closedPort } from '../helpers/ports';
import { startSmtpServer, TEST_AUTH_CODE, TEST_USER } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

describe('credential test', () => {
	let server: TestSmtpServer;
	beforeAll(async () => {
		server = await startSmtpServer({ security: 'ssl' });
	});
	afterAll(() => server.close());

	it('connects and logs in with good settings', async () => {
		const logins = server.logins;
		const result = await testCredential(server.credential());
		expect(result).toEqual({ status: 'OK', message: expect.stringContaining('Connected and logged in') });
		expect(server.logins).toBe(logins + 1);
		expect(server.messages).toHaveLength(0);
	});

	it('tells a QQ user with a wrong code to use the authorization code, without echoing it', async () => {
		const result = await testCredential(server.credential({ password: 'my-qq-login-password' }));
		expect(result.status).toBe('Error');
		expect(result.message).toContain('535');
		expect(result.message).toMatch(/authorization code/i);
		expect(result.message).not.toContain('my-qq-login-password');
	});

	it('says the connection was refused on a closed port', async () => {
		const result = await testCredential(server.credential({ port: await closedPort() }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/refused/i);
		expect(result.message).toMatch(/Port/);
	});
});

describe('credential test with Send Test Email', () => {
	let server: TestSmtpServer;
	beforeAll(async () => {
		server = await startSmtpServer({ security: 'starttls' });
	});
	afterAll(() => server.close());

	it('sends one test email to the default recipients and says so, logging in once', async () => {
		const before = server.messages.length;
		const logins = server.logins;
		const result = await testCredential(
			server.credential({ sendTestEmail: true, toEmail: 'ops@example.com; oncall@example.com', subjectPrefix: '[Prod]' }),
		);

		expect(result.status).toBe('OK');
		expect(result.message).toContain('Connected and logged in');
		expect(result.message).toContain('Test email sent to ops@example.com, oncall@example.com');
		await server.waitForMessages(before + 1);
		const [mail] = server.messages.slice(before);
		expect(mail.envelope.to).toEqual(['ops@example.com', 'oncall@example.com']);
		expect(mail.parsed.subject).toBe('[Prod] Test email from n8n Alert Email');
		expect(server.messages).toHaveLength(before + 1);
		// The send connects and logs in; no separate verification login before it.
		expect(server.logins).toBe(logins + 1);
		expectNoSecret(result.message, TEST_AUTH_CODE, TEST_USER);
	});

	it('sends nothing when the switch is off (the default)', async () => {
		const before = server.messages.length;
		const result = await testCredential(server.credential({ toEmail: 'ops@example.com' }));
		expect(result.status).toBe('OK');
		expect(result.message).not.toContain('Test email');
		expect(server.messages).toHaveLength(before);
	});

	it('asks for recipients when the switch is on and there are none, after checking the login', async () => {
		const result = await testCredential(server.credential({ sendTestEmail: true, toEmail: '' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Connected and logged in .* Send Test Email is on, but Default Recipients is empty/);
	});

	it('a wrong code with the switch on: the login failure, not "connected"', async () => {
		const failedLogins = server.failedLogins;
		const result = await testCredential(server.credential({ sendTestEmail: true, toEmail: 'ops@example.com', password: 'wrong-code' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Login failed .*535/);
		expect(server.failedLogins).toBe(failedLogins + 1);
	});

	it('reports a refused test email after a good login', async () => {
		server.rejectedRecipients.set('nobody@example.com', { code: 550, message: 'Mailbox unavailable or access denied' });
		try {
			const result = await testCredential(server.credential({ sendTestEmail: true, toEmail: 'nobody@example.com' }));
			expect(result.status).toBe('Error');
			expect(result.message).toContain('Connected and logged in');
			expect(result.message).toContain('The test email was not sent');
			expect(result.message).toContain('550 Mailbox unavailable or access denied');
		} finally {
			server.rejectedRecipients.delete('nobody@example.com');
		}
	});
});
