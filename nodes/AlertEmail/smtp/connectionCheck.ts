/**
 * The credential test: connect (through the proxy when set), negotiate TLS, log in, and
 * optionally send a test mail. Answers in words the user can act on; never echoes a secret.
 */
import type { SmtpAlertCredential } from './credential';
import { ConfigurationError } from '../shared/configurationError';
import { parseAddressList, refusalMessage } from '../mail/addresses';
import type { Mailbox } from '../model';
import { headerText } from '../shared/headerText';
import { failureContext, resolveConnection, resolveSenderDefaults } from './connectionSettings';
import type { ConnectionSettings, SenderDefaults } from './connectionSettings';
import { describeSmtpFailure, implicitTlsPortFailure } from './errors';
import type { SmtpFailure } from './errors';
import { SECURITY_LABELS } from './endpoint';
import { sentence } from '../shared/text';
import { redactSecrets } from './redactSecrets';
import { DEFAULT_TUNING, SmtpSession } from './transport';
import type { TransportTuning } from './transport';

export interface CheckResult {
	ok: boolean;
	message: string;
}

export interface CheckOptions {
	/** Timeouts of the test's own session. */
	tuning?: TransportTuning;
	/**
	 * STARTTLS and None only: after this long without a greeting, a second connection checks whether
	 * the port speaks implicit TLS, so a 465-style port is named in seconds, not after the timeout.
	 */
	tlsProbeAfterMs?: number;
}

/**
 * Connect and greeting within 10 s each (nodemailer's own defaults are minutes). The idle-socket
 * timer runs a little longer, so a server that never greets is reported as such, not as "idle".
 */
export const CHECK_TUNING: TransportTuning = { ...DEFAULT_TUNING, maxConnections: 1, socketTimeoutMs: 12_000 };

/** Real servers greet within a second; a slower one only costs a spare TLS handshake. */
export const TLS_PROBE_AFTER_MS = 1_500;

function describeEndpoint(connection: ConnectionSettings): string {
	const via = connection.proxy ? ` via ${connection.proxy.type} proxy ${connection.proxy.host}:${connection.proxy.port}` : '';
	return `${connection.host}:${connection.port} (${SECURITY_LABELS[connection.security]})${via}`;
}

/**
 * Runs `connect` (a verification, or the test email, which connects and logs in itself), or
 * resolves "implicitTls" when STARTTLS/None got no greeting but the same port completes a TLS
 * handshake and greets inside it. The probe sends no credentials and accepts any certificate: it
 * only asks which protocol the port speaks.
 */
async function connectOrFindImplicitTls<T>(
	connect: () => Promise<T>,
	session: SmtpSession,
	connection: ConnectionSettings,
	tuning: TransportTuning,
	probeAfterMs: number,
): Promise<{ done: T } | 'implicitTls'> {
	const attempt = connect().then((done) => ({ done }));
	if (connection.security === 'ssl') return attempt;
	// The race may end on the probe; the attempt still settles later and must not go unhandled.
	attempt.catch(() => undefined);

	let timer: NodeJS.Timeout | undefined;
	let probe: SmtpSession | undefined;
	const implicitTls = new Promise<'implicitTls'>((resolve) => {
		// One probe at most, and only while the server has said nothing: once it greeted in plain text,
		// a slow TLS upgrade or login is no sign of a TLS port, and a ClientHello there is noise.
		timer = setTimeout(() => {
			if (session.greeted) return;
			const probeTimeout = Math.min(tuning.connectionTimeoutMs, 5_000);
			probe = new SmtpSession(
				{ ...connection, security: 'ssl', user: '', password: '', allowUnauthorizedCerts: true },
				{ ...tuning, maxConnections: 1, connectionTimeoutMs: probeTimeout, greetingTimeoutMs: probeTimeout, socketTimeoutMs: probeTimeout },
			);
			// Not TLS either: leave the answer to the real attempt.
			probe.verify().then(
				() => resolve('implicitTls'),
				() => undefined,
			);
		}, probeAfterMs);
	});
	try {
		return await Promise.race([attempt, implicitTls]);
	} finally {
		clearTimeout(timer);
		probe?.close();
	}
}

const failed = (failure: SmtpFailure, prefix = ''): CheckResult => ({
	ok: false,
	message: `${prefix}${sentence(failure.message)} ${failure.hint}`,
});

/** Failures at these commands came after the login: the connection and the login worked. */
const AFTER_LOGIN = new Set(['MAIL FROM', 'RCPT TO', 'DATA']);

/**
 * Default Recipients, checked as the node checks them: every entry must be an address. The test
 * email's recipients, or why there are none.
 */
function testRecipients(sender: SenderDefaults): { to: Mailbox[] } | { problem: string } {
	const list = parseAddressList(sender.toEmail, 'toEmail');
	if (list.refused.length > 0) return { problem: `Default Recipients: ${refusalMessage(list)}` };
	if (list.mailboxes.length === 0) return { problem: 'Default Recipients is empty: enter at least one recipient.' };
	return { to: list.mailboxes };
}

function sendTestEmail(session: SmtpSession, sender: SenderDefaults, connection: ConnectionSettings, to: Mailbox[]) {
	return session.send({
		from: { name: sender.fromName, address: sender.fromEmail },
		to,
		subject: headerText([sender.subjectPrefix, 'Test email from n8n Alert Email'].filter(Boolean).join(' ')),
		text: `This is a test from the n8n SMTP Alert credential. Server: ${describeEndpoint(connection)}.`,
		html: '<p>This is a test from the n8n SMTP Alert credential.</p>',
		...(sender.dkim ? { dkim: sender.dkim } : {}),
	});
}

/**
 * Connects and logs in; with Send Test Email on and recipients to send to, the test email does
 * that itself, so the server sees one login, not a verification's and then the send's.
 */
async function runCheck(
	session: SmtpSession,
	credential: Partial<SmtpAlertCredential>,
	sender: SenderDefaults,
	connection: ConnectionSettings,
	tuning: TransportTuning,
	probeAfterMs: number,
): Promise<CheckResult> {
	const context = failureContext(connection);
	const dkim = sender.dkim;
	// The key was read and checked (PEM, RSA of 1,024 bits or more, or Ed25519) before connecting.
	const signing = dkim ? ` DKIM: signing as ${dkim.selector}._domainkey.${dkim.domain} (${dkim.algorithm}).` : '';
	const loggedIn = connection.user
		? `Connected and logged in to ${describeEndpoint(connection)} as ${connection.user}.${signing}`
		: `Connected to ${describeEndpoint(connection)} (no login: User is empty).${signing}`;
	const recipients = credential.sendTestEmail ? testRecipients(sender) : undefined;
	if (!recipients || 'problem' in recipients) {
		try {
			if ((await connectOrFindImplicitTls(() => session.verify(), session, connection, tuning, probeAfterMs)) === 'implicitTls') {
				return failed(implicitTlsPortFailure(context));
			}
		} catch (error) {
			return failed(describeSmtpFailure(error, context));
		}
		return recipients
			? { ok: false, message: `${loggedIn} Send Test Email is on, but ${recipients.problem}` }
			: { ok: true, message: loggedIn };
	}
	try {
		const sent = await connectOrFindImplicitTls(
			() => sendTestEmail(session, sender, connection, recipients.to),
			session,
			connection,
			tuning,
			probeAfterMs,
		);
		if (sent === 'implicitTls') return failed(implicitTlsPortFailure(context));
		const receipt = sent.done;
		const refused = receipt.rejected.length
			? ` The server refused ${receipt.rejected.map((rejected) => `${rejected.address} (${rejected.reply})`).join(', ')}.`
			: '';
		return { ok: true, message: `${loggedIn} Test email sent to ${receipt.accepted.join(', ')} (server: ${receipt.response}).${refused}` };
	} catch (error) {
		const failure = describeSmtpFailure(error, context);
		return failed(failure, failure.command && AFTER_LOGIN.has(failure.command) ? `${loggedIn} The test email was not sent: ` : '');
	}
}

export async function checkConnection(credential: Partial<SmtpAlertCredential>, options: CheckOptions = {}): Promise<CheckResult> {
	let connection: ConnectionSettings;
	let sender: SenderDefaults;
	try {
		connection = resolveConnection(credential);
		// A sender that is not an address would fail every send: say so now, not after the login.
		// Read once (the DKIM key is parsed here) and handed to everything below.
		sender = resolveSenderDefaults(credential);
	} catch (error) {
		if (error instanceof ConfigurationError) return { ok: false, message: error.message };
		throw error;
	}
	const tuning = { ...(options.tuning ?? CHECK_TUNING), maxConnections: 1 };
	// The check must prove the login: a session that could not log in fails instead of passing quietly.
	const session = new SmtpSession(connection, tuning, { requireLogin: true });
	try {
		const result = await runCheck(session, credential, sender, connection, tuning, options.tlsProbeAfterMs ?? TLS_PROBE_AFTER_MS);
		return { ok: result.ok, message: redactSecrets(result.message, connection) };
	} finally {
		await session.close();
	}
}
