/** What the error registry tells its callers about an SMTP failure. */
import type { ServerEndpoint } from '../endpoint';

export type FailureKind =
	| 'auth'
	| 'loginNotOffered'
	| 'serviceDisabled'
	| 'refused'
	| 'timeout'
	| 'dns'
	| 'tlsMismatch'
	| 'tlsHandshake'
	| 'certificate'
	| 'starttlsMissing'
	| 'proxyRefused'
	| 'proxyAuth'
	| 'proxy'
	| 'quota'
	| 'senderRejected'
	| 'recipientRejected'
	| 'messageRejected'
	| 'temporary'
	| 'connectionLost'
	| 'unknown';

export interface SmtpFailure {
	kind: FailureKind;
	/** What happened, in words an operator understands; includes the server's reply when there is one. */
	message: string;
	/** What to do about it. */
	hint: string;
	code?: string;
	responseCode?: number;
	command?: string;
	/** The server's reply, decoded (GBK replies included). */
	response?: string;
	/** Safe and useful to try again (the message was not accepted, and the cause may pass). */
	retryable: boolean;
	/**
	 * Once this failure is final (not retryable, or still there after the retries), further
	 * sending in this execution would fail the same way or make things worse (bad login, quota,
	 * a server that keeps dropping us): the rest of the batch is not attempted.
	 */
	stopsBatch: boolean;
	/** For a provider quota: how long the provider is known (or assumed) to keep refusing. */
	retryAfterMinutes?: number;
	/** A refused login seen earlier: no login is tried with these settings before this epoch ms. */
	pausedUntil?: number;
}

export interface FailureContext extends Partial<ServerEndpoint> {
	provider?: string;
	proxy?: { type: string; host: string; port: number };
}
