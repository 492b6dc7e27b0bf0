import { testCredential } from '../helpers/credentialTest';
import { closedPort } from '../helpers/ports';
import { startSmtpServer } from '../helpers/smtpServer';
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
