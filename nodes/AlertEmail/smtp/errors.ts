/**
 * The one registry of SMTP failures: nodemailer's `code`, the server's `responseCode`, `command`
 * and reply text map to a kind, a plain message and what to do. Used by the node, the delivery
 * layer and the credential test alike. Nothing here ever reads a secret.
 */
import { decodeServerReply } from './serverReply';
import type { ServerEndpoint } from './findPreset';

export type FailureKind =
	| 'auth'
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
}

export interface FailureContext extends Partial<ServerEndpoint> {
	provider?: string;
	proxy?: { type: string; host: string; port: number };
}

interface RawSmtpError {
	message: string;
	code?: string;
	responseCode?: number;
	command?: string;
	response?: string;
	/** Node's own error code under nodemailer's, e.g. ECONNREFUSED. */
	errno?: string;
	/** nodemailer's timer that fired: CONNECT_TIMEOUT, GREETING_TIMEOUT or SOCKET_TIMEOUT. */
	timeoutType?: string;
}

interface Rule {
	kind: FailureKind;
	matches: (error: RawSmtpError, text: string) => boolean;
	message: (error: RawSmtpError, where: string, context: FailureContext) => string;
	hint: (context: FailureContext) => string;
	retryable: boolean;
	stopsBatch: boolean;
}

/**
 * Sender quotas, per provider where they differ: QQ "550 Sender/Domain/Connection frequency
 * limited", 163/126 "451 MI:SFQ" (the sender's 15-minute quota), Gmail "550 5.4.5 Daily user
 * sending limit exceeded", Microsoft 365 "554 5.2.0 ...SubmissionQuotaExceededException" and
 * "550 5.2.25x Sender throttled ...". A recipient's full mailbox (x.2.2) is not the sender's quota.
 */
const SENDER_QUOTA =
	/frequency limited|MI:SFQ|\b5\.4\.5\b|SubmissionQuotaExceeded|too many (mails|messages|connections)|sending (quota|limit)|rate limit|quota/i;
const RECIPIENT_MAILBOX_FULL = /\b[45]\.2\.2\b|mailbox (is )?full/i;
// Microsoft's throttle names its cause, which may be "mailbox full" errors: still the sender's.
const SENDER_THROTTLED = /Sender throttled/i;

const isQuotaReply = (text: string) =>
	SENDER_THROTTLED.test(text) || (SENDER_QUOTA.test(text) && !RECIPIENT_MAILBOX_FULL.test(text));

/** How long a quota keeps refusing: 163's is a 15-minute window, Gmail's and Microsoft's a day. */
export function quotaRetryAfterMinutes(reply: string): number {
	if (/MI:SFQ/i.test(reply)) return 15;
	if (/\b5\.4\.5\b|daily|SubmissionQuotaExceeded/i.test(reply)) return 24 * 60;
	// QQ and others do not publish their windows; an hour is what their users report.
	return 60;
}

/** OpenSSL's short reason, e.g. "sslv3 alert handshake failure", instead of its whole error line. */
function tlsReason(message: string): string {
	const parts = message.split(':');
	const at = parts.indexOf('SSL routines');
	return (at >= 0 && parts[at + 2]) || message.trim();
}

const temporaryMessage = (e: RawSmtpError, where: string) => `The server asked to try again later (${where}): ${e.response ?? e.message}`;
const temporaryHint = () => 'This is temporary and was retried. n8n can retry the execution; if it persists, check the provider\'s status.';

const authorizationCodeHint = (context: FailureContext) =>
	['qq', 'qqEnterprise', '163', '126', 'yeah'].includes(context.provider ?? '')
		? 'Use the SMTP authorization code (授权码) from the mailbox settings, not the login password, and check that User is the full mailbox address. A code is revoked when you change the password or turn SMTP off.'
		: 'Check User and Authorization Code. Many providers (Gmail, QQ, 163) need an app password or authorization code instead of the login password.';

function securityAdvice(context: FailureContext): string {
	if (context.security === 'ssl') {
		return `Port ${context.port ?? ''} does not speak implicit TLS. Use Security "STARTTLS" with port 587 (or 25), or keep "SSL/TLS" with port 465.`;
	}
	return `Port ${context.port ?? ''} expects TLS from the first byte (implicit TLS). Use Security "SSL/TLS" with port 465, or "STARTTLS" with port 587.`;
}

/**
 * Ordered: the first rule that matches wins. Login failures come before quota replies because
 * QQ's 535 text lists "login frequency limited" among its possible causes.
 */
const RULES: Rule[] = [
	{
		kind: 'proxyAuth',
		matches: (e, t) => e.code === 'EPROXY' && /auth|407/i.test(t),
		message: (e) => `The proxy refused the login: ${e.message}`,
		hint: () => 'Check Proxy User and Proxy Password, or clear them if the proxy needs no login.',
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'proxyRefused',
		matches: (e, t) => (e.code === 'EPROXY' || /proxy|socks/i.test(e.message)) && /ECONNREFUSED|refused/i.test(t),
		message: (_e, _w, c) => `Could not reach the proxy at ${c.proxy?.host}:${c.proxy?.port}: connection refused.`,
		hint: () => 'Check Proxy Host and Proxy Port, and that the proxy is running and reachable from n8n.',
		retryable: true,
		stopsBatch: true,
	},
	{
		kind: 'proxy',
		matches: (e, t) => e.code === 'EPROXY' || /socks|proxy/i.test(t),
		message: (e) => `The proxy could not open a tunnel to the mail server: ${e.message}`,
		hint: () => 'Check that the proxy allows connections to the SMTP host and port (CONNECT to port 465/587 is often blocked).',
		retryable: true,
		stopsBatch: true,
	},
	{
		kind: 'serviceDisabled',
		matches: (e, t) => e.responseCode === 550 && /User has no permission/i.test(t),
		message: (e, w) => `The mailbox may not send over SMTP (${w}): ${e.response ?? e.message}`,
		hint: () =>
			'Turn on the SMTP service in the mailbox settings (163/126: Settings → POP3/SMTP/IMAP) and create an authorization code.',
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'auth',
		matches: (e) => e.code === 'EAUTH' || e.responseCode === 535 || e.responseCode === 534,
		message: (e, w) => `Login failed (${w}): ${e.response ?? e.message}`,
		hint: authorizationCodeHint,
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'quota',
		matches: (e, t) => (e.responseCode ?? 0) >= 400 && isQuotaReply(t),
		message: (e, w) => `The mail server refused more mail for now (${w}): ${e.response ?? e.message}`,
		hint: () =>
			'The provider limits how many mails or logins an account may send. Nothing more is sent in this execution; wait before retrying, and raise Send Interval, use Digest or set Rate Limit to send fewer mails.',
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'starttlsMissing',
		matches: (_e, t) => /STARTTLS/i.test(t) && /not (advertise|support)|required/i.test(t),
		message: (_e, w) => `The server at ${w} does not offer STARTTLS, so nothing was sent in clear text.`,
		hint: (c) =>
			c.port === 465
				? 'Port 465 uses implicit TLS: set Security to "SSL/TLS".'
				: 'Use Security "SSL/TLS" on port 465 if the provider offers it, or "None" only for a trusted local relay.',
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'tlsMismatch',
		matches: (_e, t) => /wrong version number|packet length too long|unknown protocol|http request|tlsv1 alert protocol version/i.test(t),
		message: (_e, w) => `TLS did not start at ${w}: the port and the Security setting do not match.`,
		hint: securityAdvice,
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'certificate',
		matches: (_e, t) =>
			/self[- ]signed|unable to verify|certificate|CERT_|Hostname\/IP does not match|UNABLE_TO_GET_ISSUER/i.test(t),
		message: (e, w) => `The server's TLS certificate is not trusted (${w}): ${e.message}`,
		hint: () =>
			'Use the provider\'s real host name (not an IP) so the certificate matches. For an internal server with a self-signed certificate, turn on "Ignore TLS Certificate Errors (Insecure)".',
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'tlsHandshake',
		matches: (_e, t) => /alert handshake failure|no shared cipher|unsupported protocol|SSL routines/i.test(t),
		message: (e, w) => `The TLS handshake with ${w} failed: ${tlsReason(e.message)}.`,
		hint: () =>
			'The server and n8n found no TLS version or cipher in common (n8n needs TLS 1.2 or newer), or the port is not a TLS port. Check Port and Security, or ask the mail administrator which TLS versions the server offers.',
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'dns',
		matches: (e, t) => e.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(t),
		message: (_e, _w, c) => `The host name ${c.host ?? ''} could not be resolved.`,
		hint: () => 'Check Host for typos, and that n8n can resolve DNS names (or set a proxy).',
		retryable: true,
		stopsBatch: true,
	},
	{
		kind: 'refused',
		matches: (_e, t) => /ECONNREFUSED/i.test(t),
		message: (_e, w) => `Connection refused by ${w}: nothing listens on that port, or a firewall rejects it.`,
		hint: () => 'Check Host, Port and Security (SSL/TLS usually port 465, STARTTLS 587 or 25), and whether your network needs a proxy.',
		retryable: true,
		stopsBatch: true,
	},
	{
		// The session was up and the server went quiet (e.g. after the message): not a port problem.
		kind: 'timeout',
		matches: (e) => e.code === 'ETIMEDOUT' && e.timeoutType === 'SOCKET_TIMEOUT',
		message: (_e, w) => `The server at ${w} stopped answering in the middle of the session (socket timeout).`,
		hint: () =>
			'The server or the network stalled. It was retried; if it keeps happening, raise Socket Timeout or check the server. A mail whose answer never came may still arrive.',
		retryable: true,
		stopsBatch: true,
	},
	{
		kind: 'timeout',
		matches: (e, t) => e.code === 'ETIMEDOUT' || /ETIMEDOUT|timed? ?out/i.test(t),
		message: (e, w) =>
			/greeting/i.test(e.message)
				? `The server at ${w} accepted the connection but never greeted: the port may expect implicit TLS.`
				: `No answer from ${w} in time (${e.message}).`,
		hint: (c) =>
			c.security === 'starttls' || c.security === 'none'
				? `${securityAdvice(c)} If the settings are right, the network may block outgoing SMTP: try a proxy.`
				: 'Check Host and Port. Many networks and clouds block outgoing SMTP ports; try port 465 or 587, or set a proxy.',
		retryable: true,
		stopsBatch: true,
	},
	{
		kind: 'recipientRejected',
		matches: (e) => e.code === 'EENVELOPE' && (e.responseCode ?? 0) >= 500,
		message: (e, w) => `The server rejected the recipients (${w}): ${e.response ?? e.message}`,
		hint: () => 'Check the recipient addresses. QQ and 163 also reject mail whose sender is not the logged-in mailbox.',
		retryable: false,
		stopsBatch: false,
	},
	{
		// 421 (and any 4xx before a session exists) refuses the connection, not the message: if it
		// is still there after the retries, every other mail would get the same answer.
		kind: 'temporary',
		matches: (e) => e.responseCode === 421 || (e.command === 'CONN' && (e.responseCode ?? 0) >= 400 && (e.responseCode ?? 0) < 500),
		message: temporaryMessage,
		hint: temporaryHint,
		retryable: true,
		stopsBatch: true,
	},
	{
		// Includes 163's "451 DT:SPM" (judged as spam for now, try again); its 554 form is final.
		kind: 'temporary',
		matches: (e) => (e.responseCode ?? 0) >= 400 && (e.responseCode ?? 0) < 500,
		message: temporaryMessage,
		hint: temporaryHint,
		retryable: true,
		stopsBatch: false,
	},
	{
		kind: 'messageRejected',
		matches: (e) => (e.responseCode ?? 0) >= 500,
		message: (e, w) => `The server refused the mail (${w}): ${e.response ?? e.message}`,
		hint: () => 'Read the server reply above. "554 DT:SPM" means the provider judged it as spam: make the subject and text less generic.',
		retryable: false,
		stopsBatch: false,
	},
	{
		kind: 'connectionLost',
		matches: (e) => e.code === 'ECONNECTION' || e.code === 'ESOCKET' || /ECONNRESET|EPIPE|closed/i.test(e.message),
		message: (e, w) => `The connection to ${w} was lost: ${e.message}`,
		hint: (c) => `If this happens right after connecting, the Security setting may not fit the port. ${securityAdvice(c)}`,
		retryable: true,
		stopsBatch: true,
	},
];

function rawError(error: unknown): RawSmtpError {
	if (!(error instanceof Error)) return { message: String(error) };
	const fields = error as Error & Partial<Omit<RawSmtpError, 'message'>> & { cause?: unknown };
	const cause = fields.cause instanceof Error ? (fields.cause as Error & { code?: string }) : undefined;
	const nested = (fields as { errno?: unknown }).errno;
	return {
		message: error.message,
		code: typeof fields.code === 'string' ? fields.code : undefined,
		responseCode: typeof fields.responseCode === 'number' ? fields.responseCode : undefined,
		command: typeof fields.command === 'string' ? fields.command : undefined,
		response: typeof fields.response === 'string' ? decodeServerReply(fields.response) : undefined,
		errno: cause?.code ?? (typeof nested === 'string' ? nested : undefined),
		timeoutType: typeof fields.timeoutType === 'string' ? fields.timeoutType : undefined,
	};
}

export function describeSmtpFailure(error: unknown, context: FailureContext = {}): SmtpFailure {
	const raw = rawError(error);
	const text = [raw.message, raw.code, raw.errno, raw.response].filter(Boolean).join(' ');
	const where = context.host ? `${context.host}:${context.port ?? ''}` : 'the SMTP server';
	const rule = RULES.find((candidate) => candidate.matches(raw, text));
	const base = {
		code: raw.code,
		responseCode: raw.responseCode,
		command: raw.command,
		response: raw.response,
	};
	if (!rule) {
		return {
			...base,
			kind: 'unknown',
			message: `Sending failed (${where}): ${raw.response ?? raw.message}`,
			hint: 'Check the settings of the SMTP Alert credential with its Test button.',
			retryable: false,
			stopsBatch: false,
		};
	}
	return {
		...base,
		kind: rule.kind,
		message: rule.message(raw, where, context),
		hint: rule.hint(context),
		retryable: rule.retryable,
		stopsBatch: rule.stopsBatch,
		...(rule.kind === 'quota' ? { retryAfterMinutes: quotaRetryAfterMinutes(raw.response ?? raw.message) } : {}),
	};
}
