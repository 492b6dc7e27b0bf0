/**
 * A scripted SMTP server on raw sockets, for faults smtp-server cannot produce byte-exactly: a
 * 421 instead of the greeting, no greeting at all, a connection cut while DATA is under way, a
 * server that takes the whole message and never answers, a TLS handshake that is refused.
 * Without a script it is a plain, well-behaved server (no PIPELINING, AUTH PLAIN/LOGIN), so a
 * test can fault one connection or one message and let the retry succeed on the next.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';

import { testCertificate } from './certificates';
import { closeSharedSessions } from './sharedSessions';
import { credentialFor, TEST_AUTH_CODE, TEST_USER } from './smtpServer';

/** What happens when a connection opens; `connection` counts from 0. */
export type GreetingFault = 'greet' | 'silent' | { reply: string };
/** What happens to a message once DATA starts; `message` counts DATA commands from 0. */
export type DataFault = 'accept' | 'stall' | 'dropMidData' | { reply: string };

export interface FaultScript {
	greeting?: (connection: number) => GreetingFault;
	/**
	 * A reply that refuses the login attempt (`attempt` counts from 0), or undefined to accept it.
	 * `login` is what the client sent: the decoded user and password, and the raw AUTH argument.
	 */
	login?: (attempt: number, login: { user: string; pass: string; raw: string }) => string | undefined;
	/** A reply that refuses the recipient (bytes for a reply in another charset), or undefined to accept it. */
	recipient?: (address: string) => string | Buffer | undefined;
	data?: (message: number) => DataFault;
	/** The EHLO keywords after the greeting line (default AUTH PLAIN LOGIN and 8BITMIME). */
	extensions?: string[];
	/** Waits this long before answering a login, as Dovecot does after earlier failures. */
	loginDelayMs?: number;
	/** A reply to MAIL FROM on a session that did not log in (Postfix: 530 ... STARTTLS first). */
	mailWithoutLogin?: string;
}

export type FaultSecurity = 'none' | 'ssl' | 'handshakeFailure';

export interface FaultServerOptions {
	security?: FaultSecurity;
	script?: FaultScript;
	/** The password TEST_USER logs in with (default TEST_AUTH_CODE). */
	password?: string;
	/** TLS versions and ciphers of an 'ssl' server, e.g. one stuck on TLS 1.1. */
	tls?: Pick<tls.TlsOptions, 'minVersion' | 'maxVersion' | 'ciphers'>;
}

/** One command as the server read it: the verb (and AUTH's method), never its arguments. */
export interface FaultCommand {
	connection: number;
	command: string;
	/** Whether the connection was TLS when the command came. */
	secure: boolean;
}

export interface FaultMessage {
	connection: number;
	from: string;
	to: string[];
	/** The message as it came over DATA, dot-stuffing removed. */
	body: string;
	subject: string;
}

// A TLS record: alert (21), TLS 1.2, length 2, fatal (2) handshake_failure (40).
const HANDSHAKE_FAILURE_ALERT = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);

export class FaultSmtpServer {
	connections = 0;
	logins = 0;
	failedLogins = 0;
	/** DATA transactions started (the message index the script sees). */
	dataCommands = 0;
	/** Messages whose DATA ended with the final dot, whatever the server answered. */
	readonly received: FaultMessage[] = [];
	/** Messages the server answered with 250: the ones that count as delivered. */
	readonly accepted: FaultMessage[] = [];
	readonly commands: FaultCommand[] = [];
	/** The TLS version of each TLS connection, in order. */
	readonly protocols: Array<string | null> = [];
	private readonly sockets = new Set<net.Socket>();

	constructor(
		private readonly server: net.Server,
		private readonly mode: FaultSecurity,
		readonly script: FaultScript,
		readonly password: string = TEST_AUTH_CODE,
	) {}

	get host(): string {
		return '127.0.0.1';
	}

	get port(): number {
		return (this.server.address() as AddressInfo).port;
	}

	get security(): 'none' | 'ssl' {
		return this.mode === 'none' ? 'none' : 'ssl';
	}

	credential(overrides: Record<string, unknown> = {}): Record<string, unknown> {
		return credentialFor(this, overrides);
	}

	/** Subjects of the delivered messages, in arrival order. */
	acceptedSubjects(): string[] {
		return this.accepted.map((message) => message.subject);
	}

	/** Times every open session out, as a server does with idle clients: this reply, then the connection ends. */
	dropIdleConnections(reply: string): void {
		for (const socket of this.sockets) {
			socket.write(`${reply}\r\n`);
			socket.end();
		}
	}

	track(socket: net.Socket): void {
		this.sockets.add(socket);
		socket.on('close', () => this.sockets.delete(socket));
	}

	async close(): Promise<void> {
		await closeSharedSessions();
		for (const socket of this.sockets) socket.destroy();
		return new Promise((resolve) => this.server.close(() => resolve()));
	}
}

function decodeLogin(base64: string): { user: string; pass: string } {
	const [, user = '', pass = ''] = Buffer.from(base64, 'base64').toString('utf8').split('\0');
	return { user, pass };
}

/** One SMTP session on one socket, line by line. */
function serve(socket: net.Socket, owner: FaultSmtpServer, connection: number): void {
	const { script } = owner;
	let buffer = '';
	let envelope: { from: string; to: string[] } = { from: '', to: [] };
	let inData: { lines: string[]; fault: DataFault } | undefined;
	let authStep: 'plain' | 'loginUser' | 'loginPass' | undefined;
	let loginUser = '';

	const reply = (line: string | Buffer) => {
		if (!socket.destroyed) socket.write(Buffer.concat([Buffer.from(line), Buffer.from('\r\n')]));
	};

	let loggedIn = false;
	const finishLogin = (user: string, pass: string, raw: string) => {
		if (script.loginDelayMs) {
			const delay = script.loginDelayMs;
			setTimeout(() => checkLogin(user, pass, raw), delay);
			return;
		}
		checkLogin(user, pass, raw);
	};
	const checkLogin = (user: string, pass: string, raw: string) => {
		const refusal = script.login?.(owner.logins + owner.failedLogins, { user, pass, raw });
		if (refusal || user !== TEST_USER || pass !== owner.password) {
			owner.failedLogins++;
			reply(refusal ?? '535 5.7.8 Authentication failed');
			return;
		}
		owner.logins++;
		loggedIn = true;
		reply('235 2.7.0 Authentication successful');
	};

	const endData = (lines: string[], fault: DataFault) => {
		const body = lines.map((line) => (line.startsWith('..') ? line.slice(1) : line)).join('\r\n');
		const subject = /^Subject: (.*)$/im.exec(body)?.[1] ?? '';
		const message: FaultMessage = { connection, from: envelope.from, to: envelope.to, body, subject };
		owner.received.push(message);
		envelope = { from: '', to: [] };
		if (fault === 'stall') return;
		if (fault === 'accept') {
			owner.accepted.push(message);
			reply(`250 2.0.0 OK queued as ${owner.accepted.length}`);
			return;
		}
		if (typeof fault === 'object') {
			reply(fault.reply);
			if (fault.reply.startsWith('421')) socket.end();
		}
	};

	const command = (line: string) => {
		if (authStep) {
			const step = authStep;
			authStep = undefined;
			if (step === 'plain') return finishLogin(decodeLogin(line).user, decodeLogin(line).pass, line);
			if (step === 'loginUser') {
				loginUser = Buffer.from(line, 'base64').toString('utf8');
				authStep = 'loginPass';
				return reply('334 UGFzc3dvcmQ6');
			}
			return finishLogin(loginUser, Buffer.from(line, 'base64').toString('utf8'), line);
		}
		const [verb = '', ...rest] = line.split(' ');
		const argument = rest.join(' ');
		const secure = socket instanceof tls.TLSSocket;
		owner.commands.push({
			connection,
			command: verb.toUpperCase() === 'AUTH' ? `AUTH ${rest[0] ?? ''}`.trim() : verb.toUpperCase(),
			secure,
		});
		switch (verb.toUpperCase()) {
			case 'EHLO':
				return reply(
					['fault.test', ...(script.extensions ?? ['AUTH PLAIN LOGIN', '8BITMIME'])]
						.map((line, n, all) => `250${n === all.length - 1 ? ' ' : '-'}${line}`)
						.join('\r\n'),
				);
			case 'HELO':
				return reply('250 fault.test');
			case 'AUTH': {
				const [method = '', initial] = argument.split(' ');
				if (method.toUpperCase() === 'PLAIN') {
					if (initial) return finishLogin(decodeLogin(initial).user, decodeLogin(initial).pass, initial);
					authStep = 'plain';
					return reply('334 ');
				}
				if (method.toUpperCase() === 'LOGIN') {
					if (initial) {
						loginUser = Buffer.from(initial, 'base64').toString('utf8');
						authStep = 'loginPass';
						return reply('334 UGFzc3dvcmQ6');
					}
					authStep = 'loginUser';
					return reply('334 VXNlcm5hbWU6');
				}
				return reply('504 5.5.4 Unrecognized authentication type');
			}
			case 'MAIL':
				if (script.mailWithoutLogin && !loggedIn) return reply(script.mailWithoutLogin);
				envelope = { from: /<([^>]*)>/.exec(argument)?.[1] ?? '', to: [] };
				return reply('250 2.1.0 OK');
			case 'RCPT': {
				const address = /<([^>]*)>/.exec(argument)?.[1] ?? '';
				const refusal = script.recipient?.(address);
				if (refusal) return reply(refusal);
				envelope.to.push(address);
				return reply('250 2.1.5 OK');
			}
			case 'DATA': {
				const fault = script.data?.(owner.dataCommands) ?? 'accept';
				owner.dataCommands++;
				inData = { lines: [], fault };
				return reply('354 End data with <CR><LF>.<CR><LF>');
			}
			case 'RSET':
				envelope = { from: '', to: [] };
				return reply('250 2.0.0 OK');
			case 'NOOP':
				return reply('250 2.0.0 OK');
			case 'QUIT':
				reply('221 2.0.0 Bye');
				socket.end();
				return;
			default:
				return reply('502 5.5.2 Command not recognized');
		}
	};

	socket.on('data', (chunk: Buffer) => {
		if (inData?.fault === 'dropMidData') {
			// The client has started the message; cut the connection before it can finish.
			socket.destroy();
			return;
		}
		buffer += chunk.toString('utf8');
		let newline: number;
		while ((newline = buffer.indexOf('\r\n')) !== -1) {
			const line = buffer.slice(0, newline);
			buffer = buffer.slice(newline + 2);
			if (inData) {
				if (line === '.') {
					const { lines, fault } = inData;
					inData = undefined;
					endData(lines, fault);
				} else {
					inData.lines.push(line);
				}
				continue;
			}
			command(line);
		}
	});
	socket.on('error', () => undefined);

	const greeting = script.greeting?.(connection) ?? 'greet';
	if (greeting === 'silent') return;
	if (typeof greeting === 'object') {
		reply(greeting.reply);
		socket.end();
		return;
	}
	reply('220 fault.test ESMTP ready');
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultSmtpServer> {
	const mode = options.security ?? 'none';
	const onSocket = (socket: net.Socket) => {
		owner.track(socket);
		const connection = owner.connections++;
		if (socket instanceof tls.TLSSocket) owner.protocols.push(socket.getProtocol());
		if (mode === 'handshakeFailure') {
			socket.once('data', () => socket.end(HANDSHAKE_FAILURE_ALERT));
			socket.on('error', () => undefined);
			return;
		}
		serve(socket, owner, connection);
	};
	let server: net.Server;
	if (mode === 'ssl') {
		const { key, cert } = await testCertificate();
		server = tls.createServer({ key, cert, ...options.tls }, onSocket);
		server.on('tlsClientError', () => undefined);
	} else {
		server = net.createServer(onSocket);
	}
	const owner = new FaultSmtpServer(server, mode, options.script ?? {}, options.password);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	return owner;
}
