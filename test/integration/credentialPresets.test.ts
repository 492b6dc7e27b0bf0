/**
 * Every provider preset, end to end: the credential test must ask for the preset's real host and
 * port (recorded by the proxy) and negotiate the preset's security mode (recorded by the SMTP
 * server, including the TLS server name). A redirecting proxy lands every tunnel on a loopback
 * server, and DNS is made to fail, so nothing is looked up or sent outside this machine.
 */
import dns from 'node:dns';

import { NodeHelpers } from 'n8n-workflow';

import { SmtpAlertApi } from '../../credentials/SmtpAlertApi.credentials';
import { checkConnection } from '../../nodes/AlertEmail/smtp/connectionCheck';
import { startHttpProxy, startSocks5Proxy } from '../helpers/proxies';
import type { TestProxy } from '../helpers/proxies';
import { startSmtpServer, TEST_AUTH_CODE, TEST_USER } from '../helpers/smtpServer';
import type { ServerSecurity, TestSmtpServer } from '../helpers/smtpServer';

type Mode = ServerSecurity;

/** What each preset must resolve to with Port 0, from the providers' published settings (docs/credential.md, Providers). */
const EXPECTED: Array<[provider: string, mode: Mode, host: string, port: number]> = [
	['qq', 'ssl', 'smtp.qq.com', 465],
	['qq', 'starttls', 'smtp.qq.com', 587],
	['qqEnterprise', 'ssl', 'smtp.exmail.qq.com', 465],
	['163', 'ssl', 'smtp.163.com', 465],
	['163', 'starttls', 'smtp.163.com', 25],
	['163', 'none', 'smtp.163.com', 25],
	['126', 'ssl', 'smtp.126.com', 465],
	['126', 'starttls', 'smtp.126.com', 25],
	['126', 'none', 'smtp.126.com', 25],
	['yeah', 'ssl', 'smtp.yeah.net', 465],
	['yeah', 'starttls', 'smtp.yeah.net', 25],
	['yeah', 'none', 'smtp.yeah.net', 25],
	['aliyun', 'ssl', 'smtp.aliyun.com', 465],
	['aliyun', 'none', 'smtp.aliyun.com', 25],
	['gmail', 'ssl', 'smtp.gmail.com', 465],
	['gmail', 'starttls', 'smtp.gmail.com', 587],
	['outlook', 'starttls', 'smtp.office365.com', 587],
];

describe('provider presets against loopback servers', () => {
	const servers = {} as Record<Mode, TestSmtpServer>;
	const proxies = {} as Record<Mode, TestProxy>;
	let httpToSsl: TestProxy;

	beforeAll(async () => {
		for (const mode of ['ssl', 'starttls', 'none'] as const) {
			servers[mode] = await startSmtpServer({ security: mode });
			proxies[mode] = await startSocks5Proxy({ redirectTo: { host: servers[mode].host, port: servers[mode].port } });
		}
		httpToSsl = await startHttpProxy({ redirectTo: { host: servers.ssl.host, port: servers.ssl.port } });
	});
	afterAll(async () => {
		await Promise.all([...Object.values(proxies), httpToSsl].map((proxy) => proxy.close()));
		await Promise.all(Object.values(servers).map((server) => server.close()));
	});

	let lookups: jest.SpyInstance[];
	beforeEach(() => {
		const refuse = () => {
			throw new Error('DNS must not be used in this test');
		};
		lookups = [
			jest.spyOn(dns, 'lookup').mockImplementation(refuse),
			jest.spyOn(dns.Resolver.prototype, 'resolve4').mockImplementation(refuse),
			jest.spyOn(dns.Resolver.prototype, 'resolve6').mockImplementation(refuse),
		];
	});
	afterEach(() => {
		for (const spy of lookups) expect(spy).not.toHaveBeenCalled();
		jest.restoreAllMocks();
	});

	/** A preset credential as a user makes it: provider, Port 0, a mode, the code; routed through `proxy`. */
	const presetCredential = (provider: string, security: Mode, proxy: TestProxy, overrides: Record<string, unknown> = {}) => ({
		...servers[security].credential({ provider, host: 'ignored-for-presets.example', port: 0, security }),
		// The server's certificate is for localhost, not for the provider's name asked for via SNI.
		allowUnauthorizedCerts: true,
		...proxy.credentialFields(),
		...overrides,
	});

	it.each(EXPECTED)('%s with %s reaches %s:%d', async (provider, mode, host, port) => {
		const proxy = proxies[mode];
		const tunnels = proxy.tunnels.length;
		const result = await checkConnection(presetCredential(provider, mode, proxy));

		expect(result).toEqual({ ok: true, message: expect.stringContaining(`Connected and logged in to ${host}:${port}`) });
		expect(proxy.tunnels.slice(tunnels).map((tunnel) => tunnel.destination)).toEqual([`${host}:${port}`]);
		const login = servers[mode].authAttempts.at(-1);
		expect(login).toMatchObject({ username: TEST_USER, accepted: true, secure: mode !== 'none' });
		expect(login?.servername).toBe(mode === 'none' ? undefined : host);
	});

	it("a QQ credential with a port override keeps QQ's host and the chosen security", async () => {
		const tunnels = httpToSsl.tunnels.length;
		const result = await checkConnection(presetCredential('qq', 'ssl', httpToSsl, { port: 2465 }));

		expect(result).toEqual({
			ok: true,
			message: expect.stringContaining('Connected and logged in to smtp.qq.com:2465 (SSL/TLS) via http proxy'),
		});
		expect(httpToSsl.tunnels.slice(tunnels).map((tunnel) => tunnel.destination)).toEqual(['smtp.qq.com:2465']);
		expect(servers.ssl.authAttempts.at(-1)).toMatchObject({ servername: 'smtp.qq.com', secure: true });
	});

	it("names the preset's own ports when the mode does not fit the port", async () => {
		// STARTTLS asked for, but QQ's 587 here is (redirected to) an implicit-TLS server.
		const result = await checkConnection(presetCredential('qq', 'starttls', proxies.ssl), { tlsProbeAfterMs: 100 });

		expect(result.ok).toBe(false);
		expect(result.message).toContain('Set Security to "SSL/TLS" for port 587; QQ Mail serves SSL/TLS on port 465 or STARTTLS on port 587.');
	});

	it('tells a 163 user where 163 hands out the authorization code', async () => {
		const result = await checkConnection(presetCredential('163', 'ssl', proxies.ssl, { password: 'my-163-login-password' }));

		expect(result.ok).toBe(false);
		expect(result.message).toContain('authorization code');
		expect(result.message).toContain('163 Mail (web) → Settings → "POP3/SMTP/IMAP"');
		expect(result.message).not.toContain('my-163-login-password');
	});

	it('refuses a mode the provider does not serve, naming the ones it does', async () => {
		const result = await checkConnection(presetCredential('qqEnterprise', 'starttls', proxies.starttls));
		expect(result).toEqual({
			ok: false,
			message:
				'Security "STARTTLS" is not served by QQ Enterprise Mail (Tencent Exmail). Choose SSL/TLS on port 465, or set Port yourself.',
		});
	});

	it('a new Outlook credential, Security left as n8n fills it in, logs in with STARTTLS on 587', async () => {
		// What n8n's credential dialog saves and the engine reads back: every field at its default but these.
		const typed = {
			provider: 'outlook',
			user: TEST_USER,
			password: TEST_AUTH_CODE,
			allowUnauthorizedCerts: true,
			...proxies.starttls.credentialFields(),
		};
		const credential = NodeHelpers.getNodeParameters(new SmtpAlertApi().properties, typed, true, false, null, null);
		const tunnels = proxies.starttls.tunnels.length;
		const result = await checkConnection(credential as never);

		expect(result).toEqual({ ok: true, message: expect.stringContaining('Connected and logged in to smtp.office365.com:587 (STARTTLS)') });
		expect(proxies.starttls.tunnels.slice(tunnels).map((tunnel) => tunnel.destination)).toEqual(['smtp.office365.com:587']);
		expect(servers.starttls.authAttempts.at(-1)).toMatchObject({ secure: true, servername: 'smtp.office365.com' });
	});
});
