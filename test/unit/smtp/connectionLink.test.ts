/**
 * A link's end as its keepers see it (the session's set of links, the pool): every way a link
 * stops, including an open that never got a wire, calls its closed listeners.
 */
import { ConnectionLink } from '../../../nodes/AlertEmail/smtp/connectionLink';
import type { OpenWire } from '../../../nodes/AlertEmail/smtp/connectionLink';
import type { ConnectionSettings } from '../../../nodes/AlertEmail/smtp/connectionSettings';

const connection: ConnectionSettings = {
	provider: 'custom',
	host: 'smtp.example.com',
	port: 465,
	security: 'ssl',
	user: 'alerts@example.com',
	password: 'authcode-4f2a9c',
	allowUnauthorizedCerts: false,
	minTlsVersion: 'TLSv1.2',
	proxy: { type: 'socks5', host: '127.0.0.1', port: 1080 },
};

describe('ConnectionLink', () => {
	it('ends when its wire could not be opened (the proxy failed), so nothing keeps it', async () => {
		const noWire: OpenWire = (done) =>
			setImmediate(() => done(Object.assign(new Error('Socks5 proxy rejected connection'), { code: 'ESOCKET' })));
		const link = new ConnectionLink(connection, 1_000, noWire, {}, true);
		const closed = jest.fn();
		link.onClosed(closed);
		await expect(link.open()).rejects.toThrow('Socks5 proxy rejected connection');
		expect(closed).toHaveBeenCalledTimes(1);
		expect(link.alive).toBe(false);
		// Ended already: a later quit resolves at once.
		await expect(link.quit()).resolves.toBeUndefined();
	});
});
