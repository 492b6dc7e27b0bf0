import { createHash } from 'node:crypto';

import { describeSmtpFailure } from '../../../nodes/AlertEmail/smtp/errors';
import { LocalLoginBreaker, LOGIN_PAUSE_MS, pausedLoginError } from '../../../nodes/AlertEmail/smtp/loginBreaker';
import { sessionKey } from '../../../nodes/AlertEmail/smtp/sharedSessions';
import type { ConnectionSettings } from '../../../nodes/AlertEmail/smtp/connectionSettings';

const refused = () =>
	Object.assign(new Error('Invalid login: 535 Login fail'), {
		code: 'EAUTH',
		responseCode: 535,
		command: 'AUTH PLAIN',
		response: '535 Login fail',
	});

describe('login breaker', () => {
	it('pauses logins for 60 s after a refusal, then lets the next one try', async () => {
		const breaker = new LocalLoginBreaker();
		expect(await breaker.check('k', 0)).toBeUndefined();
		await breaker.trip('k', refused(), 1_000);
		expect(await breaker.check('k', 1_000 + LOGIN_PAUSE_MS - 1)).toMatchObject({ until: 1_000 + LOGIN_PAUSE_MS });
		expect(await breaker.check('other', 2_000)).toBeUndefined();
		expect(await breaker.check('k', 1_000 + LOGIN_PAUSE_MS)).toBeUndefined();
	});

	it('a paused send answers with the same translated error, saying no login was tried and when the next is', () => {
		const original = describeSmtpFailure(refused());
		const paused = describeSmtpFailure(pausedLoginError({ until: Date.parse('2030-01-01T09:00:00Z'), error: refused() }));
		expect(paused.kind).toBe(original.kind);
		expect(paused.hint).toBe(original.hint);
		expect(paused.message.startsWith(original.message)).toBe(true);
		expect(paused.message).toMatch(/No login was tried now: .* pause until 2030-01-01T09:00:00.000Z/);
		expect(paused).toMatchObject({ retryable: false, stopsBatch: true, pausedUntil: Date.parse('2030-01-01T09:00:00Z') });
	});

	it('keys sessions on a hash: other settings, other key; the secret never in clear', () => {
		const connection: ConnectionSettings = {
			provider: 'qq',
			host: 'smtp.qq.com',
			port: 465,
			security: 'ssl',
			user: 'a@qq.com',
			password: 'secret-code-123',
			allowUnauthorizedCerts: false,
			minTlsVersion: 'TLSv1.2',
		};
		const key = sessionKey(connection);
		expect(key).toMatch(/^[0-9a-f]{64}$/);
		expect(key).not.toContain('secret-code-123');
		expect(sessionKey({ ...connection })).toBe(key);
		// Not a fast hash of the settings with the code in them: the code goes in through scrypt only.
		const { host, port, security, user, password, allowUnauthorizedCerts, minTlsVersion } = connection;
		const fast = JSON.stringify([host, port, security, user, password, null, allowUnauthorizedCerts, minTlsVersion, null]);
		expect(key).not.toBe(createHash('sha256').update(fast).digest('hex'));
		expect(sessionKey({ ...connection, password: 'secret-code-123' })).toBe(key);
		for (const change of [
			{ password: 'other' },
			{ port: 587, security: 'starttls' as const },
			{ clientHostname: 'n8n.example.com' },
			{ proxy: { type: 'socks5' as const, host: 'p', port: 1080 } },
			{ allowUnauthorizedCerts: true },
		]) {
			expect(sessionKey({ ...connection, ...change })).not.toBe(key);
		}
	});
});
