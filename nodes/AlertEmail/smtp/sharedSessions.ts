/**
 * SMTP sessions shared by the executions of this n8n process. A storm reaches n8n as many
 * executions of one alert each (one webhook call per alert); with a session each, every one would
 * connect and log in, which is what gets a mailbox blocked. Executions with the same connection
 * settings lease one session instead:
 * - keyed on a hash of everything that makes a connection (host, port, security, login and secret,
 *   proxy, TLS options, client hostname), never on the secret in clear;
 * - kept open while idle for Keep Alive, then closed with QUIT (0: closed when its last execution ends);
 * - a credential that changed gets a new session; the old one finishes its mails and closes;
 * - one pool of Connections and one rate limit for all executions together;
 * - the login breaker pauses logins after a refused one (smtp/loginBreaker.ts).
 * When n8n shuts down, no session is kept alive any more: each closes with QUIT once its last
 * execution ends, and idle ones at once.
 */
import { createHash, scryptSync } from 'node:crypto';

import type { ConnectionSettings } from './connectionSettings';
import { processLoginBreaker } from './loginBreaker';
import type { LoginBreaker } from './loginBreaker';
import type { SendingTuning } from './readDeliveryOptions';
import { SmtpSession } from './transport';

export interface SessionLease {
	session: SmtpSession;
	/** This execution is done with the session. Call once. */
	release(): void;
}

export interface LeaseOptions {
	/**
	 * The execution's settings: connections and timeouts, the rate limit, and Keep Alive (how long
	 * the session stays open with no execution using it; 0 closes it when the last one ends).
	 */
	tuning: Omit<SendingTuning, 'retry'>;
	/** The n8n credential's id: a later lease with other settings for it retires this session. */
	credentialId?: string;
	/** Where refused logins pause further ones (this process, or a store shared by workers). */
	breaker?: LoginBreaker;
}

/**
 * The session key: a hash of every setting that makes a different connection. It also names keys in
 * a shared Redis (the login breaker, group windows), so the secrets go in only through scrypt: whoever
 * can read Redis cannot test guesses of a weak password against it at the speed of SHA-256.
 */
export function sessionKey(connection: ConnectionSettings): string {
	const { host, port, security, user, password, proxy, allowUnauthorizedCerts, minTlsVersion, clientHostname } = connection;
	const identity = JSON.stringify([
		host,
		port,
		security,
		user,
		slowDigest(password),
		proxy ? { ...proxy, password: slowDigest(proxy.password ?? '') } : null,
		allowUnauthorizedCerts,
		minTlsVersion,
		clientHostname ?? null,
	]);
	return createHash('sha256').update(identity).digest('hex');
}

/** One scrypt per secret per process (tens of ms): every execution computes the key, few secrets differ. */
const digests = new Map<string, string>();
const DIGEST_SALT = 'n8n-nodes-alert-email/session-key/v1';

function slowDigest(secret: string): string {
	let digest = digests.get(secret);
	if (digest === undefined) {
		digest = scryptSync(secret, DIGEST_SALT, 32).toString('hex');
		if (digests.size >= 256) digests.clear();
		digests.set(secret, digest);
	}
	return digest;
}

interface Entry {
	session: SmtpSession;
	users: number;
	keepAliveMs: number;
	idleTimer?: NodeJS.Timeout;
	retired: boolean;
}

export class SharedSessions {
	private readonly entries = new Map<string, Entry>();
	private readonly keyOfCredential = new Map<string, string>();
	private shuttingDown = false;

	constructor(private readonly defaultBreaker: LoginBreaker = processLoginBreaker) {}

	lease(connection: ConnectionSettings, options: LeaseOptions): SessionLease {
		const key = sessionKey(connection);
		if (options.credentialId !== undefined) this.retireOthers(options.credentialId, key);
		const { tuning } = options;
		const store = options.breaker ?? this.defaultBreaker;
		let entry = this.entries.get(key);
		if (!entry) {
			entry = { session: new SmtpSession(connection, tuning, { breaker: { store, key } }), users: 0, keepAliveMs: 0, retired: false };
			this.entries.set(key, entry);
		} else {
			entry.session.useBreaker(store);
		}
		clearTimeout(entry.idleTimer);
		entry.users++;
		entry.keepAliveMs = this.shuttingDown ? 0 : tuning.keepAliveMs;
		// An idle connection lives as long as the session would: no longer than Keep Alive.
		entry.session.retune(tuning, tuning.rateLimit, entry.keepAliveMs > 0 ? entry.keepAliveMs : undefined);
		const leased = entry;
		let released = false;
		return {
			session: entry.session,
			release: () => {
				if (released) return;
				released = true;
				this.release(key, leased);
			},
		};
	}

	/** Sessions open now (for tests and the shutdown path). */
	get size(): number {
		return this.entries.size;
	}

	/** n8n is stopping: keep nothing alive, close idle sessions now and busy ones when their executions end. */
	shutDown(): Promise<void> {
		this.shuttingDown = true;
		for (const entry of this.entries.values()) entry.keepAliveMs = 0;
		return this.closeIdle();
	}

	/** Closes (QUIT) every session no execution is using now. */
	closeIdle(): Promise<void> {
		const closing: Array<Promise<void>> = [];
		for (const [key, entry] of this.entries) if (entry.users === 0) closing.push(this.close(key, entry));
		return Promise.all(closing).then(() => undefined);
	}

	private retireOthers(credentialId: string, key: string): void {
		const previous = this.keyOfCredential.get(credentialId);
		this.keyOfCredential.set(credentialId, key);
		if (previous === undefined || previous === key) return;
		const old = this.entries.get(previous);
		if (!old) return;
		old.retired = true;
		if (old.users === 0) void this.close(previous, old);
	}

	private release(key: string, entry: Entry): void {
		entry.users--;
		if (entry.users > 0) return;
		if (entry.retired || entry.keepAliveMs <= 0) {
			void this.close(key, entry);
			return;
		}
		entry.idleTimer = setTimeout(() => void this.close(key, entry), entry.keepAliveMs);
		entry.idleTimer.unref();
	}

	private close(key: string, entry: Entry): Promise<void> {
		clearTimeout(entry.idleTimer);
		if (this.entries.get(key) === entry) this.entries.delete(key);
		return entry.session.close();
	}
}

/** The sessions of this process. */
export const sharedSessions = new SharedSessions();

/**
 * n8n handles SIGTERM/SIGINT itself and waits for running executions; a listener added beside its
 * own changes nothing about how the process ends. Where nobody listens (a plain script), adding one
 * would keep the process from ending on the signal, so none is added there.
 */
function onShutdown(): void {
	void sharedSessions.shutDown();
}
let hooked = false;
export function hookShutdown(): void {
	if (hooked) return;
	hooked = true;
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		if (process.listenerCount(signal) > 0) process.once(signal, onShutdown);
	}
	// Idle sockets do not keep the process alive; when it ends on its own, close what is left.
	process.once('beforeExit', onShutdown);
}
