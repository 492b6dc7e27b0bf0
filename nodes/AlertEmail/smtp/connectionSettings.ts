import { isIP } from 'node:net';

import type { DkimKey } from '../model';
import type { SmtpAlertCredential } from './credential';
import { trimmedText } from '../shared/json';
import { ConfigurationError } from '../shared/configurationError';
import { MAX_NAME_CHARS, parseAddressList, shownEntry } from '../mail/addresses';
import { headerText } from '../shared/headerText';
import type { FailureContext } from './errors';
import { checkHostName, resolveEndpoint } from './endpoint';
import type { ServerEndpoint } from './endpoint';
import { readDkimKey } from './dkim';
import { checkMinTlsVersion } from './tlsVersion';
import type { MinTlsVersion } from './tlsVersion';

export interface ProxySettings {
	type: 'http' | 'socks5';
	host: string;
	port: number;
	user?: string;
	password?: string;
}

/** Everything needed to open an SMTP session; secrets stay in this object and never in messages. */
export interface ConnectionSettings extends ServerEndpoint {
	provider: string;
	user: string;
	password: string;
	allowUnauthorizedCerts: boolean;
	minTlsVersion: MinTlsVersion;
	clientHostname?: string;
	proxy?: ProxySettings;
}

/** The credential's From Name default; also used for older credentials saved before the field had one. */
export const DEFAULT_FROM_NAME = 'n8n Alerts';

export interface SenderDefaults {
	/** Sign every email with this key (credential's DKIM fields); undefined: unsigned. */
	dkim?: DkimKey;
	fromEmail: string;
	fromName: string;
	toEmail: string;
	subjectPrefix: string;
}

/** Secrets are pasted, often with a line break; anything else in them is kept as typed. */
function secret(value: unknown): string {
	return typeof value === 'string' ? value.replace(/^[\r\n]+|[\r\n]+$/g, '') : '';
}

function resolveProxy(credential: Partial<SmtpAlertCredential>): ProxySettings | undefined {
	const type = credential.proxyType ?? 'none';
	if (type === 'none') return undefined;
	if (type !== 'http' && type !== 'socks5') {
		throw new ConfigurationError('proxyType', `Proxy must be none, http or socks5, not "${String(type)}".`);
	}
	const host = checkHostName(credential.proxyHost, 'proxyHost', 'Proxy Host');
	const port = Number(credential.proxyPort);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new ConfigurationError(
			'proxyPort',
			`Proxy Port ${String(credential.proxyPort)} is not valid. Use 1–65535 (often 3128 or 8080 for HTTP, 1080 for SOCKS5).`,
		);
	}
	const user = trimmedText(credential.proxyUser);
	const password = secret(credential.proxyPassword);
	if (!user && password) {
		throw new ConfigurationError(
			'proxyUser',
			'Proxy Password is set but Proxy User is empty. Enter the proxy user, or clear the password if the proxy needs no login.',
		);
	}
	return { type, host, port, ...(user ? { user, password } : {}) };
}

/** The EHLO name: a domain, or an address literal in brackets as RFC 5321 wants for an IP. */
function resolveClientHostname(value: unknown): string | undefined {
	if (!trimmedText(value)) return undefined;
	const name = checkHostName(value, 'clientHostname', 'Client Hostname');
	const family = isIP(name);
	return family === 4 ? `[${name}]` : family === 6 ? `[IPv6:${name}]` : name;
}

function resolveLogin(credential: Partial<SmtpAlertCredential>, provider: string): { user: string; password: string } {
	const user = trimmedText(credential.user);
	const password = secret(credential.password);
	// A custom relay may take mail without a login; every provider preset needs one.
	if (!user && provider !== 'custom') {
		throw new ConfigurationError('user', 'User is empty. Enter the full mailbox address you log in with, e.g. alerts@qq.com.');
	}
	if (user && !password) {
		throw new ConfigurationError(
			'password',
			'Authorization Code is empty. Enter the SMTP authorization code (授权码) or app password from the mailbox settings.',
		);
	}
	return { user, password };
}

export function resolveConnection(credential: Partial<SmtpAlertCredential>): ConnectionSettings {
	const provider = credential.provider ?? 'custom';
	const endpoint = resolveEndpoint({
		provider,
		host: trimmedText(credential.host),
		port: credential.port,
		security: credential.security ?? 'ssl',
	});
	const login = resolveLogin(credential, provider);
	const clientHostname = resolveClientHostname(credential.clientHostname);
	const proxy = resolveProxy(credential);
	return {
		...endpoint,
		provider,
		...login,
		allowUnauthorizedCerts: credential.allowUnauthorizedCerts === true,
		minTlsVersion: checkMinTlsVersion(credential.minTlsVersion),
		...(clientHostname ? { clientHostname } : {}),
		...(proxy ? { proxy } : {}),
	};
}

/** What error messages may mention about a connection: where, never who or with what secret. */
export function failureContext(connection: ConnectionSettings): FailureContext {
	const { provider, host, port, security, proxy } = connection;
	return { provider, host, port, security, ...(proxy ? { proxy: { type: proxy.type, host: proxy.host, port: proxy.port } } : {}) };
}

/**
 * The sender: From Email (a plain address, or `Name <address>`), else User, which must then be an
 * address. From Name is made one safe header line (shared/headerText.ts); quotes and commas are fine.
 */
export function resolveSenderDefaults(credential: Partial<SmtpAlertCredential>): SenderDefaults {
	const typed = trimmedText(credential.fromEmail);
	const fromField = typed
		? `From Email "${shownEntry(typed)}"`
		: `From Email is empty, so the sender is User "${shownEntry(trimmedText(credential.user))}", which`;
	const from = parseAddressList(typed || trimmedText(credential.user), 'fromEmail');
	if (!typed && !trimmedText(credential.user)) {
		throw new ConfigurationError('fromEmail', 'From Email and User are both empty. Enter the sender address in From Email.');
	}
	if (from.refused.length > 0 || from.mailboxes.length !== 1) {
		throw new ConfigurationError(
			'fromEmail',
			from.mailboxes.length > 1 && from.refused.length === 0
				? `From Email holds ${from.mailboxes.length} addresses. Enter one sender address; recipients go in Default Recipients.`
				: `${fromField} is not an email address. Enter the sender address in From Email, e.g. alerts@example.com (QQ and 163 want the logged-in mailbox).`,
		);
	}
	const [mailbox] = from.mailboxes;
	const dkim = readDkimKey(credential);
	return {
		fromEmail: mailbox.address,
		fromName: headerText(trimmedText(credential.fromName ?? DEFAULT_FROM_NAME), MAX_NAME_CHARS) || mailbox.name,
		toEmail: trimmedText(credential.toEmail),
		subjectPrefix: trimmedText(credential.subjectPrefix),
		...(dkim ? { dkim } : {}),
	};
}
