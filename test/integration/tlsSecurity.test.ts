/**
 * TLS on the node's sending path (the credential test's side is in credentialSecurity.test.ts):
 * certificates are verified by default and only "Ignore TLS Certificate Errors (Insecure)" gets
 * past a self-signed one; STARTTLS required means no login and no mail in clear when the server
 * does not offer it; TLS 1.2 is the minimum unless Minimum TLS Version says otherwise, against
 * servers limited to TLS 1.1, 1.2 and 1.3.
 */

import { testCredential } from '../helpers/credentialTest';
import { runAlertWorkflow } from '../helpers/engine';
import type { RunOutcome } from '../helpers/engine';
import { errorIn } from '../helpers/errorItems';
import { startFaultServer } from '../helpers/faultServer';
import type { FaultServerOptions, FaultSmtpServer } from '../helpers/faultServer';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

const FAST = { connectionTimeout: 2, socketTimeout: 2, retryDelay: 10, maxRetries: 1 };
const ITEMS = [
	{ title: 'Disk full', severity: 'critical' },
	{ title: 'CPU hot', severity: 'warning' },
];

function send(credential: Record<string, unknown>): Promise<RunOutcome> {
	return runAlertWorkflow({
		parameters: { toEmail: 'ops@example.com', options: FAST },
		credential,
		items: ITEMS,
		onError: 'continueErrorOutput',
	});
}

const kinds = (run: RunOutcome) => run.errors.map((item) => errorIn(item).kind);

describe('certificates on the sending path', () => {
	let ssl: TestSmtpServer;
	let starttls: TestSmtpServer;
	beforeAll(async () => {
		[ssl, starttls] = await Promise.all([startSmtpServer({ security: 'ssl' }), startSmtpServer({ security: 'starttls' })]);
	});
	afterAll(() => Promise.all([ssl.close(), starttls.close()]));

	it.each([
		['SSL/TLS', () => ssl],
		['STARTTLS', () => starttls],
	])(
		'%s: a self-signed server is refused by default (no login, no mail) and accepted only with Ignore TLS Certificate Errors',
		async (_mode, server) => {
			const attempts = server().authAttempts.length;
			const messages = server().messages.length;
			const refused = await send(server().credential({ allowUnauthorizedCerts: false }));

			expect(refused.sent).toEqual([]);
			expect(kinds(refused)).toEqual(['certificate', 'certificate']);
			expect(errorIn(refused.errors[0]).message).toMatch(/TLS certificate is not trusted .*self-signed certificate/);
			expect(errorIn(refused.errors[0]).hint).toMatch(/Ignore TLS Certificate Errors \(Insecure\)/);
			expect(server().authAttempts).toHaveLength(attempts);
			expect(server().messages).toHaveLength(messages);

			const accepted = await send(server().credential({ allowUnauthorizedCerts: true }));
			expect(accepted.sent.map((item) => item.json.status)).toEqual(['sent', 'sent']);
			expect(server().authAttempts.at(-1)).toMatchObject({ accepted: true, secure: true });
		},
	);
});

describe('STARTTLS required, on a server whose EHLO has no STARTTLS', () => {
	let plain: FaultSmtpServer;
	beforeAll(async () => {
		plain = await startFaultServer({ security: 'none' });
	});
	afterAll(() => plain.close());

	it('the node sends neither the login nor any mail in clear, and says why', async () => {
		const run = await send(plain.credential({ security: 'starttls' }));

		expect(kinds(run)).toEqual(['starttlsMissing', 'starttlsMissing']);
		expect(errorIn(run.errors[0]).message).toMatch(/does not offer STARTTLS .*so the login was not sent in clear text/);
		const verbs = plain.commands.map((command) => command.command);
		expect(verbs).toContain('EHLO');
		expect(verbs).not.toContainEqual(expect.stringMatching(/^(AUTH|MAIL|RCPT|DATA)/));
		expect(plain.logins + plain.failedLogins).toBe(0);
		expect(plain.accepted).toEqual([]);
	});

	it('the credential test too', async () => {
		const before = plain.commands.length;
		const result = await testCredential(plain.credential({ security: 'starttls' }));

		expect(result.status).toBe('Error');
		expect(result.message).toContain('does not offer STARTTLS');
		expect(plain.commands.slice(before).map((command) => command.command)).not.toContainEqual(expect.stringMatching(/^AUTH/));
	});

	it('with Security "None" the same server gets the login in clear, as the user chose', async () => {
		const run = await send(plain.credential({ security: 'none' }));
		expect(run.sent.map((item) => item.json.status)).toEqual(['sent', 'sent']);
		expect(plain.commands.filter((command) => command.command.startsWith('AUTH')).every((command) => !command.secure)).toBe(true);
	});
});

describe('minimum TLS version', () => {
	const servers: FaultSmtpServer[] = [];
	const tlsServer = async (tls: FaultServerOptions['tls']) => {
		const server = await startFaultServer({ security: 'ssl', tls });
		servers.push(server);
		return server;
	};
	afterAll(() => Promise.all(servers.map((server) => server.close())));

	// A server stuck on TLS 1.0/1.1 also needs OpenSSL's legacy security level for its ciphers.
	const OLD = { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' } as const;

	it('refuses a server limited to TLS 1.1 by default, in the node and the credential test', async () => {
		const server = await tlsServer(OLD);
		const run = await send(server.credential());

		expect(kinds(run)).toEqual(['tlsHandshake', 'tlsHandshake']);
		expect(errorIn(run.errors[0]).message).toMatch(/protocol version/);
		expect(errorIn(run.errors[0]).hint).toMatch(/Minimum TLS Version, TLS 1\.2 unless lowered/);
		expect(server.commands).toEqual([]);

		const result = await testCredential(server.credential());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/protocol version/);
	});

	it.each(['TLSv1.1', 'TLSv1'])('sends to that server when the user lowers Minimum TLS Version to %s', async (minTlsVersion) => {
		const server = await tlsServer(OLD);
		expect(await testCredential(server.credential({ minTlsVersion }))).toEqual({
			status: 'OK',
			message: expect.stringContaining('Connected and logged in'),
		});
		const run = await send(server.credential({ minTlsVersion }));

		expect(run.sent.map((item) => item.json.status)).toEqual(['sent', 'sent']);
		expect(new Set(server.protocols)).toEqual(new Set(['TLSv1.1']));
	});

	it('speaks TLS 1.3 with a server limited to TLS 1.3, by default', async () => {
		const server = await tlsServer({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
		const run = await send(server.credential());

		expect(run.sent.map((item) => item.json.status)).toEqual(['sent', 'sent']);
		expect(new Set(server.protocols)).toEqual(new Set(['TLSv1.3']));
	});

	it('with Minimum TLS Version 1.3 refuses a server limited to TLS 1.2, and sends nothing', async () => {
		const server = await tlsServer({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
		const run = await send(server.credential({ minTlsVersion: 'TLSv1.3' }));

		expect(kinds(run)).toEqual(['tlsHandshake', 'tlsHandshake']);
		expect(server.commands).toEqual([]);
		expect((await send(server.credential())).sent).toHaveLength(2);
		expect(server.protocols.at(-1)).toBe('TLSv1.2');
	});

	it('names the field when the credential holds a version it does not know', async () => {
		const server = await tlsServer({});
		const run = await send(server.credential({ minTlsVersion: 'SSLv3' }));

		expect(run.errors.map((item) => errorIn(item).message)).toEqual([
			'minTlsVersion: Minimum TLS Version must be one of TLSv1.2, TLSv1.3, TLSv1.1, TLSv1, not "SSLv3".',
			'minTlsVersion: Minimum TLS Version must be one of TLSv1.2, TLSv1.3, TLSv1.1, TLSv1, not "SSLv3".',
		]);
		expect(server.connections).toBe(0);
	});
});
