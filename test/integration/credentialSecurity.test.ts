/**
 * Security modes against real servers on loopback: SSL/TLS is TLS from the first byte, STARTTLS is
 * required (no login in clear when the server does not offer it), None never tries STARTTLS.
 * Certificates are verified unless the user opts out, TLS below 1.2 is refused, the EHLO name is
 * the Client Hostname, and a port/mode mismatch comes back fast as a hint naming the right mode.
 */
import net from 'node:net';
import tls from 'node:tls';

import { CHECK_TUNING, checkConnection, TLS_PROBE_AFTER_MS } from '../../nodes/AlertEmail/smtp/connectionCheck';
import { testCertificate } from '../helpers/certificates';
import { testCredential } from '../helpers/credentialTest';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

describe('security modes', () => {
	let ssl: TestSmtpServer;
	let starttls: TestSmtpServer;
	/** Plain server that advertises STARTTLS and takes AUTH in clear: the None client must ignore the offer. */
	let plainOfferingTls: TestSmtpServer;
	/** Plain server without STARTTLS at all. */
	let plainOnly: TestSmtpServer;

	beforeAll(async () => {
		[ssl, starttls, plainOfferingTls, plainOnly] = await Promise.all([
			startSmtpServer({ security: 'ssl' }),
			startSmtpServer({ security: 'starttls' }),
			startSmtpServer({ security: 'none', serverOptions: { hideSTARTTLS: false } }),
			startSmtpServer({ security: 'none', serverOptions: { disabledCommands: ['STARTTLS'] } }),
		]);
	});
	afterAll(() => Promise.all([ssl, starttls, plainOfferingTls, plainOnly].map((server) => server.close())));

	it('SSL/TLS logs in over implicit TLS', async () => {
		const result = await testCredential(ssl.credential());
		expect(result).toEqual({
			status: 'OK',
			message: expect.stringContaining(`Connected and logged in to 127.0.0.1:${ssl.port} (SSL/TLS)`),
		});
		expect(ssl.authAttempts.at(-1)).toMatchObject({ accepted: true, secure: true });
	});

	it('STARTTLS upgrades before the login', async () => {
		const result = await testCredential(starttls.credential());
		expect(result).toEqual({ status: 'OK', message: expect.stringContaining('(STARTTLS)') });
		expect(starttls.authAttempts.at(-1)).toMatchObject({ accepted: true, secure: true });
	});

	it('STARTTLS refuses a server that does not offer it, and sends no login in clear', async () => {
		const attempts = plainOnly.authAttempts.length;
		const result = await testCredential(plainOnly.credential({ security: 'starttls' }));

		expect(result.status).toBe('Error');
		expect(result.message).toContain(`The server at 127.0.0.1:${plainOnly.port} does not offer STARTTLS`);
		expect(result.message).toContain('the login was not sent in clear text');
		expect(result.message).toContain('Security "SSL/TLS"');
		expect(plainOnly.authAttempts).toHaveLength(attempts);
	});

	it.each(['toString', 'constructor', '__proto__'])(
		'a Security of %j (an Object.prototype name) is refused, and no login goes out in clear',
		async (security) => {
			const attempts = plainOnly.authAttempts.length;
			const result = await testCredential(plainOnly.credential({ security }));

			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^Security must be ssl, starttls or none/) });
			expect(plainOnly.authAttempts).toHaveLength(attempts);
		},
	);

	it('None stays in plain text even when the server offers STARTTLS', async () => {
		const result = await testCredential(plainOfferingTls.credential({ security: 'none' }));
		expect(result).toEqual({ status: 'OK', message: expect.stringContaining('(None)') });
		expect(plainOfferingTls.authAttempts.at(-1)).toMatchObject({ accepted: true, secure: false });
	});

	it('introduces itself with the Client Hostname, and an IP as an address literal', async () => {
		await testCredential(starttls.credential({ clientHostname: 'alerts.n8n.example' }));
		expect(starttls.authAttempts.at(-1)).toMatchObject({ accepted: true, ehloName: 'alerts.n8n.example' });

		await testCredential(starttls.credential({ clientHostname: '10.1.2.3' }));
		expect(starttls.authAttempts.at(-1)).toMatchObject({ accepted: true, ehloName: '[10.1.2.3]' });
	});

	it.each([
		['SSL/TLS', () => ssl],
		['STARTTLS', () => starttls],
	])('%s refuses an untrusted certificate unless told to ignore it', async (_mode, server) => {
		const attempts = server().authAttempts.length;
		const result = await testCredential(server().credential({ allowUnauthorizedCerts: false }));

		expect(result.status).toBe('Error');
		expect(result.message).toContain('TLS certificate is not trusted');
		expect(result.message).toContain('self-signed certificate');
		expect(result.message).toContain('Ignore TLS Certificate Errors (Insecure)');
		expect(server().authAttempts).toHaveLength(attempts);

		expect((await testCredential(server().credential({ allowUnauthorizedCerts: true }))).status).toBe('OK');
	});

	describe('a mismatch between port and Security', () => {
		it('SSL/TLS on a STARTTLS port answers at once with the mode to use', async () => {
			const started = Date.now();
			const result = await testCredential(starttls.credential({ security: 'ssl' }));

			expect(result.status).toBe('Error');
			expect(result.message).toContain('TLS did not start');
			expect(result.message).toContain(`Set Security to "STARTTLS" for port ${starttls.port}`);
			expect(result.message).not.toContain('wrong version number');
			expect(Date.now() - started).toBeLessThan(2_000);
		});

		it('STARTTLS on an implicit-TLS port is named within seconds, not after the timeout', async () => {
			const started = Date.now();
			const result = await testCredential(ssl.credential({ security: 'starttls' }));
			const elapsed = Date.now() - started;

			expect(result.status).toBe('Error');
			expect(result.message).toContain('the port answered a TLS handshake');
			expect(result.message).toContain(`Set Security to "SSL/TLS" for port ${ssl.port}`);
			// The default probe starts after TLS_PROBE_AFTER_MS (1.5 s); the greeting timeout is 10 s.
			expect(elapsed).toBeGreaterThanOrEqual(TLS_PROBE_AFTER_MS);
			expect(elapsed).toBeLessThan(CHECK_TUNING.greetingTimeoutMs / 2);
		});

		it('with Send Test Email on, the implicit-TLS port is still named within seconds', async () => {
			const result = await checkConnection(ssl.credential({ security: 'starttls', sendTestEmail: true, toEmail: 'ops@example.com' }), {
				tlsProbeAfterMs: 50,
			});
			expect(result.ok).toBe(false);
			expect(result.message).toContain('the port answered a TLS handshake');
		});

		it('None on an implicit-TLS port gets the same hint', async () => {
			const result = await checkConnection(ssl.credential({ security: 'none' }), { tlsProbeAfterMs: 50 });
			expect(result.ok).toBe(false);
			expect(result.message).toContain(`Set Security to "SSL/TLS" for port ${ssl.port}`);
		});
	});

	describe('TLS versions', () => {
		let oldServer: tls.Server;
		const defaults = { minVersion: tls.DEFAULT_MIN_VERSION, ciphers: tls.DEFAULT_CIPHERS };

		beforeAll(async () => {
			const { key, cert } = await testCertificate();
			// A server stuck on TLS 1.0/1.1 that would greet once the handshake is done.
			oldServer = tls.createServer({ key, cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }, (socket) =>
				socket.write('220 old.example ESMTP\r\n'),
			);
			oldServer.on('tlsClientError', () => undefined);
			await new Promise<void>((resolve) => oldServer.listen(0, '127.0.0.1', resolve));
			// Make this process accept old TLS by default, so only our own minimum can refuse it.
			tls.DEFAULT_MIN_VERSION = 'TLSv1';
			tls.DEFAULT_CIPHERS = 'DEFAULT@SECLEVEL=0';
		});
		afterAll(async () => {
			tls.DEFAULT_MIN_VERSION = defaults.minVersion;
			tls.DEFAULT_CIPHERS = defaults.ciphers;
			await new Promise<void>((resolve) => oldServer.close(() => resolve()));
		});

		it('a default client in this process would speak TLS 1.1 with the server', async () => {
			const port = (oldServer.address() as net.AddressInfo).port;
			const protocol = await new Promise<string | null>((resolve, reject) => {
				const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
					resolve(socket.getProtocol());
					socket.destroy();
				});
				socket.on('error', reject);
			});
			expect(protocol).toBe('TLSv1.1');
		});

		it('the credential refuses anything below TLS 1.2', async () => {
			const port = (oldServer.address() as net.AddressInfo).port;
			const result = await testCredential(ssl.credential({ port }));

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/protocol version/);
			expect(result.message).not.toContain('Connected');
		});
	});
});
