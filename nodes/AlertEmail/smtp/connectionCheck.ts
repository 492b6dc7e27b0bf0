/**
 * The credential test: connect (through the proxy when set), negotiate TLS, log in, and
 * optionally send a test mail. Answers in words the user can act on; never echoes a secret.
 */
import type { SmtpAlertCredential } from '../../../credentials/SmtpAlertApi.credentials';
import { ConfigurationError } from '../configurationError';
import { failureContext, resolveConnection, resolveSenderDefaults } from './connectionSettings';
import type { ConnectionSettings } from './connectionSettings';
import { describeSmtpFailure } from './errors';
import { DEFAULT_TUNING, SmtpSession } from './transport';
import type { TransportTuning } from './transport';

export interface CheckResult {
	ok: boolean;
	message: string;
}

const SECURITY_NAMES = { ssl: 'SSL/TLS', starttls: 'STARTTLS', none: 'no encryption' } as const;

function splitAddresses(list: string): string[] {
	return list
		.split(/[,;]/)
		.map((address) => address.trim())
		.filter(Boolean);
}

function describeEndpoint(connection: ConnectionSettings): string {
	const via = connection.proxy ? ` via ${connection.proxy.type} proxy ${connection.proxy.host}:${connection.proxy.port}` : '';
	return `${connection.host}:${connection.port} (${SECURITY_NAMES[connection.security]})${via}`;
}

export async function checkConnection(
	credential: Partial<SmtpAlertCredential>,
	tuning: TransportTuning = DEFAULT_TUNING,
): Promise<CheckResult> {
	let connection: ConnectionSettings;
	try {
		connection = resolveConnection(credential);
	} catch (error) {
		if (error instanceof ConfigurationError) return { ok: false, message: error.message };
		throw error;
	}

	const session = new SmtpSession(connection, { ...tuning, maxConnections: 1 });
	try {
		await session.verify();
		let sentNote = '';
		if (credential.sendTestEmail) {
			const sender = resolveSenderDefaults(credential);
			const to = splitAddresses(sender.toEmail);
			if (to.length === 0) {
				return {
					ok: false,
					message: 'Connected and logged in, but Send Test Email is on and Default Recipients is empty. Enter at least one recipient.',
				};
			}
			await session.send({
				from: { name: sender.fromName, address: sender.fromEmail },
				to,
				subject: [sender.subjectPrefix, 'Test email from n8n Alert Email'].filter(Boolean).join(' '),
				text: `This is a test from the n8n SMTP Alert credential. Server: ${describeEndpoint(connection)}.`,
				html: `<p>This is a test from the n8n SMTP Alert credential.</p>`,
			});
			sentNote = ` Test email sent to ${to.join(', ')}.`;
		}
		return { ok: true, message: `Connected and logged in to ${describeEndpoint(connection)} as ${connection.user}.${sentNote}` };
	} catch (error) {
		const failure = describeSmtpFailure(error, failureContext(connection));
		return { ok: false, message: `${failure.message} ${failure.hint}` };
	} finally {
		session.close();
	}
}
