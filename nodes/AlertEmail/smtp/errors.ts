/**
 * The one registry of SMTP failures: nodemailer's `code`, the server's `responseCode`, `command`
 * and reply text map to a kind, a plain message and what to do. Used by the node, the delivery
 * layer and the credential test alike. Nothing here ever reads a secret.
 */
import { decodeServerReply } from './serverReply';
import { findPreset, offeredCombinations } from './findPreset';
import type { ServerEndpoint } from './findPreset';
import type { ProviderPreset } from './presets';

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
	matches: (error: RawSmtpError, text: string, context: FailureContext) => boolean;
	message: (error: RawSmtpError, where: string, context: FailureContext) => string;
	hint: (context: FailureContext, error: RawSmtpError) => string;
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

function presetOf(context: FailureContext): ProviderPreset {
	try {
		return findPreset(context.provider ?? 'custom');
	} catch {
		return findPreset('custom');
	}
}

/** Names the authorization code and says where this provider hands it out. */
function authorizationCodeHint(context: FailureContext, reply = ''): string {
	const preset = presetOf(context);
	if (/5\.7\.139/.test(reply)) {
		return 'Microsoft refused Basic authentication for this mailbox or tenant (SMTP AUTH disabled). An admin must enable Authenticated SMTP for the mailbox; where Microsoft has retired Basic authentication, this credential cannot log in. Check User and Authorization Code otherwise.';
	}
	const where = preset.id === 'custom' ? '' : ` ${preset.authHelp}`;
	return `Check User (the full mailbox address) and Authorization Code: most providers want the SMTP authorization code (授权码) or an app password here, not the login password. A code stops working when the password changes or SMTP is turned off.${where}`;
}

/** The security modes and ports that fit, for this provider when it is a preset. */
function securityAdvice(context: FailureContext): string {
	const preset = presetOf(context);
	const port = context.port ?? '';
	if (context.security === 'ssl') {
		const plain = `Port ${port} answers in plain text, so it is not an implicit-TLS port. Set Security to "STARTTLS" for port ${port}`;
		if (preset.id === 'custom') return `${plain}, or keep "SSL/TLS" with the implicit-TLS port (usually 465).`;
		if (preset.ports.ssl === undefined) return `${plain}; ${preset.name} serves ${offeredCombinations(preset)}.`;
		return `${plain}, or keep "SSL/TLS" with port ${preset.ports.ssl} (Port 0 picks it).`;
	}
	const offered = offeredCombinations(preset, ['ssl', 'starttls']);
	return `Port ${port} expects TLS from the first byte (implicit TLS). Set Security to "SSL/TLS" for port ${port}${offered ? `; ${preset.name} serves ${offered}` : ''}.`;
}

/**
 * The credential test's finding when STARTTLS or None gets no greeting but the same port completes
 * a TLS handshake: the port speaks implicit TLS. Same words as the timeout rule's hint.
 */
export function implicitTlsPortFailure(context: FailureContext): SmtpFailure {
	const where = context.host ? `${context.host}:${context.port ?? ''}` : 'the SMTP server';
	return {
		kind: 'tlsMismatch',
		message: `No SMTP greeting from ${where} in plain text, but the port answered a TLS handshake: the port and the Security setting do not match.`,
		hint: securityAdvice(context),
		retryable: false,
		stopsBatch: true,
	};
}

const proxyName = (c: FailureContext) => (c.proxy ? `${c.proxy.type} proxy ${c.proxy.host}:${c.proxy.port}` : 'proxy');

/**
 * Ordered: the first rule that matches wins. Login failures come before quota replies because
 * QQ's 535 text lists "login frequency limited" among its possible causes.
 */
const RULES: Rule[] = [
	{
		// HTTP proxies answer 407; SOCKS5 ones fail the sub-negotiation or accept no login method.
		kind: 'proxyAuth',
		matches: (e, t) => (e.code === 'EPROXY' || /socks/i.test(e.message)) && /\b407\b|authentication/i.test(t),
		message: (e, _w, c) =>
			/no accepted authentication/i.test(e.message)
				? `The ${proxyName(c)} requires a login, and none was accepted.`
				: `The ${proxyName(c)} refused the login (${e.message}).`,
		hint: () => 'Check Proxy User and Proxy Password (the proxy wants a login if they are empty), or clear them if the proxy needs none.',
		retryable: false,
		stopsBatch: true,
	},
	{
		// With a proxy set, the only connection n8n opens itself is the one to the proxy: a plain
		// ECONNREFUSED is the proxy's. The mail server refusing the proxy comes back as a proxy reply.
		kind: 'proxyRefused',
		matches: (e, t, c) =>
			!/rejected connection|response from proxy/i.test(t) &&
			/ECONNREFUSED/i.test(t) &&
			(c.proxy !== undefined || e.code === 'EPROXY' || /proxy|socks/i.test(e.message)),
		message: (_e, _w, c) => `Could not reach the ${proxyName(c)}: connection refused.`,
		hint: () => 'Check Proxy Host and Proxy Port, and that the proxy is running and reachable from n8n.',
		retryable: true,
		stopsBatch: true,
	},
	{
		kind: 'proxy',
		matches: (e, t) => e.code === 'EPROXY' || (/socks|proxy/i.test(t) && !/ENOTFOUND|EAI_AGAIN/.test(t)),
		message: (e, w, c) => `The ${proxyName(c)} could not open a tunnel to the mail server ${w}: ${e.message}`,
		hint: () =>
			'Check Host, Port and Security, and that the proxy allows connections to that host and port (many proxies only allow CONNECT to 443; ask for 465/587).',
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
		// Security "None" against a server that wants TLS before the login ("530 5.7.0 Must issue a
		// STARTTLS command first"): not a wrong code.
		kind: 'tlsMismatch',
		matches: (e, t) => (e.code === 'EAUTH' || e.responseCode === 530 || e.responseCode === 538) && /STARTTLS/i.test(t),
		message: (e, w) => `The server at ${w} wants an encrypted connection before the login: ${e.response ?? e.message}`,
		hint: () => 'Set Security to "STARTTLS" for this port, or "SSL/TLS" with the implicit-TLS port (usually 465).',
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'auth',
		matches: (e) => e.code === 'EAUTH' || e.responseCode === 535 || e.responseCode === 534,
		message: (e, w) => `Login failed (${w}): ${e.response ?? e.message}`,
		hint: (c, e) => authorizationCodeHint(c, e.response ?? e.message),
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
		// nodemailer sends STARTTLS even when it is not advertised (requireTLS) and fails on the refusal.
		kind: 'starttlsMissing',
		matches: (e, t) =>
			(e.code === 'ETLS' && e.command === 'STARTTLS' && e.responseCode !== undefined) ||
			(/STARTTLS/i.test(t) && /not (advertise|support)|required/i.test(t)),
		message: (e, w) =>
			`The server at ${w} does not offer STARTTLS${e.response ? ` (it answered "${e.response}")` : ''}, so the login was not sent in clear text.`,
		hint: (c) => {
			const tls = offeredCombinations(presetOf(c), ['ssl']);
			return `${tls ? `Use ${tls} (Security "SSL/TLS")` : 'Use Security "SSL/TLS" with the implicit-TLS port (usually 465)'}, or "None" only for a trusted local relay.`;
		},
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'tlsMismatch',
		matches: (_e, t) => /wrong version number|packet length too long|unknown protocol|http request/i.test(t),
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
			'The server and n8n found no TLS version or cipher in common (n8n accepts the credential\'s Minimum TLS Version, TLS 1.2 unless lowered), or the port is not a TLS port. Check Port and Security, or ask the mail administrator which TLS versions the server offers; only for an old internal server, lower Minimum TLS Version (insecure).',
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'dns',
		matches: (e, t) => e.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(t),
		message: (_e, _w, c) =>
			c.proxy
				? `The proxy host name ${c.proxy.host} could not be resolved (DNS).`
				: `The host name ${c.host ?? ''} could not be resolved (DNS).`,
		hint: (c) =>
			c.proxy
				? `Check Proxy Host ${c.proxy.host} for typos and that n8n can resolve it.`
				: 'Check Host for typos, and that n8n can resolve DNS names (or set a proxy, which resolves the mail server for you).',
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
	const fields = error as Error & Partial<Omit<RawSmtpError, 'message'>> & { cause?: unknown; originalCode?: unknown };
	const cause = fields.cause instanceof Error ? (fields.cause as Error & { code?: string }) : undefined;
	const nested = (fields as { errno?: unknown }).errno;
	return {
		// A GBK reply is part of nodemailer's message too ("Invalid login: 535 ...").
		message: decodeServerReply(error.message),
		code: typeof fields.code === 'string' ? fields.code : undefined,
		responseCode: typeof fields.responseCode === 'number' ? fields.responseCode : undefined,
		command: typeof fields.command === 'string' ? fields.command : undefined,
		response: typeof fields.response === 'string' ? decodeServerReply(fields.response) : undefined,
		errno: cause?.code ?? (typeof nested === 'string' ? nested : typeof fields.originalCode === 'string' ? fields.originalCode : undefined),
		timeoutType: typeof fields.timeoutType === 'string' ? fields.timeoutType : undefined,
	};
}

export function describeSmtpFailure(error: unknown, context: FailureContext = {}): SmtpFailure {
	const raw = rawError(error);
	const text = [raw.message, raw.code, raw.errno, raw.response].filter(Boolean).join(' ');
	const where = context.host ? `${context.host}:${context.port ?? ''}` : 'the SMTP server';
	const rule = RULES.find((candidate) => candidate.matches(raw, text, context));
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
		hint: rule.hint(context, raw),
		retryable: rule.retryable,
		stopsBatch: rule.stopsBatch,
		...(rule.kind === 'quota' ? { retryAfterMinutes: quotaRetryAfterMinutes(raw.response ?? raw.message) } : {}),
	};
}
