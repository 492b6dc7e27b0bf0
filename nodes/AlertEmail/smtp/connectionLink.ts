/**
 * One SMTP session (a "link" of the pool, smtp/linkPool.ts) over a wire: nodemailer's
 * SMTPConnection, which smtp/transport.ts opens (directly or through a proxy). The session's rules
 * live here:
 * - "logged in" is a fact: a session that was asked to log in either did, or fails saying why
 *   (a plain-text port that offers the login only after STARTTLS is named as such);
 * - every session that can still hear us ends with QUIT: after a refused login, when idle, on close;
 *   a refused mail is followed by RSET, and the session goes on.
 */
import type { Readable } from 'node:stream';

import type { ConnectionSettings } from './connectionSettings';
import { STALE_LINK } from './linkPool';
import type { SmtpLink } from './linkPool';
import { redactError } from './redactSecrets';

/** How the pool and its connections behave. Retries and the rate limit live in the delivery layer. */
export interface TransportTuning {
	/** Parallel SMTP connections, each logged in once. */
	maxConnections: number;
	connectionTimeoutMs: number;
	greetingTimeoutMs: number;
	socketTimeoutMs: number;
}

export const DEFAULT_TUNING: TransportTuning = {
	maxConnections: 2,
	connectionTimeoutMs: 10_000,
	greetingTimeoutMs: 10_000,
	socketTimeoutMs: 30_000,
};

/** What the server said about a mail (nodemailer's send info). */
export interface WireInfo {
	accepted: Array<string | { address: string }>;
	rejected: Array<string | { address: string }>;
	rejectedErrors?: unknown[];
	response: string;
}

/** The part of nodemailer's SMTPConnection a link uses. */
export interface SmtpWire {
	readonly allowsAuth: boolean;
	readonly lastServerResponse: string | false;
	readonly destroyed: boolean;
	on(event: 'error', listener: (error: Error) => void): unknown;
	once(event: 'end', listener: () => void): unknown;
	connect(callback: (error?: Error) => void): void;
	login(auth: { user: string; pass: string }, callback: (error: Error | null) => void): void;
	send(envelope: { from: string | false; to: string[] }, message: Readable, callback: (error: Error | null, info?: WireInfo) => void): void;
	reset(callback: (error: Error | null) => void): void;
	quit(): void;
	close(): void;
	/** Idle: the socket must not keep the process alive. */
	setIdle(idle: boolean): void;
}

/** Opens a wire to the server (through the proxy when set); the wire connects when asked. */
export type OpenWire = (done: (error: Error | null, wire?: SmtpWire) => void) => void;

/** What the pool sends: nodemailer's envelope and a fresh stream of the composed message for each attempt. */
export interface LinkMessage {
	envelope: { from: string | false; to: string[] };
	stream: () => Readable;
}

export interface LinkOptions {
	/**
	 * With a User set, refuse a session that did not log in, also on a plain-text relay that offers
	 * no login at all (the credential test: it must never say "logged in" without a login). Sends
	 * leave it off, so such a relay takes mail as it always did.
	 */
	requireLogin?: boolean;
}

type SmtpError = Error & { code?: string; command?: string; responseCode?: number; response?: string };

function loginError(message: string): SmtpError {
	return Object.assign(new Error(message), { code: 'EAUTH', command: 'AUTH' });
}

/** nodemailer's transient failures: the server closed the connection (421), or the socket did. */
const isTransient = (error: SmtpError) =>
	error.responseCode === 421 || error.code === 'ECONNECTION' || error.code === 'ESOCKET' || error.code === 'ETIMEDOUT';

export class ConnectionLink implements SmtpLink {
	private wire?: SmtpWire;
	private ended = false;
	private quitting = false;
	private readonly closedListeners: Array<() => void> = [];

	constructor(
		private readonly connection: ConnectionSettings,
		private readonly socketTimeoutMs: number,
		private readonly openWire: OpenWire,
		private readonly options: LinkOptions,
		/** Owned by the session's pool, which ends it; otherwise (a verification) the session does. */
		readonly pooled: boolean,
	) {}

	get alive(): boolean {
		return !this.ended && this.wire !== undefined && !this.quitting;
	}

	/** The server has said something (its greeting at least): it speaks SMTP on this port. */
	get greeted(): boolean {
		return typeof this.wire?.lastServerResponse === 'string';
	}

	onClosed(listener: () => void): void {
		if (this.ended) listener();
		else this.closedListeners.push(listener);
	}

	setIdle(idle: boolean): void {
		this.wire?.setIdle(idle);
	}

	open(): Promise<void> {
		return new Promise((resolve, reject) => {
			let settled = false;
			const settle = (error?: unknown) => {
				if (settled) return;
				settled = true;
				if (error) reject(redactError(error, this.connection));
				else resolve();
			};
			this.openWire((error, wire) => {
				if (error || !wire) {
					// No wire (the proxy refused or failed): the link ended here, and whoever keeps it must let it go.
					this.markEnded();
					return settle(error ?? new Error('Connection closed'));
				}
				if (this.quitting) {
					wire.close();
					return settle(new Error('Connection closed'));
				}
				this.wire = wire;
				// Errors while idle (the server dropped us) end the link; errors of a send reach its callback too.
				wire.on('error', (failure) => settle(failure));
				wire.once('end', () => {
					this.markEnded();
					settle(new Error('Connection closed'));
				});
				wire.connect((failure) => {
					if (failure) return settle(failure);
					this.logIn(wire).then(
						() => settle(),
						(refused) => {
							settle(refused);
							// The session is still up after a refused login: say goodbye instead of dropping it.
							void this.quit();
						},
					);
				});
			});
		});
	}

	/**
	 * Over TLS the login is tried even when AUTH is not advertised, so a missing login is a refused
	 * one. In plain text the code is never sent unasked: a server that offers STARTTLS but no AUTH
	 * wants TLS first (Postfix's submission port), which is what the user must be told.
	 */
	private logIn(wire: SmtpWire): Promise<void> {
		const { user, password, security } = this.connection;
		if (!user) return Promise.resolve();
		if (!wire.allowsAuth && security === 'none') {
			// Right after connecting, the last reply is the EHLO answer with the server's keywords.
			if (/^250[ -]STARTTLS\b/im.test(String(wire.lastServerResponse))) {
				return Promise.reject(
					loginError('it offers the login (AUTH) only after STARTTLS, not in plain text, so the Authorization Code was not sent'),
				);
			}
			if (this.options.requireLogin) return Promise.reject(loginError('The server offers no login (AUTH) on this connection'));
			return Promise.resolve();
		}
		return new Promise((resolve, reject) => wire.login({ user, pass: password }, (error) => (error ? reject(error) : resolve())));
	}

	send(message: LinkMessage): Promise<WireInfo> {
		const wire = this.wire;
		if (!wire || !this.alive)
			return Promise.reject(Object.assign(new Error('Connection closed'), { code: 'ECONNECTION', [STALE_LINK]: true }));
		return new Promise((resolve, reject) => {
			const stream = message.stream();
			// SMTPConnection writes its state (accepted, rejected, errors) into the envelope it is given:
			// every attempt gets a copy, or a retry would fail with the last attempt's error.
			const envelope = { from: message.envelope.from, to: [...message.envelope.to] };
			wire.send(envelope, stream, (error, info) => {
				if (!error) return resolve(info as WireInfo);
				const failure = error as SmtpError;
				// Nothing of the mail was read: the server had closed the session before it started.
				if (isTransient(failure) && !stream.readableDidRead) Object.assign(failure, { [STALE_LINK]: true });
				stream.destroy();
				const refusedHere = (failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE') && failure.responseCode !== 421;
				if (!refusedHere || !this.alive) {
					this.abandon(wire);
					return reject(failure);
				}
				// The server refused this mail, not the session: RSET and keep the connection.
				wire.reset((resetError) => {
					if (resetError) this.abandon(wire);
					reject(failure);
				});
			});
		});
	}

	/** The session is unusable: no task may get it while its socket closes. */
	private abandon(wire: SmtpWire): void {
		this.quitting = true;
		wire.close();
	}

	quit(): Promise<void> {
		if (this.ended) return Promise.resolve();
		const wire = this.wire;
		const closed = new Promise<void>((resolve) => this.onClosed(resolve));
		if (!wire) {
			this.quitting = true;
			this.markEnded();
			return closed;
		}
		if (!this.quitting) {
			this.quitting = true;
			// QUIT where the session can hear it; before the greeting, or on a broken socket, just close.
			if (this.greeted && !wire.destroyed) wire.quit();
			else wire.close();
			// A server that never answers QUIT does not keep us: close after the socket timeout at most.
			setTimeout(() => wire.close(), Math.min(this.socketTimeoutMs, 5_000)).unref();
		}
		return closed;
	}

	private markEnded(): void {
		if (this.ended) return;
		this.ended = true;
		for (const listener of this.closedListeners.splice(0)) listener();
	}
}
