/**
 * A slow login against a real Postfix with Dovecot SASL. Dovecot answers a wrong code only after
 * its auth_failure_delay (2 s by default, longer with its penalty after repeated failures), which
 * is longer than the credential test's implicit-TLS probe timer (TLS_PROBE_AFTER_MS, 1.5 s). The
 * probe is for ports that never greet; on a server that greeted and is merely thinking about the
 * login, it must not fire: a second connection that opens with a TLS ClientHello on a plain-text
 * port is what Postfix logs as "improper command pipelining after CONNECT".
 *
 * And a client that got a 535 should say QUIT, not drop the connection ("lost connection after
 * AUTH"): Postfix's summary for that session then shows quit=1.
 */
import { TLS_PROBE_AFTER_MS } from '../../nodes/AlertEmail/smtp/connectionCheck';
import { describeWithRealMta } from '../helpers/realMta';
import type { MtaService } from '../helpers/realMta';

const WRONG_CODE = 'wrong-code-Ht8wQ3';
const PIPELINING = 'improper command pipelining after CONNECT';

describeWithRealMta('a slow login on a real Postfix + Dovecot', (mta) => {
	/** The credential test, and whether Postfix complained of a TLS ClientHello on its plain-text port. */
	async function check(overrides: Record<string, unknown>, service: MtaService) {
		const run = await mta.checkCredential(overrides, service);
		return { ...run, pipeliningComplaint: run.log.includes(PIPELINING) };
	}

	describe('STARTTLS on the submission port: the implicit-TLS probe stays home while the server thinks', () => {
		it('a wrong code: one connection, and no TLS bytes thrown at the plain-text port', async () => {
			const run = await check({ port: mta.ports.starttls, security: 'starttls', password: WRONG_CODE }, 'submission');

			expect(run.result.status).toBe('Error');
			expect(run.result.message).toContain('535');
			// The scenario needs the 535 to come after the probe timer; Dovecot's delay makes sure of it.
			expect(run.elapsedMs).toBeGreaterThan(TLS_PROBE_AFTER_MS);
			expect({ connections: run.connections, pipeliningComplaint: run.pipeliningComplaint }).toEqual({
				connections: 1,
				pipeliningComplaint: false,
			});
		}, 30_000);

		it('the right code right after a wrong one: OK over one connection', async () => {
			const wrong = await check({ port: mta.ports.starttls, security: 'starttls', password: WRONG_CODE }, 'submission');
			const right = await check({ port: mta.ports.starttls, security: 'starttls' }, 'submission');

			expect(wrong.result.status).toBe('Error');
			expect(right.result.status).toBe('OK');
			// After a failure Dovecot may hold even the right code back (its penalty), so this login
			// can be slow too.
			expect({
				connections: [wrong.connections, right.connections],
				pipeliningComplaint: wrong.pipeliningComplaint || right.pipeliningComplaint,
			}).toEqual({ connections: [1, 1], pipeliningComplaint: false });
			expect(right.sessions.map((session) => session.commands.auth)).toEqual([{ ok: 1, total: 1 }]);
		}, 40_000);
	});

	describe('saying goodbye after a refused login', () => {
		it.each([
			['SSL/TLS', 'ssl', 'smtps'],
			['STARTTLS', 'starttls', 'submission'],
		] as const)(
			'%s: after the 535 the client sends QUIT (Postfix logged quit=1)',
			async (_label, security, service) => {
				const run = await check({ port: mta.ports[security], security, password: WRONG_CODE }, service);

				expect(run.result.status).toBe('Error');
				expect(run.result.message).toContain('535');
				const refused = run.sessions.filter((session) => session.commands.auth);
				expect(refused.map((session) => session.commands.auth)).toEqual([{ ok: 0, total: 1 }]);
				expect({
					summary: refused[0].text,
					quit: refused[0].commands.quit,
					lostAfterAuth: refused[0].lines.some((line) => /lost connection after AUTH/.test(line)),
				}).toEqual({
					summary: expect.stringMatching(/\bquit=1\b/),
					quit: { ok: 1, total: 1 },
					lostAfterAuth: false,
				});
			},
			30_000,
		);
	});

	it('leaves nothing in the queue', async () => {
		expect(await mta.queue()).toEqual([]);
	});
});
