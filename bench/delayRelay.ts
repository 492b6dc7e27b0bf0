/**
 * A TCP relay on 127.0.0.1 that adds round-trip time in front of the bench SMTP server: every chunk
 * is held for `oneWayDelayMs` in each direction (25 ms each way: 50 ms added RTT), in order. It
 * relays bytes, not SMTP: TLS runs end to end through it, and the server still counts each client
 * connection once (one upstream connection per client connection).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface DelayRelay {
	readonly port: number;
	/** Added round trip, ms. */
	readonly rttMs: number;
	close(): Promise<void>;
}

const END = Symbol('end');
type Held = { due: number; chunk: Buffer | typeof END };

/**
 * Writes what arrives on `from` to `to`, each chunk `delayMs` after it arrived. One timer per
 * direction, for the oldest held chunk; chunks leave strictly in the order they came.
 */
function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number): void {
	const held: Held[] = [];
	let timer: NodeJS.Timeout | undefined;
	const flush = () => {
		timer = undefined;
		const now = performance.now();
		while (held.length > 0 && held[0].due <= now) {
			const { chunk } = held.shift() as Held;
			if (to.destroyed) return;
			if (chunk === END) to.end();
			else to.write(chunk);
		}
		schedule();
	};
	const schedule = () => {
		if (timer || held.length === 0) return;
		timer = setTimeout(flush, Math.max(0, held[0].due - performance.now()));
	};
	const hold = (chunk: Buffer | typeof END) => {
		held.push({ due: performance.now() + delayMs, chunk });
		schedule();
	};
	let ended = false;
	from.on('data', (chunk: Buffer) => hold(chunk));
	from.on('end', () => {
		ended = true;
		hold(END);
	});
	from.on('close', () => {
		// A clean end waits its turn behind the data; a reset travels at once.
		if (ended) return;
		clearTimeout(timer);
		held.length = 0;
		to.destroy();
	});
}

export async function startDelayRelay(target: { host: string; port: number }, oneWayDelayMs = 25): Promise<DelayRelay> {
	const sockets = new Set<net.Socket>();
	const track = (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		socket.setNoDelay(true);
	};
	const server = net.createServer({ allowHalfOpen: true }, (client) => {
		const upstream = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
		track(client);
		track(upstream);
		delayedPipe(client, upstream, oneWayDelayMs);
		delayedPipe(upstream, client, oneWayDelayMs);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	return {
		port: (server.address() as AddressInfo).port,
		rttMs: 2 * oneWayDelayMs,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
