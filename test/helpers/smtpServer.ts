/**
 * A real SMTP server on 127.0.0.1 (smtp-server), in the mode a test asks for: implicit TLS,
 * STARTTLS or plain. AUTH PLAIN/LOGIN against known users; every message parsed by mailparser.
 * Tests can make it reject logins, recipients or whole messages, and read what it counted.
 */
import type { AddressInfo } from 'node:net';

import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerAddress, SMTPServerOptions, SMTPServerSession } from 'smtp-server';

import { testCertificate } from './certificates';
import { closeSharedSessions } from './sharedSessions';

export type ServerSecurity = 'ssl' | 'starttls' | 'none';

export const TEST_USER = 'alerts@example.com';
export const TEST_AUTH_CODE = 'authcode-4f2a9c';

export interface ReceivedMail {
	envelope: { from: string; to: string[] };
	/** The bytes as they came over DATA. */
	raw: Buffer;
	parsed: ParsedMail;
	/** The connection that carried it: local port of the client as the server saw it. */
	remotePort: number;
	remoteAddress: string;
	user?: string;
	/** Date.now() when the message was complete. */
	receivedAt: number;
}

type Reply = { code: number; message: string };

export interface SmtpServerOptions {
	security: ServerSecurity;
	users?: Record<string, string>;
	/** The reply to a failed login (default: QQ's wording). */
	authFailure?: Reply;
	/** false: only count messages and bytes (benchmarks), no parsing and no `messages` kept. */
	keepMessages?: boolean;
	/** smtp-server options that override the mode's, e.g. `{ disabledCommands: ['STARTTLS'] }`. */
	serverOptions?: Partial<SMTPServerOptions>;
}

/** One AUTH command as the server saw it: who, over which connection, named how, encrypted or not. */
export interface AuthAttempt {
	username: string;
	accepted: boolean;
	/** The name the client gave in EHLO/HELO. */
	ehloName: string;
	/** Whether the connection was TLS (implicit or after STARTTLS) when the client logged in. */
	secure: boolean;
	/** The TLS server name (SNI) the client asked for, when TLS is on. */
	servername?: string;
	remotePort: number;
}

const QQ_LOGIN_FAIL: Reply = {
	code: 535,
	message:
		'Login fail. Account is abnormal, service is not open, password is incorrect, login frequency limited, or system is busy. More information at https://help.mail.qq.com/detail/108/1023',
};

function smtpError(reply: Reply): Error & { responseCode: number } {
	return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

/** A credential for a test server on 127.0.0.1 (this one or the fault server); override any field. */
export function credentialFor(
	server: { host: string; port: number; security: ServerSecurity },
	overrides: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		provider: 'custom',
		host: server.host,
		port: server.port,
		security: server.security,
		user: TEST_USER,
		password: TEST_AUTH_CODE,
		fromEmail: '',
		fromName: 'n8n Alerts',
		toEmail: 'ops@example.com',
		subjectPrefix: '[Test]',
		allowUnauthorizedCerts: server.security !== 'none',
		clientHostname: '',
		proxyType: 'none',
		proxyHost: '',
		proxyPort: 1080,
		proxyUser: '',
		proxyPassword: '',
		sendTestEmail: false,
		...overrides,
	};
}

export class TestSmtpServer {
	readonly messages: ReceivedMail[] = [];
	/** Messages accepted, also when `keepMessages` is off. */
	accepted = 0;
	bytesReceived = 0;
	connections = 0;
	/** Connections that have ended, whoever closed them. */
	closedConnections = 0;
	logins = 0;
	failedLogins = 0;
	/** Remote address:port of every connection, to tell a proxy's connection from a direct one. */
	readonly peers: Array<{ address: string; port: number }> = [];
	readonly authAttempts: AuthAttempt[] = [];
	/** Recipient address → the reply that rejects it. */
	readonly rejectedRecipients = new Map<string, Reply>();
	/** Decides per message, after DATA, whether the server refuses it. */
	rejectMessage?: (mail: ReceivedMail, index: number) => Reply | undefined;
	/** Decides per login attempt whether the server refuses it although the password is right. */
	rejectLogin?: (attempt: number) => Reply | undefined;
	private waiters: Array<{ count: number; resolve: () => void }> = [];

	constructor(
		private readonly server: SMTPServer,
		readonly security: ServerSecurity,
	) {}

	get port(): number {
		return (this.server.server.address() as AddressInfo).port;
	}

	get host(): string {
		return '127.0.0.1';
	}

	/** A credential for this server; override any field. */
	credential(overrides: Record<string, unknown> = {}): Record<string, unknown> {
		return credentialFor(this, overrides);
	}

	/** Resolves once at least `count` messages have arrived in total. */
	waitForMessages(count: number, timeoutMs = 10_000): Promise<void> {
		if (this.messages.length >= count) return Promise.resolve();
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`Expected ${count} messages, got ${this.messages.length}`)), timeoutMs);
			this.waiters.push({
				count,
				resolve: () => {
					clearTimeout(timer);
					resolve();
				},
			});
		});
	}

	record(mail: ReceivedMail): void {
		this.accepted++;
		this.bytesReceived += mail.raw.length;
		this.messages.push(mail);
		this.waiters = this.waiters.filter((waiter) => {
			if (this.messages.length < waiter.count) return true;
			waiter.resolve();
			return false;
		});
	}

	/** Closes the server once the node's kept-alive sessions have said QUIT (it waits for its clients). */
	async close(): Promise<void> {
		await closeSharedSessions();
		return new Promise((resolve) => this.server.close(() => resolve()));
	}
}

function address(entry: SMTPServerAddress | false): string {
	return entry ? entry.address : '';
}

export async function startSmtpServer(options: SmtpServerOptions): Promise<TestSmtpServer> {
	const users = options.users ?? { [TEST_USER]: TEST_AUTH_CODE };
	const { key, cert } = await testCertificate();
	// The callbacks below run only once the server listens, after `handle` exists.
	const state = () => handle;

	const server = new SMTPServer({
		secure: options.security === 'ssl',
		key,
		cert,
		hideSTARTTLS: options.security === 'none',
		allowInsecureAuth: options.security === 'none',
		authMethods: ['PLAIN', 'LOGIN'],
		disableReverseLookup: true,
		logger: false,
		size: 25 * 1024 * 1024,
		onConnect(session, callback) {
			state().connections++;
			state().peers.push({ address: session.remoteAddress, port: session.remotePort });
			callback();
		},
		onClose() {
			state().closedConnections++;
		},
		onAuth(auth, session, callback) {
			const server = state();
			const forced = server.rejectLogin?.(server.logins + server.failedLogins);
			const accepted = !forced && users[auth.username ?? ''] === auth.password;
			server.authAttempts.push({
				username: auth.username ?? '',
				accepted,
				ehloName: String(session.hostNameAppearsAs || ''),
				secure: session.secure === true,
				servername: (session as SMTPServerSession & { servername?: string }).servername,
				remotePort: session.remotePort,
			});
			if (!accepted) {
				server.failedLogins++;
				return callback(smtpError(forced ?? options.authFailure ?? QQ_LOGIN_FAIL));
			}
			server.logins++;
			callback(null, { user: auth.username });
		},
		onRcptTo(rcpt, _session, callback) {
			const reply = state().rejectedRecipients.get(rcpt.address.toLowerCase());
			callback(reply ? smtpError(reply) : undefined);
		},
		onData(stream, session: SMTPServerSession, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks);
				if (options.keepMessages === false) {
					state().accepted++;
					state().bytesReceived += raw.length;
					return callback(null, 'OK: counted');
				}
				simpleParser(raw)
					.then((parsed) => {
						const mail: ReceivedMail = {
							envelope: {
								from: address(session.envelope.mailFrom),
								to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
							},
							raw,
							parsed,
							remotePort: session.remotePort,
							remoteAddress: session.remoteAddress,
							user: typeof session.user === 'string' ? session.user : undefined,
							receivedAt: Date.now(),
						};
						const reply = state().rejectMessage?.(mail, state().messages.length);
						if (reply) return callback(smtpError(reply));
						state().record(mail);
						callback(null, `OK: queued as ${state().messages.length}`);
					})
					.catch(callback);
			});
		},
		...options.serverOptions,
	});
	const handle = new TestSmtpServer(server, options.security);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	server.on('error', () => undefined);
	return handle;
}
