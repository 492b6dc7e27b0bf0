/**
 * The only module that talks to nodemailer. nodemailer composes the message (MIME, encodings) and
 * opens proxy tunnels; the SMTP sessions are ours, over its SMTPConnection, so that:
 * - "logged in" is a fact: a session that was asked to log in either did, or fails saying why
 *   (a plain-text port that offers the login only after STARTTLS is named as such);
 * - every session that can still hear us ends with QUIT: after a refused login, when idle, on close;
 * - one pool of connections (smtp/linkPool.ts) serves all mails of a session, each logged in once.
 */
import { Readable } from 'node:stream';

import { createTransport } from 'nodemailer';
import type { Transport, Transporter } from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { GetSocketHandler } from 'nodemailer/lib/mailer';
import { SocksClient } from 'socks';

import type { Mailbox, OutgoingMail, RejectedRecipient, SendReceipt } from '../model';
import { literalHeaderText } from '../mail/literalHeader';
import type { ConnectionSettings, ProxySettings } from './connectionSettings';
import type { DkimKey } from '../model';
import { dkimSign } from './dkim';
import { describeSmtpFailure } from './errors';
import { isOpenFailure, LinkPool, STALE_LINK, waitedForOpen } from './linkPool';
import { pausedLoginError } from './loginBreaker';
import type { LoginBreaker } from './loginBreaker';
import { RateLimiter } from './rateLimiter';
import type { RateLimit } from './rateLimiter';
import { systemClock } from './deliveryClock';
import type { SmtpLink } from './linkPool';
import { redactError, redactSecrets } from './redactSecrets';
import { decodeServerReply } from './serverReply';
import { tlsVersionOptions } from './tlsVersion';

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

export interface SessionOptions {
	/** The login breaker and this session's key in it: a refused login pauses further logins. */
	breaker?: { store: LoginBreaker; key: string };
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

/** What the pool sends: nodemailer's envelope and a fresh stream of the composed message for each attempt. */
interface LinkMessage {
	envelope: { from: string | false; to: string[] };
	stream: () => Readable;
}

type LinkInfo = SMTPConnection.SentMessageInfo;

/**
 * The message stream each attempt sends: nodemailer's composition as it is, or, with a DKIM key,
 * the composed bytes signed once (every retry sends the same signed bytes).
 */
async function prepared(compose: () => Readable, dkim: DkimKey | undefined): Promise<() => Readable> {
	if (!dkim) return compose;
	const chunks: Buffer[] = [];
	for await (const chunk of compose()) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
	const signed = dkimSign(Buffer.concat(chunks), dkim, Date.now());
	return () => Readable.from([signed]);
}

/** One SMTP session over nodemailer's SMTPConnection. */
class ConnectionLink implements SmtpLink {
	private smtp?: SMTPConnection;
	private ended = false;
	private quitting = false;
	private readonly closedListeners: Array<() => void> = [];

	constructor(
		private readonly connection: ConnectionSettings,
		private readonly tuning: TransportTuning,
		private readonly getSocket: GetSocketHandler | undefined,
		private readonly options: SessionOptions,
		/** Owned by the session's pool, which ends it; otherwise (a verification) the session does. */
		readonly pooled: boolean,
	) {}

	get alive(): boolean {
		return !this.ended && this.smtp !== undefined && !this.quitting;
	}

	/** The server has said something (its greeting at least): it speaks SMTP on this port. */
	get greeted(): boolean {
		return typeof this.smtp?.lastServerResponse === 'string';
	}

	onClosed(listener: () => void): void {
		if (this.ended) listener();
		else this.closedListeners.push(listener);
	}

	setIdle(idle: boolean): void {
		const socket = (this.smtp as unknown as { _socket?: { ref(): void; unref(): void } } | undefined)?._socket;
		if (idle) socket?.unref();
		else socket?.ref();
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
			const startedAt = Date.now();
			const withSocket = (socketOptions: object) => {
				if (this.quitting) return settle(new Error('Connection closed'));
				const smtp = new SMTPConnection({ ...this.smtpOptions(), ...socketOptions });
				(smtp as unknown as { _connectStartedAt: number })._connectStartedAt = startedAt;
				this.smtp = smtp;
				// Errors while idle (the server dropped us) end the link; errors of a send reach its callback too.
				smtp.on('error', (error) => settle(error));
				smtp.once('end', () => {
					this.markEnded();
					settle(new Error('Connection closed'));
				});
				smtp.connect((error) => {
					if (error) return settle(error);
					this.logIn(smtp).then(
						() => settle(),
						(failure) => {
							settle(failure);
							// The session is still up after a refused login: say goodbye instead of dropping it.
							void this.quit();
						},
					);
				});
			};
			if (!this.getSocket) return withSocket({});
			this.getSocket({ ...this.smtpOptions(), port: this.connection.port, connectStartedAt: startedAt }, (error, socketOptions) => {
				if (error) return settle(error);
				withSocket(socketOptions || {});
			});
		});
	}

	private smtpOptions(): SMTPConnection.Options {
		const { connection, tuning } = this;
		return {
			host: connection.host,
			port: connection.port,
			secure: connection.security === 'ssl',
			// STARTTLS required means required: never fall back to plain text.
			requireTLS: connection.security === 'starttls',
			ignoreTLS: connection.security === 'none',
			name: connection.clientHostname,
			// Certificates are checked against Node's trusted CAs unless the user opts out (insecure).
			tls: { rejectUnauthorized: !connection.allowUnauthorizedCerts, ...tlsVersionOptions(connection.minTlsVersion) },
			connectionTimeout: tuning.connectionTimeoutMs,
			greetingTimeout: tuning.greetingTimeoutMs,
			socketTimeout: tuning.socketTimeoutMs,
			dnsTimeout: tuning.connectionTimeoutMs,
			logger: false,
			debug: false,
		};
	}

	/**
	 * Over TLS the login is tried even when AUTH is not advertised, so a missing login is a refused
	 * one. In plain text the code is never sent unasked: a server that offers STARTTLS but no AUTH
	 * wants TLS first (Postfix's submission port), which is what the user must be told.
	 */
	private logIn(smtp: SMTPConnection): Promise<void> {
		const { user, password, security } = this.connection;
		if (!user) return Promise.resolve();
		if (!smtp.allowsAuth && security === 'none') {
			// Right after connecting, the last reply is the EHLO answer with the server's keywords.
			if (/^250[ -]STARTTLS\b/im.test(String(smtp.lastServerResponse))) {
				return Promise.reject(
					loginError('it offers the login (AUTH) only after STARTTLS, not in plain text, so the Authorization Code was not sent'),
				);
			}
			if (this.options.requireLogin) {
				return Promise.reject(loginError('The server offers no login (AUTH) on this connection'));
			}
			return Promise.resolve();
		}
		return new Promise((resolve, reject) => smtp.login({ user, pass: password }, (error) => (error ? reject(error) : resolve())));
	}

	send(message: LinkMessage): Promise<LinkInfo> {
		const smtp = this.smtp;
		if (!smtp || !this.alive)
			return Promise.reject(Object.assign(new Error('Connection closed'), { code: 'ECONNECTION', [STALE_LINK]: true }));
		return new Promise((resolve, reject) => {
			const stream = message.stream();
			// SMTPConnection writes its state (accepted, rejected, errors) into the envelope it is given:
			// every attempt gets a copy, or a retry would fail with the last attempt's error.
			const envelope = { from: message.envelope.from, to: [...message.envelope.to] };
			smtp.send(envelope, stream, (error, info) => {
				if (!error) return resolve(info as LinkInfo);
				const failure = error as SmtpError;
				// Nothing of the mail was read: the server had closed the session before it started.
				if (isTransient(failure) && !stream.readableDidRead) Object.assign(failure, { [STALE_LINK]: true });
				stream.destroy();
				const refusedHere = (failure.code === 'EENVELOPE' || failure.code === 'EMESSAGE') && failure.responseCode !== 421;
				if (!refusedHere || !this.alive) {
					this.abandon(smtp);
					return reject(failure);
				}
				// The server refused this mail, not the session: RSET and keep the connection.
				smtp.reset((resetError) => {
					if (resetError) this.abandon(smtp);
					reject(failure);
				});
			});
		});
	}

	/** The session is unusable: no task may get it while its socket closes. */
	private abandon(smtp: SMTPConnection): void {
		this.quitting = true;
		smtp.close();
	}

	quit(): Promise<void> {
		if (this.ended) return Promise.resolve();
		const smtp = this.smtp;
		const closed = new Promise<void>((resolve) => this.onClosed(resolve));
		if (!smtp) {
			this.quitting = true;
			this.markEnded();
			return closed;
		}
		if (!this.quitting) {
			this.quitting = true;
			// QUIT where the session can hear it; before the greeting, or on a broken socket, just close.
			if (this.greeted && !smtp.destroyed) smtp.quit();
			else smtp.close();
			// A server that never answers QUIT does not keep us: close after the socket timeout at most.
			setTimeout(() => smtp.close(), Math.min(this.tuning.socketTimeoutMs, 5_000)).unref();
		}
		return closed;
	}

	private markEnded(): void {
		if (this.ended) return;
		this.ended = true;
		for (const listener of this.closedListeners.splice(0)) listener();
	}
}

function proxyUrl(proxy: ProxySettings): string {
	const auth = proxy.user ? `${encodeURIComponent(proxy.user)}:${encodeURIComponent(proxy.password ?? '')}@` : '';
	const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
	return `${proxy.type}://${auth}${host}:${proxy.port}`;
}

const literalMailbox = (mailbox: Mailbox): Mailbox => ({ name: literalHeaderText(mailbox.name), address: mailbox.address });

/** Names go to nodemailer in the form readers show literally (mail/literalHeader.ts). */
const literalMailboxes = (list: readonly Mailbox[] | undefined): Mailbox[] | undefined => list?.map(literalMailbox);

function addressList(list: ReadonlyArray<string | { address: string }> | undefined): string[] {
	return (list ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.address));
}

interface RecipientError {
	recipient?: string;
	response?: string;
	responseCode?: number;
	message?: string;
}

function rejectedRecipients(
	addresses: string[],
	errors: RecipientError[] | undefined,
	connection: ConnectionSettings,
): RejectedRecipient[] {
	return addresses.map((address) => {
		const error = errors?.find((candidate) => candidate.recipient === address);
		const reply = decodeServerReply(error?.response ?? error?.message ?? '');
		return { address, reply: redactSecrets(reply, connection), ...(error?.responseCode ? { responseCode: error.responseCode } : {}) };
	});
}

type SentInfo = LinkInfo & { messageId: string };

/** A refused login (a wrong code, a locked or disabled account): every connection would get the same. */
const isLoginRefusal = (error: unknown) => ['auth', 'serviceDisabled'].includes(describeSmtpFailure(error).kind);

export class SmtpSession {
	private readonly mailer: Transporter<SentInfo>;
	private readonly pool: LinkPool<ConnectionLink>;
	private readonly links = new Set<ConnectionLink>();
	private getSocket?: GetSocketHandler;
	/** Attempts of every execution that uses this session count against one rate limit. */
	readonly limiter = new RateLimiter(undefined, systemClock);

	constructor(
		private readonly connection: ConnectionSettings,
		private tuning: TransportTuning = DEFAULT_TUNING,
		private readonly options: SessionOptions = {},
	) {
		const transport: Transport<SentInfo> = {
			name: 'n8n-alert-email',
			version: '1',
			send: (mail, callback) => {
				const envelope = mail.message.getEnvelope() as LinkMessage['envelope'];
				const dkim = (mail.data as { alertDkim?: DkimKey }).alertDkim;
				prepared(mail.message.createReadStream.bind(mail.message), dkim)
					.then((stream) => this.pool.run((link) => link.send({ envelope, stream })))
					.then(
						(info) => callback(null, { ...info, messageId: mail.message.messageId() }),
						(error: Error) => callback(error),
					);
			},
		};
		this.mailer = createTransport(transport);
		if (connection.proxy) {
			// A custom transport gets no proxy from createTransport's options: set it up on the mailer and borrow its socket handler.
			Object.assign(this.mailer.options, { connectionTimeout: tuning.connectionTimeoutMs });
			if (connection.proxy.type === 'socks5') this.mailer.set('proxy_socks_module', { SocksClient });
			this.mailer.setupProxy(proxyUrl(connection.proxy));
			this.getSocket = typeof this.mailer.getSocket === 'function' ? this.mailer.getSocket : undefined;
		}
		this.pool = new LinkPool(() => this.newLink(true), tuning.maxConnections, undefined, isLoginRefusal);
	}

	/**
	 * The latest execution's settings: how many connections, their timeouts, the rate limit, and how
	 * long an idle connection stays open (undefined: until close()).
	 */
	retune(tuning: TransportTuning, rateLimit: RateLimit | undefined, idleTimeoutMs?: number): void {
		this.tuning = tuning;
		this.pool.maxConnections = tuning.maxConnections;
		this.pool.idleTimeoutMs = idleTimeoutMs;
		this.limiter.limit = rateLimit;
	}

	/** The latest execution's login breaker store (this process's, or one shared by workers). */
	useBreaker(store: LoginBreaker): void {
		if (this.options.breaker) this.options.breaker.store = store;
	}

	/** No task waits and every connection is idle (or none is open). */
	get isIdle(): boolean {
		return this.pool.isIdle;
	}

	/** True once any connection of this session heard the server speak SMTP (its greeting at least). */
	get greeted(): boolean {
		return [...this.links].some((link) => link.greeted);
	}

	/** Connects, negotiates TLS and logs in on a connection of its own, then says QUIT. */
	async verify(): Promise<void> {
		const link = this.newLink();
		try {
			await link.open();
		} catch (error) {
			throw redactError(error, this.connection);
		}
		await link.quit();
	}

	async send(mail: OutgoingMail): Promise<SendReceipt> {
		const breaker = this.options.breaker;
		const pause = await breaker?.store.check(breaker.key, Date.now());
		if (pause) throw pausedLoginError(pause);
		try {
			return await this.sendOnce(mail);
		} catch (error) {
			const clean = redactError(error, this.connection);
			if (!breaker || !isOpenFailure(error) || !isLoginRefusal(error)) throw clean;
			// Another send's login was refused while this one waited for it: nothing was tried for this one.
			if (waitedForOpen(error))
				throw pausedLoginError(
					(await breaker.store.check(breaker.key, Date.now())) ?? (await breaker.store.trip(breaker.key, clean as Error, Date.now())),
				);
			await breaker.store.trip(breaker.key, clean as Error, Date.now());
			throw clean;
		}
	}

	private async sendOnce(mail: OutgoingMail): Promise<SendReceipt> {
		const info = await this.mailer.sendMail({
			from: literalMailbox(mail.from),
			to: literalMailboxes(mail.to),
			cc: literalMailboxes(mail.cc),
			bcc: literalMailboxes(mail.bcc),
			replyTo: literalMailboxes(mail.replyTo),
			subject: literalHeaderText(mail.subject),
			text: mail.text,
			html: mail.html,
			messageId: mail.messageId,
			inReplyTo: mail.inReplyTo,
			references: mail.references,
			priority: mail.priority,
			headers: mail.headers && Object.fromEntries(Object.entries(mail.headers).map(([name, value]) => [name, literalHeaderText(value)])),
			// Alert text is untrusted: never let it make nodemailer read a file or fetch a URL.
			disableFileAccess: true,
			disableUrlAccess: true,
			attachments: mail.attachments?.map((file) => ({
				filename: file.fileName,
				content: file.base64,
				encoding: 'base64',
				contentType: file.mimeType,
				// An inline image is a related part the HTML shows by its Content-ID.
				...(file.cid ? { cid: file.cid, contentDisposition: 'inline' as const } : {}),
			})),
			// Read back by this module's transport, which signs the composed message (smtp/dkim.ts).
			...(mail.dkim ? { alertDkim: mail.dkim } : {}),
		} as Parameters<Transporter<SentInfo>['sendMail']>[0]);
		const rejected = addressList(info.rejected as Array<string | { address: string }>);
		return {
			messageId: info.messageId,
			accepted: addressList(info.accepted as Array<string | { address: string }>),
			rejected: rejectedRecipients(rejected, info.rejectedErrors as RecipientError[] | undefined, this.connection),
			response: redactSecrets(decodeServerReply(info.response ?? ''), this.connection),
		};
	}

	/** Ends every connection with QUIT (one busy with a mail when it is done). Resolves when the idle ones are closed. */
	async close(): Promise<void> {
		await Promise.all([this.pool.close(), ...[...this.links].filter((link) => !link.pooled).map((link) => link.quit())]);
	}

	private newLink(pooled = false): ConnectionLink {
		const link = new ConnectionLink(this.connection, this.tuning, this.getSocket, this.options, pooled);
		this.links.add(link);
		link.onClosed(() => this.links.delete(link));
		return link;
	}
}
