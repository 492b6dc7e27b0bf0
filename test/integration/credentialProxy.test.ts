/**
 * The credential test and the node's sending, through a real HTTP CONNECT proxy and a real SOCKS5
 * server on loopback, with and without a login. The SMTP server must see the proxy's connection
 * (its peer port is one the proxy opened), never a direct one from the client.
 */
import { testCredential } from '../helpers/credentialTest';
import { expectNoSecret } from '../helpers/secrets';
import { runAlertWorkflow } from '../helpers/engine';
import { closedPort } from '../helpers/ports';
import { startHttpProxy, startSocks5Proxy } from '../helpers/proxies';
import type { ProxyKind, ProxyOptions, TestProxy } from '../helpers/proxies';
import { startSmtpServer, TEST_AUTH_CODE, TEST_USER } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

const start: Record<ProxyKind, (options?: ProxyOptions) => Promise<TestProxy>> = {
	http: startHttpProxy,
	socks5: startSocks5Proxy,
};

// Characters that must survive URL encoding on the way to the proxy.
const PROXY_LOGIN = { user: 'n8n proxy@corp', password: 'p@ss:w/rd%25 #1' };

describe.each<ProxyKind>(['http', 'socks5'])('through a %s proxy', (kind) => {
	let server: TestSmtpServer;
	let open: TestProxy;
	let guarded: TestProxy;

	beforeAll(async () => {
		server = await startSmtpServer({ security: 'ssl' });
		open = await start[kind]();
		guarded = await start[kind]({ auth: PROXY_LOGIN });
	});
	afterAll(async () => {
		await Promise.all([open.close(), guarded.close()]);
		await server.close();
	});

	/** Every connection the SMTP server saw since `from` came from one of the proxy's own sockets. */
	function expectOnlyProxiedPeers(proxy: TestProxy, from: number) {
		const peers = server.peers.slice(from).map((peer) => peer.port);
		expect(peers.length).toBeGreaterThan(0);
		expect(proxy.outboundPorts).toEqual(expect.arrayContaining(peers));
	}

	it.each([
		['without a login', () => open],
		['with a login', () => guarded],
	])('the credential test connects and logs in %s', async (_label, proxy) => {
		const peersBefore = server.peers.length;
		const tunnelsBefore = proxy().tunnels.length;
		const result = await testCredential(server.credential(proxy().credentialFields()));

		expect(result).toEqual({ status: 'OK', message: expect.stringContaining('Connected and logged in') });
		expect(result.message).toContain(`via ${kind} proxy 127.0.0.1:${proxy().port}`);
		expect(
			proxy()
				.tunnels.slice(tunnelsBefore)
				.map((tunnel) => tunnel.destination),
		).toEqual([`127.0.0.1:${server.port}`]);
		expectOnlyProxiedPeers(proxy(), peersBefore);
		expect(server.authAttempts.at(-1)).toMatchObject({ username: TEST_USER, accepted: true, secure: true });
		expectNoSecret(result.message, PROXY_LOGIN.password, PROXY_LOGIN.user);
	});

	it('the node sends every alert through the proxy', async () => {
		const peersBefore = server.peers.length;
		const messagesBefore = server.messages.length;
		const result = await runAlertWorkflow({
			parameters: { toEmail: 'oncall@example.com', subjectPrefix: '[Proxy]' },
			credential: server.credential(guarded.credentialFields()),
			items: [
				{ title: 'Disk full', severity: 'critical' },
				{ title: 'CPU hot', severity: 'warning' },
			],
		});

		expect(result.error).toBeUndefined();
		expect(result.sent).toHaveLength(2);
		const received = server.messages.slice(messagesBefore);
		expect(received.map((mail) => mail.parsed.subject).sort()).toEqual(['[Proxy] [CRITICAL] Disk full', '[Proxy] [WARNING] CPU hot']);
		expectOnlyProxiedPeers(guarded, peersBefore);
		expect(guarded.outboundPorts).toEqual(expect.arrayContaining(received.map((mail) => mail.remotePort)));
	});

	it('the node reports a refused proxy login per item, without the proxy password', async () => {
		const wrong = 'wrong-proxy-secret-77';
		const result = await runAlertWorkflow({
			parameters: { toEmail: 'oncall@example.com' },
			credential: server.credential(guarded.credentialFields({ proxyPassword: wrong })),
			items: [{ title: 'Disk full', severity: 'critical' }],
			onError: 'continueErrorOutput',
		});

		const output = JSON.stringify([result.sent, result.errors, result.error?.message, result.error?.description]);
		expect(output).toContain('refused the login');
		expectNoSecret(output, wrong, PROXY_LOGIN.user);
		expectNoSecret(output, TEST_AUTH_CODE, TEST_USER);
	});

	it('says the proxy refused the login, and never shows the proxy password', async () => {
		const wrong = 'wrong-proxy-secret-42';
		const refusedBefore = guarded.refusedLogins;
		const result = await testCredential(server.credential(guarded.credentialFields({ proxyPassword: wrong })));

		expect(result.status).toBe('Error');
		expect(result.message).toContain(`${kind} proxy 127.0.0.1:${guarded.port} refused the login`);
		expect(result.message).toContain('Check Proxy User and Proxy Password');
		expect(guarded.refusedLogins).toBe(refusedBefore + 1);
		expectNoSecret(result.message, wrong, PROXY_LOGIN.user);
		expectNoSecret(result.message, TEST_AUTH_CODE, TEST_USER);
	});

	it('says the proxy wants a login when none is given', async () => {
		const result = await testCredential(server.credential(guarded.credentialFields({ proxyUser: '', proxyPassword: '' })));

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(new RegExp(`${kind} proxy 127\\.0\\.0\\.1:${guarded.port} (refused the login|requires a login)`));
		expect(result.message).toContain('Check Proxy User and Proxy Password');
	});

	it('says the proxy itself refused the connection, naming the proxy and not the mail server', async () => {
		const port = await closedPort();
		const result = await testCredential(server.credential(open.credentialFields({ proxyPort: port })));

		expect(result.status).toBe('Error');
		expect(result.message).toContain(`Could not reach the ${kind} proxy 127.0.0.1:${port}: connection refused.`);
		expect(result.message).toContain('Check Proxy Host and Proxy Port');
	});

	it('says the proxy could not reach the mail server when the mail server refuses the tunnel', async () => {
		const port = await closedPort();
		const result = await testCredential(server.credential({ ...open.credentialFields(), port }));

		expect(result.status).toBe('Error');
		expect(result.message).toContain(
			`The ${kind} proxy 127.0.0.1:${open.port} could not open a tunnel to the mail server 127.0.0.1:${port}`,
		);
	});
});
