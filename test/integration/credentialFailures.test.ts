/**
 * Every failure the connection test translates, produced by real servers on loopback (smtp-server,
 * or a raw socket where the bytes must be exact), each with the hint the user needs. No message
 * may carry the authorization code, in any form it travels in.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

import { checkConnection, CHECK_TUNING } from '../../nodes/AlertEmail/smtp/connectionCheck';
import type { TransportTuning } from '../../nodes/AlertEmail/smtp/transport';
import { testCredential } from '../helpers/credentialTest';
import { expectNoSecret } from '../helpers/secrets';
import { startSmtpServer, TEST_AUTH_CODE, TEST_USER } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

// Same proportions as CHECK_TUNING: the idle-socket timer runs longer than the greeting timer.
const SHORT: TransportTuning = { ...CHECK_TUNING, connectionTimeoutMs: 400, greetingTimeoutMs: 400, socketTimeoutMs: 800 };

/** A raw SMTP server speaking just enough to reach AUTH, which it answers with `authReply` as bytes. */
async function startRawAuthServer(authReply: Buffer): Promise<net.Server> {
	const server = net.createServer((socket) => {
		socket.write('220 raw.test ESMTP\r\n');
		let buffered = '';
		socket.on('data', (chunk) => {
			buffered += chunk.toString('latin1');
			let end: number;
			while ((end = buffered.indexOf('\r\n')) >= 0) {
				const line = buffered.slice(0, end);
				buffered = buffered.slice(end + 2);
				if (/^EHLO /i.test(line)) socket.write('250-raw.test\r\n250 AUTH PLAIN\r\n');
				else if (/^AUTH /i.test(line)) socket.write(authReply);
				else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
				else socket.write('502 not here\r\n');
			}
		});
		socket.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return server;
}

const portOf = (server: net.Server) => (server.address() as AddressInfo).port;
const closeServer = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('connection test failures', () => {
	let qq: TestSmtpServer;
	let netease: TestSmtpServer;

	beforeAll(async () => {
		qq = await startSmtpServer({ security: 'ssl' });
		netease = await startSmtpServer({ security: 'ssl', authFailure: { code: 535, message: 'Error: authentication failed' } });
	});
	afterAll(() => Promise.all([qq.close(), netease.close()]));

	it("translates QQ's 535 into the authorization-code hint", async () => {
		const wrong = 'qq-login-password-123';
		const result = await testCredential(qq.credential({ password: wrong }));

		expect(result.status).toBe('Error');
		expect(result.message).toContain(`Login failed (127.0.0.1:${qq.port}): 535 Login fail. Account is abnormal, service is not open`);
		expect(result.message).toContain(
			'most providers want the SMTP authorization code (授权码) or an app password here, not the login password',
		);
		expectNoSecret(result.message, wrong, TEST_USER);
	});

	it('translates 163\'s "535 Error: authentication failed" the same way', async () => {
		const result = await testCredential(netease.credential({ password: 'netease-login-password' }));

		expect(result.status).toBe('Error');
		expect(result.message).toContain('535 Error: authentication failed');
		expect(result.message).toMatch(/authorization code/);
		expectNoSecret(result.message, 'netease-login-password', TEST_USER);
	});

	it('says the SMTP service is off when 163 answers the login with "550 User has no permission"', async () => {
		// 163 sends it as the reply to AUTH (Python's smtplib raises it from login():
		// testerSunshine/12306#62), so the test catches it without sending any mail.
		netease.rejectLogin = () => ({ code: 550, message: 'User has no permission' });
		try {
			const result = await testCredential(netease.credential());
			expect(result.status).toBe('Error');
			expect(result.message).toContain('The mailbox may not send over SMTP');
			expect(result.message).toContain('550 User has no permission');
			expect(result.message).toContain('Turn on the SMTP service in the mailbox settings');
			expect(netease.messages).toHaveLength(0);
		} finally {
			netease.rejectLogin = undefined;
		}
	});

	it('decodes a GBK reply instead of showing mojibake', async () => {
		const reply = Buffer.concat([
			Buffer.from('535 Error: '),
			gbk('请使用授权码登录。详情请看: '),
			Buffer.from('http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256\r\n'),
		]);
		const server = await startRawAuthServer(reply);
		try {
			const result = await testCredential(qq.credential({ port: portOf(server), security: 'none', allowUnauthorizedCerts: false }));
			expect(result.status).toBe('Error');
			expect(result.message).toContain('535 Error: 请使用授权码登录。详情请看: http://service.mail.qq.com/');
			expect(result.message).toMatch(/authorization code/);
			expect(result.message).not.toMatch(/[\u0080-\u00ff\ufffd]/);
		} finally {
			await closeServer(server);
		}
	});

	it('blanks the code out of a reply that echoes the login back', async () => {
		const plain = Buffer.from(`\0${TEST_USER}\0${TEST_AUTH_CODE}`).toString('base64');
		const server = await startRawAuthServer(Buffer.from(`535 5.7.8 bad credentials ${plain} (${TEST_AUTH_CODE})\r\n`));
		try {
			const result = await testCredential(qq.credential({ port: portOf(server), security: 'none' }));
			expect(result.status).toBe('Error');
			expect(result.message).toContain('535 5.7.8 bad credentials *** (***)');
			expectNoSecret(result.message, TEST_AUTH_CODE, TEST_USER);
		} finally {
			await closeServer(server);
		}
	});

	describe('timeouts, bounded by the configured values', () => {
		let silent: net.Server;
		const sockets = new Set<net.Socket>();
		beforeAll(async () => {
			// Accepts connections and never says a word, like a port a firewall half-opens.
			silent = net.createServer((socket) => {
				sockets.add(socket);
				socket.on('error', () => undefined);
			});
			await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		});
		afterAll(() => {
			for (const socket of sockets) socket.destroy();
			return closeServer(silent);
		});

		it('SSL/TLS: no TLS answer in time', async () => {
			const started = Date.now();
			const result = await checkConnection(qq.credential({ port: portOf(silent) }), { tuning: SHORT });
			const elapsed = Date.now() - started;

			expect(result.ok).toBe(false);
			expect(result.message).toContain(`No answer from 127.0.0.1:${portOf(silent)} in time`);
			expect(result.message).toContain('Many networks and clouds block outgoing SMTP ports');
			expect(elapsed).toBeLessThan(SHORT.connectionTimeoutMs + 1_000);
		});

		it('STARTTLS: connected but never greeted, and not a TLS port either', async () => {
			const started = Date.now();
			const result = await checkConnection(qq.credential({ port: portOf(silent), security: 'starttls' }), {
				tuning: SHORT,
				tlsProbeAfterMs: 100,
			});
			const elapsed = Date.now() - started;

			expect(result.ok).toBe(false);
			expect(result.message).toContain('accepted the connection but never greeted');
			expect(result.message).toContain('Set Security to "SSL/TLS"');
			expect(elapsed).toBeLessThan(SHORT.connectionTimeoutMs + 1_000);
		});
	});

	describe('a host name that does not resolve', () => {
		const host = 'smtp.no-such-host.invalid';
		let resolve4: jest.SpyInstance;
		let resolve6: jest.SpyInstance;
		let lookup: jest.SpyInstance;

		beforeEach(() => {
			// The resolver fails locally as a DNS server would: no query leaves this machine.
			const notFound = (name: string) => Object.assign(new Error(`queryA ENOTFOUND ${name}`), { code: dns.NOTFOUND, hostname: name });
			const fail = (name: string, callback: (error: Error) => void) => process.nextTick(callback, notFound(name));
			resolve4 = jest.spyOn(dns.Resolver.prototype, 'resolve4').mockImplementation(fail as never);
			resolve6 = jest.spyOn(dns.Resolver.prototype, 'resolve6').mockImplementation(fail as never);
			lookup = jest.spyOn(dns, 'lookup').mockImplementation(((name: string, _options: unknown, callback: (error: Error) => void) => {
				process.nextTick(callback, Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name }));
			}) as never);
		});
		afterEach(() => jest.restoreAllMocks());

		it('says the name could not be resolved and to check Host', async () => {
			const result = await testCredential(qq.credential({ host }));

			expect(resolve4).toHaveBeenCalledWith(host, expect.any(Function));
			expect(resolve6).toHaveBeenCalledWith(host, expect.any(Function));
			expect(lookup).toHaveBeenCalledWith(host, expect.anything(), expect.any(Function));
			expect(result.status).toBe('Error');
			expect(result.message).toContain(`The host name ${host} could not be resolved (DNS).`);
			expect(result.message).toContain('Check Host for typos');
		});
	});
});

/** GBK bytes of a Chinese text, as an old QQ server sends them. */
function gbk(text: string): Buffer {
	// Node has no GBK encoder; these are the GBK code points of the reply QQ used to send.
	const table: Record<string, number[]> = {
		请: [0xc7, 0xeb],
		使: [0xca, 0xb9],
		用: [0xd3, 0xc3],
		授: [0xca, 0xda],
		权: [0xc8, 0xa8],
		码: [0xc2, 0xeb],
		登: [0xb5, 0xc7],
		录: [0xc2, 0xbc],
		'。': [0xa1, 0xa3],
		详: [0xcf, 0xea],
		情: [0xc7, 0xe9],
		看: [0xbf, 0xb4],
	};
	return Buffer.from([...text].flatMap((char) => table[char] ?? [...Buffer.from(char, 'latin1')]));
}
