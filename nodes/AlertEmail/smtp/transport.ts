/**
 * The only module that talks to nodemailer. nodemailer composes the message (MIME, encodings,
 * attachments) and opens proxy tunnels; the SMTP sessions are ours, over its SMTPConnection
 * (smtp/connectionLink.ts), in one pool of connections per session (smtp/linkPool.ts), each logged
 * in once. A DKIM key signs the composed message as it goes out (smtp/dkim.ts).
 */
import { Readable } from 'node:stream';

import { createTransport } from 'nodemailer';
import type { Transport, Transporter } from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { GetSocketHandler } from 'nodemailer/lib/mailer';
import { SocksClient } from 'socks';

import { literalHeaderText } from '../mail/literalHeader';
import type { DkimKey, Mailbox, OutgoingMail, SendReceipt } from '../model';
import { ConnectionLink, DEFAULT_TUNING } from './connectionLink';
import type { LinkMessage, LinkOptions, OpenWire, SmtpWire, TransportTuning, WireInfo } from './connectionLink';
import type { ConnectionSettings, ProxySettings } from './connectionSettings';
import { systemClock } from './deliveryClock';
import { dkimSign } from './dkim';
import { describeSmtpFailure } from './errors';
import { isOpenFailure, LinkPool } from './linkPool';
import { underBreaker } from './loginBreaker';
import type { LoginBreaker } from './loginBreaker';
import { RateLimiter } from './rateLimiter';
import type { RateLimit } from './rateLimiter';
import { redactError } from './redactSecrets';
import { receiptOf } from './sendReceipt';
import { tlsVersionOptions } from './tlsVersion';

export { DEFAULT_TUNING } from './connectionLink';
export type { TransportTuning } from './connectionLink';

export interface SessionOptions extends LinkOptions {
	/** The login breaker and this session's key in it: a refused login pauses further logins. */
	breaker?: { store: LoginBreaker; key: string };
}

type SentInfo = WireInfo & { messageId: string };

/** nodemailer's own inactivity limit when no Socket Timeout is given. */
const NODEMAILER_SOCKET_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * nodemailer's SMTPConnection as the link's wire, with what an idle pooled connection needs: its
 * socket keeps no process alive, and nodemailer's inactivity timer (which drops the socket without
 * QUIT) is off while idle, so Keep Alive, not Socket Timeout, decides when it ends. Busy again, the
 * timer is back at the connection's Socket Timeout.
 */
function wireOf(smtp: SMTPConnection): SmtpWire {
	return Object.assign(smtp as unknown as SmtpWire, {
		setIdle(idle: boolean) {
			const socket = (smtp as unknown as { _socket?: { ref(): void; unref(): void; setTimeout(ms: number): void } | false | null })._socket;
			if (!socket) return;
			if (idle) {
				socket.unref();
				socket.setTimeout(0);
			} else {
				socket.ref();
				socket.setTimeout(smtp.options.socketTimeout || NODEMAILER_SOCKET_TIMEOUT_MS);
			}
		},
	});
}

function smtpOptions(connection: ConnectionSettings, tuning: TransportTuning): SMTPConnection.Options {
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

function proxyUrl(proxy: ProxySettings): string {
	const auth = proxy.user ? `${encodeURIComponent(proxy.user)}:${encodeURIComponent(proxy.password ?? '')}@` : '';
	const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
	return `${proxy.type}://${auth}${host}:${proxy.port}`;
}

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

const literalMailbox = (mailbox: Mailbox): Mailbox => ({ name: literalHeaderText(mailbox.name), address: mailbox.address });

/** Names go to nodemailer in the form readers show literally (mail/literalHeader.ts). */
const literalMailboxes = (list: readonly Mailbox[] | undefined): Mailbox[] | undefined => list?.map(literalMailbox);

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
			this.useProxyConnectTimeout(tuning);
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
		this.useProxyConnectTimeout(tuning);
		this.pool.maxConnections = tuning.maxConnections;
		this.pool.idleTimeoutMs = idleTimeoutMs;
		this.limiter.limit = rateLimit;
	}

	/** The latest execution's login breaker store (this process's, or one shared by workers). */
	useBreaker(store: LoginBreaker): void {
		if (this.options.breaker) this.options.breaker.store = store;
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
		// Errors are cleaned of secrets before anything keeps them (the breaker may store one in Redis).
		const attempt = () => this.sendOnce(mail).catch((error: unknown) => Promise.reject(redactError(error, this.connection)));
		return underBreaker(this.options.breaker, attempt, (error) => isOpenFailure(error) && isLoginRefusal(error));
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
		return receiptOf(info, this.connection);
	}

	/** Ends every connection with QUIT (one busy with a mail when it is done). Resolves when the idle ones are closed. */
	async close(): Promise<void> {
		await Promise.all([this.pool.close(), ...[...this.links].filter((link) => !link.pooled).map((link) => link.quit())]);
	}

	/** The proxy's handshake counts in the connect timeout: nodemailer reads it from the mailer's options when it opens one. */
	private useProxyConnectTimeout(tuning: TransportTuning): void {
		if (this.connection.proxy) Object.assign(this.mailer.options, { connectionTimeout: tuning.connectionTimeoutMs });
	}

	/** A wire to the server with the latest settings: through the proxy when set, its handshake counted in the connect timeout. */
	private openWire: OpenWire = (done) => {
		const startedAt = Date.now();
		const options = smtpOptions(this.connection, this.tuning);
		const create = (socketOptions: object) => {
			const smtp = new SMTPConnection({ ...options, ...socketOptions });
			(smtp as unknown as { _connectStartedAt: number })._connectStartedAt = startedAt;
			done(null, wireOf(smtp));
		};
		if (!this.getSocket) return create({});
		this.getSocket({ ...options, port: this.connection.port, connectStartedAt: startedAt }, (error, socketOptions) =>
			error ? done(error) : create(socketOptions || {}),
		);
	};

	private newLink(pooled = false): ConnectionLink {
		const link = new ConnectionLink(this.connection, this.tuning.socketTimeoutMs, this.openWire, this.options, pooled);
		this.links.add(link);
		link.onClosed(() => this.links.delete(link));
		return link;
	}
}
