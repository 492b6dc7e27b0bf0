/**
 * A shared session takes the latest execution's Connection Timeout (retune), also for the proxy's
 * handshake, which nodemailer times with the mailer's own options. A proxy that accepts the TCP
 * connection and then says nothing must fail the attempt after the new timeout, not the old one.
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';

import type { ConnectionSettings } from '../../nodes/AlertEmail/smtp/connectionSettings';
import { DEFAULT_TUNING, SmtpSession } from '../../nodes/AlertEmail/smtp/transport';

describe('a retuned session behind a proxy that never answers', () => {
	let proxy: Server;
	const sockets: Socket[] = [];
	beforeAll(async () => {
		proxy = createServer((socket) => sockets.push(socket));
		await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
	});
	afterAll(async () => {
		for (const socket of sockets) socket.destroy();
		await new Promise((resolve) => proxy.close(resolve));
	});

	it.each(['http', 'socks5'] as const)('%s: gives up after the Connection Timeout it was retuned to', async (type) => {
		const connection: ConnectionSettings = {
			provider: 'custom',
			host: 'smtp.example.com',
			port: 465,
			security: 'ssl',
			user: '',
			password: '',
			allowUnauthorizedCerts: false,
			minTlsVersion: 'TLSv1.2',
			proxy: { type, host: '127.0.0.1', port: (proxy.address() as AddressInfo).port },
		};
		const session = new SmtpSession(connection, { ...DEFAULT_TUNING, connectionTimeoutMs: 60_000 });
		const retuned = { ...DEFAULT_TUNING, connectionTimeoutMs: 300, greetingTimeoutMs: 300 };
		session.retune(retuned, undefined);
		const startedAt = Date.now();
		let timer: NodeJS.Timeout | undefined;
		const outcome = await Promise.race([
			session.verify().then(
				() => 'connected',
				() => 'failed',
			),
			new Promise<string>((resolve) => {
				timer = setTimeout(() => resolve('still waiting'), 5_000);
			}),
		]);
		clearTimeout(timer);
		await session.close();
		expect(outcome).toBe('failed');
		expect(Date.now() - startedAt).toBeLessThan(5_000);
	});
});
