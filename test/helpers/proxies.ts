/**
 * Real proxies on 127.0.0.1: an HTTP CONNECT proxy (the `proxy` package, v1) and a SOCKS5 server
 * (@pondwader/socks5-server). Either can require a user and password. Each records every tunnel it
 * opened: the destination the client asked for and the local port of the proxy's own connection
 * to the target, so a test can prove the SMTP server's peer was the proxy, not the client. With
 * `redirectTo`, every tunnel lands on one test server whatever host the client asked for, so a
 * preset's real name (smtp.qq.com:465) reaches a loopback server without any DNS lookup.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';

import { createServer as createSocksServer, defaultConnectionHandler } from '@pondwader/socks5-server';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- proxy@1 is CommonJS without types
const setupHttpProxy = require('proxy') as (server: http.Server) => http.Server & ProxyHooks;

interface ProxyHooks {
	/** proxy@1's hook: called for every request before the tunnel opens. */
	authenticate?: (request: http.IncomingMessage, done: (error: Error | null, allowed: boolean) => void) => void;
}

export type ProxyKind = 'http' | 'socks5';

export interface ProxyOptions {
	/** When set, the proxy requires exactly this login. */
	auth?: { user: string; password: string };
	/** Open every tunnel to this address instead of the one asked for (the request is still recorded). */
	redirectTo?: { host: string; port: number };
}

export interface Tunnel {
	/** "host:port" as the client asked for it. */
	destination: string;
	/** The local port of the proxy's connection to the target, once connected. */
	outboundPort?: number;
}

export class TestProxy {
	readonly tunnels: Tunnel[] = [];
	/** Requests turned away for a missing or wrong login. */
	refusedLogins = 0;
	private readonly sockets = new Set<Socket>();

	constructor(
		readonly kind: ProxyKind,
		private readonly server: Server,
		readonly auth?: ProxyOptions['auth'],
	) {
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.once('close', () => this.sockets.delete(socket));
		});
	}

	get host(): string {
		return '127.0.0.1';
	}

	get port(): number {
		return (this.server.address() as AddressInfo).port;
	}

	/** The ports a server behind this proxy sees its peers on: the proxy's own connections. */
	get outboundPorts(): number[] {
		return this.tunnels.flatMap((tunnel) => (tunnel.outboundPort === undefined ? [] : [tunnel.outboundPort]));
	}

	/** Credential fields that route through this proxy with its login; override any of them. */
	credentialFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
		return {
			proxyType: this.kind,
			proxyHost: this.host,
			proxyPort: this.port,
			proxyUser: this.auth?.user ?? '',
			proxyPassword: this.auth?.password ?? '',
			...overrides,
		};
	}

	close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		return new Promise((resolve) => this.server.close(() => resolve()));
	}
}

function listen(server: Server): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
}

/** Records the local port of the next client socket Node opens while `open` runs synchronously. */
function catchOutboundSocket(tunnel: Tunnel, open: () => void): void {
	const onSocket = (message: unknown) => {
		const { socket } = message as { socket: Socket };
		socket.once('connect', () => {
			tunnel.outboundPort = socket.localPort;
		});
	};
	diagnosticsChannel.subscribe('net.client.socket', onSocket);
	try {
		open();
	} finally {
		diagnosticsChannel.unsubscribe('net.client.socket', onSocket);
	}
}

export async function startHttpProxy(options: ProxyOptions = {}): Promise<TestProxy> {
	const server = setupHttpProxy(http.createServer());
	const proxy = new TestProxy('http', server, options.auth);
	const expected = options.auth ? `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}` : undefined;
	server.authenticate = (request, done) => {
		if (expected && request.headers['proxy-authorization'] !== expected) {
			proxy.refusedLogins++;
			return done(null, false);
		}
		const tunnel: Tunnel = { destination: request.url ?? '' };
		proxy.tunnels.push(tunnel);
		// proxy@1 reads the target from the request line after this hook.
		if (options.redirectTo) request.url = `${options.redirectTo.host}:${options.redirectTo.port}`;
		// proxy@1 connects to the target synchronously inside done().
		catchOutboundSocket(tunnel, () => done(null, true));
	};
	await listen(server);
	return proxy;
}

export async function startSocks5Proxy(options: ProxyOptions = {}): Promise<TestProxy> {
	const socks = createSocksServer();
	// The library keeps its net.Server private; the tests need its port and its sockets.
	const server = (socks as unknown as { server: Server }).server;
	const proxy = new TestProxy('socks5', server, options.auth);
	const auth = options.auth;
	if (auth) {
		socks.setAuthHandler((connection) => {
			const allowed = connection.username === auth.user && connection.password === auth.password;
			if (!allowed) proxy.refusedLogins++;
			return allowed;
		});
	}
	socks.setConnectionHandler((connection, sendStatus) => {
		const tunnel: Tunnel = { destination: `${connection.destAddress}:${connection.destPort}` };
		proxy.tunnels.push(tunnel);
		if (options.redirectTo) {
			connection.destAddress = options.redirectTo.host;
			connection.destPort = options.redirectTo.port;
		}
		const target = defaultConnectionHandler(connection, sendStatus);
		target?.once('connect', () => {
			tunnel.outboundPort = target.localPort;
		});
	});
	await listen(server);
	return proxy;
}
