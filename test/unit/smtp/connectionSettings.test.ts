import type { SmtpAlertCredential } from '../../../nodes/AlertEmail/smtp/credential';
import { failureContext, resolveConnection } from '../../../nodes/AlertEmail/smtp/connectionSettings';

const base: Partial<SmtpAlertCredential> = {
	provider: 'qq',
	port: 0,
	security: 'ssl',
	user: 'alerts@qq.com',
	password: 'abcdefghijklmnop',
	proxyType: 'none',
};

describe('resolveConnection', () => {
	it('resolves a QQ credential with Port 0 to the preset endpoint', () => {
		expect(resolveConnection(base)).toEqual({
			provider: 'qq',
			host: 'smtp.qq.com',
			port: 465,
			security: 'ssl',
			user: 'alerts@qq.com',
			password: 'abcdefghijklmnop',
			allowUnauthorizedCerts: false,
			minTlsVersion: 'TLSv1.2',
		});
	});

	it('takes TLS 1.2 as the minimum unless the credential lowers or raises it, and refuses unknown versions', () => {
		expect(resolveConnection({ ...base, minTlsVersion: 'TLSv1.3' }).minTlsVersion).toBe('TLSv1.3');
		expect(resolveConnection({ ...base, minTlsVersion: 'TLSv1' }).minTlsVersion).toBe('TLSv1');
		expect(() => resolveConnection({ ...base, minTlsVersion: 'SSLv3' as never })).toThrow(
			expect.objectContaining({
				field: 'minTlsVersion',
				message: 'Minimum TLS Version must be one of TLSv1.2, TLSv1.3, TLSv1.1, TLSv1, not "SSLv3".',
			}),
		);
	});

	it('keeps a pasted code intact except for a trailing line break', () => {
		expect(resolveConnection({ ...base, password: 'abcd efgh ijkl mnop\n' }).password).toBe('abcd efgh ijkl mnop');
	});

	it('wants a user and a code for every provider preset', () => {
		expect(() => resolveConnection({ ...base, user: ' ' })).toThrow(
			expect.objectContaining({ field: 'user', message: expect.stringContaining('User is empty') }),
		);
		expect(() => resolveConnection({ ...base, password: '' })).toThrow(
			expect.objectContaining({ field: 'password', message: expect.stringContaining('Authorization Code is empty') }),
		);
	});

	it('lets a custom relay go without a login', () => {
		const relay = resolveConnection({ provider: 'custom', host: 'relay.internal', port: 25, security: 'none', user: '', password: '' });
		expect(relay).toMatchObject({ host: 'relay.internal', port: 25, user: '', password: '' });
	});

	it('sends an IP address as an address literal in EHLO', () => {
		expect(resolveConnection({ ...base, clientHostname: 'n8n.example.com' }).clientHostname).toBe('n8n.example.com');
		expect(resolveConnection({ ...base, clientHostname: '192.0.2.7' }).clientHostname).toBe('[192.0.2.7]');
		expect(resolveConnection({ ...base, clientHostname: '2001:db8::1' }).clientHostname).toBe('[IPv6:2001:db8::1]');
		expect(() => resolveConnection({ ...base, clientHostname: 'my host' })).toThrow(expect.objectContaining({ field: 'clientHostname' }));
	});

	describe('proxy', () => {
		const proxied = { ...base, proxyType: 'socks5' as const, proxyHost: '10.0.0.5', proxyPort: 1080 };

		it('is off for None and carries the login only when a user is set', () => {
			expect(resolveConnection({ ...base, proxyHost: '10.0.0.5' }).proxy).toBeUndefined();
			expect(resolveConnection(proxied).proxy).toEqual({ type: 'socks5', host: '10.0.0.5', port: 1080 });
			expect(resolveConnection({ ...proxied, proxyUser: 'me', proxyPassword: 'p@ss' }).proxy).toEqual({
				type: 'socks5',
				host: '10.0.0.5',
				port: 1080,
				user: 'me',
				password: 'p@ss',
			});
		});

		it.each([
			[{ proxyHost: '' }, 'proxyHost', 'Proxy Host is empty'],
			[{ proxyHost: 'http://proxy.corp:3128' }, 'proxyHost', 'is a URL'],
			[{ proxyHost: 'proxy.corp:3128' }, 'proxyHost', 'put 3128 in the port field'],
			[{ proxyPort: 0 }, 'proxyPort', 'Proxy Port 0 is not valid'],
			[{ proxyPort: 70000 }, 'proxyPort', 'Proxy Port 70000 is not valid'],
			[{ proxyPort: undefined }, 'proxyPort', 'Proxy Port undefined is not valid'],
			[{ proxyPassword: 'secret-only' }, 'proxyUser', 'Proxy Password is set but Proxy User is empty'],
			[{ proxyType: 'https' }, 'proxyType', 'Proxy must be none, http or socks5'],
		])('refuses %p, naming %s', (overrides, field, message) => {
			expect(() => resolveConnection({ ...proxied, ...(overrides as Partial<SmtpAlertCredential>) })).toThrow(
				expect.objectContaining({ field, message: expect.stringContaining(message) }),
			);
		});

		it('never puts a secret into a configuration error', () => {
			const secret = 'proxy-secret-123';
			try {
				resolveConnection({ ...proxied, proxyUser: '', proxyPassword: secret });
				throw new Error('expected a configuration error');
			} catch (error) {
				expect((error as Error).message).not.toContain(secret);
			}
		});
	});
});

describe('failureContext', () => {
	it('keeps where, never who or with what secret', () => {
		const connection = resolveConnection({
			...base,
			proxyType: 'http',
			proxyHost: 'proxy.corp',
			proxyPort: 3128,
			proxyUser: 'me',
			proxyPassword: 'proxy-pass',
		});
		const context = failureContext(connection);
		expect(context).toEqual({
			provider: 'qq',
			host: 'smtp.qq.com',
			port: 465,
			security: 'ssl',
			proxy: { type: 'http', host: 'proxy.corp', port: 3128 },
		});
		expect(JSON.stringify(context)).not.toMatch(/proxy-pass|abcdefghijklmnop|alerts@qq\.com/);
	});
});
