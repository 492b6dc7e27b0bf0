/** The rule table: which raw error is which failure kind, what it means and what to do. */
import { offeredCombinations } from '../endpoint';
import { authorizationCodeHint, presetOf, proxyName, securityAdvice, temporaryHint, temporaryMessage, tlsReason } from './hints';
import { isQuotaReply } from './quota';
import type { RawSmtpError } from './rawError';
import type { FailureContext, FailureKind } from './types';

const isDnsFailure = (e: RawSmtpError, t: string) => e.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(t);
const TEMPORARY_DNS = /EAI_AGAIN|ESERVFAIL|ETIMEOUT|DNS lookup for \S+ timed out/;
const MESSAGE_SIZE = /\b5\.3\.4\b|size|too (big|large)/i;
const hostName = (c: FailureContext) => (c.proxy ? `proxy host name ${c.proxy.host}` : `host name ${c.host ?? ''}`);

export interface Rule {
	kind: FailureKind;
	matches: (error: RawSmtpError, text: string, context: FailureContext) => boolean;
	message: (error: RawSmtpError, where: string, context: FailureContext) => string;
	hint: (context: FailureContext, error: RawSmtpError) => string;
	retryable: boolean;
	stopsBatch: boolean;
}

/**
 * Ordered: the first rule that matches wins. Login failures come before quota replies because
 * QQ's 535 text lists "login frequency limited" among its possible causes.
 */
export const RULES: Rule[] = [
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
		hint: () => 'Turn on the SMTP service in the mailbox settings (163/126: Settings → POP3/SMTP/IMAP) and create an authorization code.',
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
		// User and code set, but the server offered no AUTH at all on a plain-text connection (see
		// smtp/transport.ts): nothing was checked, so the credential test must not pass.
		kind: 'loginNotOffered',
		matches: (e) => e.code === 'EAUTH' && e.command === 'AUTH' && /offers no login/i.test(e.message),
		message: (_e, w) =>
			`Connected to ${w}, but the server offers no login (AUTH) on this connection, so User and Authorization Code were never checked.`,
		hint: () =>
			'If this server takes mail without a login (a local relay), clear User and Authorization Code. Otherwise it offers the login only over TLS: set Security to "SSL/TLS" (usually port 465) or "STARTTLS" (usually 587).',
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
		matches: (_e, t) => /self[- ]signed|unable to verify|certificate|CERT_|Hostname\/IP does not match|UNABLE_TO_GET_ISSUER/i.test(t),
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
			"The server and n8n found no TLS version or cipher in common (n8n accepts the credential's Minimum TLS Version, TLS 1.2 unless lowered), or the port is not a TLS port. Check Port and Security, or ask the mail administrator which TLS versions the server offers; only for an old internal server, lower Minimum TLS Version (insecure).",
		retryable: false,
		stopsBatch: true,
	},
	{
		// The resolver could not answer for now (getaddrinfo's EAI_AGAIN, a DNS server failure or
		// nodemailer's lookup deadline): worth another try, unlike a name that does not exist.
		kind: 'dns',
		matches: (e, t) => isDnsFailure(e, t) && TEMPORARY_DNS.test(t),
		message: (e, _w, c) =>
			`The ${hostName(c)} could not be resolved for now (DNS: ${TEMPORARY_DNS.exec(`${e.errno ?? ''} ${e.message}`)?.[0] ?? 'temporary failure'}).`,
		hint: (c) =>
			`The DNS resolver did not answer; it was retried. Check that n8n can reach its DNS servers${c.proxy ? '' : ' (or set a proxy, which resolves the mail server for you)'}.`,
		retryable: true,
		stopsBatch: true,
	},
	{
		// ENOTFOUND: the name does not exist. Asking again gives the same answer.
		kind: 'dns',
		matches: isDnsFailure,
		message: (_e, _w, c) => `The ${hostName(c)} could not be resolved (DNS).`,
		hint: (c) =>
			c.proxy
				? `Check Proxy Host ${c.proxy.host} for typos and that n8n can resolve it.`
				: 'Check Host for typos, and that n8n can resolve DNS names (or set a proxy, which resolves the mail server for you).',
		retryable: false,
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
		// A 5xx to MAIL FROM refuses the sender, not the recipients: QQ "501 mail from address must
		// be same as authorization user", 163 "553 Mail from must equal authorized user" and "553
		// Local user only". Every mail has the same sender, so none would go. A quota or size reply at
		// MAIL FROM is not about the address.
		kind: 'senderRejected',
		matches: (e, t) => e.command === 'MAIL FROM' && (e.responseCode ?? 0) >= 500 && !isQuotaReply(t) && !MESSAGE_SIZE.test(t),
		message: (e, w) => `The server refused the sender address (${w}): ${e.response ?? e.message}`,
		hint: () =>
			'Most providers (QQ, 163, 126, Gmail, Outlook) only send from the logged-in mailbox: leave From Email in the SMTP Alert credential empty (it then uses User) or set it to the same address as User. For your own server, check that this sender may send through it.',
		retryable: false,
		stopsBatch: true,
	},
	{
		kind: 'recipientRejected',
		matches: (e) => e.code === 'EENVELOPE' && e.command !== 'MAIL FROM' && (e.responseCode ?? 0) >= 500,
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
