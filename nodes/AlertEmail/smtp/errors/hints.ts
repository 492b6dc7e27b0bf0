/** Words that several rules share: what to check and where, for this provider when it is a preset. */
import { findPreset, offeredCombinations } from '../endpoint';
import type { ProviderPreset } from '../presets';
import type { RawSmtpError } from './rawError';
import type { FailureContext } from './types';

/** OpenSSL's short reason, e.g. "sslv3 alert handshake failure", instead of its whole error line. */
export function tlsReason(message: string): string {
	const parts = message.split(':');
	const at = parts.indexOf('SSL routines');
	return (at >= 0 && parts[at + 2]) || message.trim();
}

export const temporaryMessage = (e: RawSmtpError, where: string) =>
	`The server asked to try again later (${where}): ${e.response ?? e.message}`;
export const temporaryHint = () =>
	"This is temporary and was retried. n8n can retry the execution; if it persists, check the provider's status.";

export function presetOf(context: FailureContext): ProviderPreset {
	try {
		return findPreset(context.provider ?? 'custom');
	} catch {
		return findPreset('custom');
	}
}

/** Names the authorization code and says where this provider hands it out. */
export function authorizationCodeHint(context: FailureContext, reply = ''): string {
	const preset = presetOf(context);
	if (/5\.7\.139/.test(reply)) {
		return 'Microsoft refused Basic authentication for this mailbox or tenant (SMTP AUTH disabled). An admin must enable Authenticated SMTP for the mailbox; where Microsoft has retired Basic authentication, this credential cannot log in. Check User and Authorization Code otherwise.';
	}
	const where = preset.id === 'custom' ? '' : ` ${preset.authHelp}`;
	return `Check User (the full mailbox address) and Authorization Code: most providers want the SMTP authorization code (授权码) or an app password here, not the login password. A code stops working when the password changes or SMTP is turned off.${where}`;
}

/** The security modes and ports that fit, for this provider when it is a preset. */
export function securityAdvice(context: FailureContext): string {
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

export const proxyName = (c: FailureContext) => (c.proxy ? `${c.proxy.type} proxy ${c.proxy.host}:${c.proxy.port}` : 'proxy');
