/**
 * The only module that talks to nodemailer. One pooled session per credential and execution:
 * connections are opened lazily, log in once, and are closed by `close()`.
 */
import { createTransport } from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { SocksClient } from 'socks';

import { parseAddressList } from '../mail/addresses';
import type { Mailbox } from '../mail/addresses';
import { literalHeaderText } from '../mail/literalHeader';
import type { ConnectionSettings, ProxySettings } from './connectionSettings';
import { redactError, redactSecrets } from './redactSecrets';
import { decodeServerReply } from './serverReply';
import { tlsVersionOptions } from './tlsVersion';

/** What nodemailer's pool is told. Retries and the rate limit live in the delivery layer. */
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

export interface OutgoingMail {
	from: Mailbox;
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

export interface RejectedRecipient {
	address: string;
	/** The server's reply to RCPT TO for this address, decoded. */
	reply: string;
	responseCode?: number;
}

export interface SendReceipt {
	messageId: string;
	accepted: string[];
	/** Recipients the server refused while accepting the mail for the others. */
	rejected: RejectedRecipient[];
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

const literalMailbox = (mailbox: Mailbox): Mailbox => ({ name: literalHeaderText(mailbox.name), address: mailbox.address });

/** Formatted recipients (mail/addresses.ts formatMailbox) → mailboxes whose names readers show literally. */
function literalMailboxes(list: readonly string[] | undefined): Mailbox[] | undefined {
	return list?.map((entry) => {
		const { mailboxes, refused } = parseAddressList(entry, 'recipient');
		// Entries were checked when the item was read; one that does not read back is a bug, never a silent drop.
		if (refused.length > 0 || mailboxes.length !== 1) throw new Error(`Recipient ${JSON.stringify(entry)} could not be read back`);
		return literalMailbox(mailboxes[0]);
	});
}

function addressList(list: ReadonlyArray<string | { address: string }> | undefined): string[] {
	return (list ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.address));
}

interface RecipientError {
	recipient?: string;
	response?: string;
	responseCode?: number;
	message?: string;
}

function rejectedRecipients(addresses: string[], errors: RecipientError[] | undefined, connection: ConnectionSettings): RejectedRecipient[] {
	return addresses.map((address) => {
		const error = errors?.find((candidate) => candidate.recipient === address);
		const reply = decodeServerReply(error?.response ?? error?.message ?? '');
		return { address, reply: redactSecrets(reply, connection), ...(error?.responseCode ? { responseCode: error.responseCode } : {}) };
	});
}

/**
 * With requeues off, nodemailer reports a connection that closed under a mail as "Reached
 * maximum number of retries"; no retry happened there (ours come later), so say what did.
 */
function plainConnectionError(error: unknown): unknown {
	if (error instanceof Error && /maximum number of retries after connection was closed/i.test(error.message)) {
		error.message = 'Connection closed unexpectedly';
	}
	return error;
}

export class SmtpSession {
	private readonly transporter: Transporter;

	constructor(
		private readonly connection: ConnectionSettings,
		tuning: TransportTuning = DEFAULT_TUNING,
	) {
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
			// Certificates are checked against Node's trusted CAs unless the user opts out (insecure).
			tls: {
				rejectUnauthorized: !connection.allowUnauthorizedCerts,
				...tlsVersionOptions(connection.minTlsVersion),
			},
			maxConnections: Math.max(1, tuning.maxConnections),
			// One login per connection for the whole execution; providers count logins.
			maxMessages: Infinity,
			// Retries belong to the delivery layer, which knows which failures are safe to repeat.
			maxRequeues: 0,
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
		try {
			await this.transporter.verify();
		} catch (error) {
			throw redactError(error, this.connection);
		}
	}

	async send(mail: OutgoingMail): Promise<SendReceipt> {
		try {
			return await this.sendOnce(mail);
		} catch (error) {
			throw redactError(plainConnectionError(error), this.connection);
		}
	}

	private async sendOnce(mail: OutgoingMail): Promise<SendReceipt> {
		const info = await this.transporter.sendMail({
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
		});
		const rejected = addressList(info.rejected as Array<string | { address: string }>);
		return {
			messageId: info.messageId,
			accepted: addressList(info.accepted as Array<string | { address: string }>),
			rejected: rejectedRecipients(rejected, (info as { rejectedErrors?: RecipientError[] }).rejectedErrors, this.connection),
			response: redactSecrets(decodeServerReply(info.response ?? ''), this.connection),
		};
	}

	close(): void {
		this.transporter.close();
	}
}
