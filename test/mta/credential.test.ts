/**
 * The SMTP Alert credential test against a real Postfix with Dovecot SASL: what the user reads in
 * n8n, and what Postfix logged the client doing on the wire (its per-connection summaries), for
 * the right and a wrong code on both ports, each wrong Security mode, and Send Test Email.
 */
import { describeWithRealMta, MTA_AUTH_CODE, MTA_USER } from '../helpers/realMta';
import type { MtaService, SessionSummary } from '../helpers/realMta';
import { expectNoSecret } from '../helpers/secrets';

const WRONG_CODE = 'wrong-code-Zk4mP0';

describeWithRealMta('credential test against Postfix + Dovecot', (mta) => {
	const check = (overrides: Record<string, unknown>, service: MtaService) => mta.checkCredential(overrides, service);

	const authOf = (sessions: SessionSummary[]) => sessions.map((session) => session.commands.auth);

	describe('SSL/TLS on the implicit-TLS port (like 465)', () => {
		it('logs in with the right code, and Postfix saw one connection with auth=1', async () => {
			const { result, sessions, connections } = await check({ port: mta.ports.ssl, security: 'ssl' }, 'smtps');

			expect(result).toEqual({ status: 'OK', message: `Connected and logged in to 127.0.0.1:${mta.ports.ssl} (SSL/TLS) as ${MTA_USER}.` });
			expect(connections).toBe(1);
			expect(sessions).toHaveLength(1);
			expect(sessions[0].commands.auth).toEqual({ ok: 1, total: 1 });
			expect(sessions[0].commands.starttls).toBeUndefined();
		});

		it('a wrong code is a 535 with the authorization-code hint, and no code in the message', async () => {
			const { result, sessions } = await check({ port: mta.ports.ssl, security: 'ssl', password: WRONG_CODE }, 'smtps');

			expect(result.status).toBe('Error');
			expect(result.message).toContain('535');
			expect(result.message).toMatch(/authorization code/i);
			expectNoSecret(result.message, WRONG_CODE, MTA_USER);
			expectNoSecret(result.message, MTA_AUTH_CODE, MTA_USER);
			expect(authOf(sessions)).toEqual([{ ok: 0, total: 1 }]);
		}, 30_000);
	});

	describe('STARTTLS on the submission port (like 587)', () => {
		it('upgrades, then logs in: Postfix logged starttls=1 auth=1', async () => {
			const { result, sessions, connections } = await check({ port: mta.ports.starttls, security: 'starttls' }, 'submission');

			expect(result).toEqual({
				status: 'OK',
				message: `Connected and logged in to 127.0.0.1:${mta.ports.starttls} (STARTTLS) as ${MTA_USER}.`,
			});
			expect(connections).toBe(1);
			expect(sessions).toHaveLength(1);
			expect(sessions[0].text).toMatch(/\bstarttls=1 auth=1\b/);
		});

		it('a wrong code is a 535 with the authorization-code hint', async () => {
			const { result, sessions } = await check({ port: mta.ports.starttls, security: 'starttls', password: WRONG_CODE }, 'submission');

			expect(result.status).toBe('Error');
			expect(result.message).toContain('535');
			expect(result.message).toMatch(/authorization code/i);
			expectNoSecret(result.message, WRONG_CODE, MTA_USER);
			// The failed AUTH came after STARTTLS (the probe connection, if any, sent no AUTH).
			const tried = sessions.filter((session) => session.commands.auth);
			expect(tried).toHaveLength(1);
			expect(tried[0].commands).toMatchObject({ starttls: { ok: 1, total: 1 }, auth: { ok: 0, total: 1 } });
		}, 30_000);
	});

	describe('a Security mode that does not fit the port', () => {
		it('SSL/TLS on the plain-text submission port: the port and Security do not match, set STARTTLS', async () => {
			const { result, sessions, connections } = await check({ port: mta.ports.starttls, security: 'ssl' }, 'submission');

			expect(result.status).toBe('Error');
			expect(result.message).toContain('do not match');
			expect(result.message).toContain(`Set Security to "STARTTLS" for port ${mta.ports.starttls}`);
			expectNoSecret(result.message, MTA_AUTH_CODE, MTA_USER);
			// The server saw the attempt (so the absence of AUTH below is proven, not a log read too early).
			expect(connections).toBeGreaterThanOrEqual(1);
			expect(authOf(sessions).filter(Boolean)).toEqual([]);
		});

		it('STARTTLS on the implicit-TLS port: names the port as implicit TLS, set SSL/TLS', async () => {
			const { result, sessions, connections } = await check({ port: mta.ports.ssl, security: 'starttls' }, 'smtps');

			expect(result.status).toBe('Error');
			expect(result.message).toContain(`Set Security to "SSL/TLS" for port ${mta.ports.ssl}`);
			// The server saw the attempt (so the absence of AUTH below is proven, not a log read too early).
			expect(connections).toBeGreaterThanOrEqual(1);
			expect(authOf(sessions).filter(Boolean)).toEqual([]);
		}, 30_000);

		// KNOWN BUG (being fixed): today the answer is "Connected and logged in ..." although Postfix
		// logged "ehlo=1 quit=1": with None, the client saw no AUTH in the clear EHLO and skipped the
		// login, so nothing was verified. STARTTLS-only servers are exactly where this happens.
		it('None on the STARTTLS-required port is an error that says to set STARTTLS, and no AUTH goes out in clear', async () => {
			const { result, sessions } = await check({ port: mta.ports.starttls, security: 'none' }, 'submission');

			// One object, so a failure shows every part that is wrong at once.
			expect({
				status: result.status,
				saysSetStarttls: /Set Security to "STARTTLS"/.test(result.message ?? ''),
				claimsLoggedIn: /logged in/i.test(result.message ?? ''),
				authInClear: sessions.some((session) => session.commands.auth !== undefined && session.commands.starttls === undefined),
			}).toEqual({ status: 'Error', saysSetStarttls: true, claimsLoggedIn: false, authInClear: false });
			expectNoSecret(result.message, MTA_AUTH_CODE, MTA_USER);
		}, 30_000);

		it('None on the implicit-TLS port: no greeting in plain text, an error that says to set SSL/TLS', async () => {
			const { result, sessions, connections } = await check({ port: mta.ports.ssl, security: 'none' }, 'smtps');

			expect(result.status).toBe('Error');
			expect(result.message).toContain(`Set Security to "SSL/TLS" for port ${mta.ports.ssl}`);
			// The server saw the attempt (so the absence of AUTH below is proven, not a log read too early).
			expect(connections).toBeGreaterThanOrEqual(1);
			expect(authOf(sessions).filter(Boolean)).toEqual([]);
		}, 30_000);
	});

	it('Send Test Email: the test mail lands in the Maildir, over one connection with one login', async () => {
		const before = (await mta.maildir(`ops@example.test`)).length;
		const { result, sessions, connections } = await check(
			{ port: mta.ports.ssl, security: 'ssl', sendTestEmail: true, toEmail: 'ops@example.test' },
			'smtps',
		);

		expect(result.status).toBe('OK');
		expect(result.message).toContain('Test email sent to ops@example.test');
		expect(result.message).toMatch(/server: 250 2\.0\.0 Ok: queued as \w+/);
		expect(connections).toBe(1);
		expect(sessions.map((session) => session.commands.auth)).toEqual([{ ok: 1, total: 1 }]);
		expect(sessions[0].commands).toMatchObject({ mail: { ok: 1, total: 1 }, rcpt: { ok: 1, total: 1 }, data: { ok: 1, total: 1 } });

		const mails = await mta.waitForMail('ops@example.test', before + 1);
		const mail = mails[mails.length - 1].parsed;
		expect(mail.subject).toBe('[MTA] Test email from n8n Alert Email');
		expect(mail.from?.value[0].address).toBe(MTA_USER);
		expect(mail.text).toContain(`Server: 127.0.0.1:${mta.ports.ssl} (SSL/TLS)`);
	});

	it('leaves nothing in the queue', async () => {
		expect(await mta.queue()).toEqual([]);
	});
});
