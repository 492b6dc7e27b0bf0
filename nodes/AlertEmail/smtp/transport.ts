/**
 * The only module that talks to nodemailer. One pooled session per credential and execution:
 * connections are opened lazily, log in once, and are closed by `close()`.
 */
import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { SocksClient } from 'socks';

import type { ConnectionSettings, ProxySettings } from './connectionSettings';

export interface TransportTuning {
	/** Parallel SMTP connections, each logged in once. */
	maxConnections: number;
	/** Mails per minute across the pool; 0 = no limit. */
	ratePerMinute: number;
	connectionTimeoutMs: number;
	greetingTimeoutMs: number;
	socketTimeoutMs: number;
}

export const DEFAULT_TUNING: TransportTuning = {
	maxConnections: 2,
	ratePerMinute: 0,
	connectionTimeoutMs: 10_000,
	greetingTimeoutMs: 10_000,
	socketTimeoutMs: 30_000,
};

export interface MailAddress {
	name: string;
	address: string;
}

export interface OutgoingMail {
	from: MailAddress;
	to: string[];
	cc?: string[];
	bcc?: string[];
	replyTo?: string[];
	subject: string;
	text: string;
	html: string;
	/** Message-ID with angle brackets; a stable one lets mail clients thread repeats. */
	messageId?: string;
	inReplyTo?: string;
	references?: string[];
	priority?: 'high' | 'normal' | 'low';
	headers?: Record<string, string>;
}

export interface SendReceipt {
	messageId: string;
	accepted: string[];
	rejected: string[];
	/** The server's final reply to DATA, e.g. "250 OK: queued as ...". */
	response: string;
}

function proxyUrl(proxy: ProxySettings): string {
	const auth = proxy.user
		? `${encodeURIComponent(proxy.user)}:${encodeURIComponent(proxy.password ?? '')}@`
		: '';
	const host = proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host;
	return `${proxy.type}://${auth}${host}:${proxy.port}`;
}

function addressList(list: ReadonlyArray<string | { address: string }> | undefined): string[] {
	return (list ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.address));
}

export class SmtpSession {
	private readonly transporter: Transporter;

	constructor(connection: ConnectionSettings, tuning: TransportTuning = DEFAULT_TUNING) {
		this.transporter = createTransport({
			pool: true,
			host: connection.host,
			port: connection.port,
			secure: connection.security === 'ssl',
			// STARTTLS required means required: never fall back to plain text.
			requireTLS: connection.security === 'starttls',
			ignoreTLS: connection.security === 'none',
			auth: connection.user ? { user: connection.user, pass: connection.password } : undefined,
			// Over TLS, log in even when AUTH is not advertised, so "verified" always means "logged in".
			// Never over plain text: that would hand the code to a server that did not ask for it.
			forceAuth: Boolean(connection.user) && connection.security !== 'none',
			name: connection.clientHostname,
			tls: {
				rejectUnauthorized: !connection.allowUnauthorizedCerts,
				minVersion: 'TLSv1.2',
			},
			maxConnections: Math.max(1, tuning.maxConnections),
			// One login per connection for the whole execution; providers count logins.
			maxMessages: Infinity,
			// Retries belong to the delivery layer, which knows which failures are safe to repeat.
			maxRequeues: 0,
			...(tuning.ratePerMinute > 0 ? { rateLimit: tuning.ratePerMinute, rateDelta: 60_000 } : {}),
			connectionTimeout: tuning.connectionTimeoutMs,
			greetingTimeout: tuning.greetingTimeoutMs,
			socketTimeout: tuning.socketTimeoutMs,
			dnsTimeout: tuning.connectionTimeoutMs,
			...(connection.proxy ? { proxy: proxyUrl(connection.proxy) } : {}),
			logger: false,
			debug: false,
		});
		if (connection.proxy?.type === 'socks5') {
			this.transporter.set('proxy_socks_module', { SocksClient });
		}
	}

	/** Connects, negotiates TLS and logs in on a connection of its own, then quits. */
	async verify(): Promise<void> {
		await this.transporter.verify();
	}

	async send(mail: OutgoingMail): Promise<SendReceipt> {
		const info = await this.transporter.sendMail({
			from: mail.from,
			to: mail.to,
			cc: mail.cc,
			bcc: mail.bcc,
			replyTo: mail.replyTo,
			subject: mail.subject,
			text: mail.text,
			html: mail.html,
			messageId: mail.messageId,
			inReplyTo: mail.inReplyTo,
			references: mail.references,
			priority: mail.priority,
			headers: mail.headers,
			// Alert text is untrusted: never let it make nodemailer read a file or fetch a URL.
			disableFileAccess: true,
			disableUrlAccess: true,
		});
		return {
			messageId: info.messageId,
			accepted: addressList(info.accepted as Array<string | { address: string }>),
			rejected: addressList(info.rejected as Array<string | { address: string }>),
			response: info.response ?? '',
		};
	}

	close(): void {
		this.transporter.close();
	}
}
