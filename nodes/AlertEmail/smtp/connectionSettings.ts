import type { SmtpAlertCredential } from '../../../credentials/SmtpAlertApi.credentials';
import { ConfigurationError } from '../configurationError';
import type { FailureContext } from './errors';
import { resolveEndpoint } from './findPreset';
import type { ServerEndpoint } from './findPreset';

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
	clientHostname?: string;
	proxy?: ProxySettings;
}

export interface SenderDefaults {
	fromEmail: string;
	fromName: string;
	toEmail: string;
	subjectPrefix: string;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value).trim();
}

function resolveProxy(credential: Partial<SmtpAlertCredential>): ProxySettings | undefined {
	const type = credential.proxyType ?? 'none';
	if (type === 'none') return undefined;
	if (type !== 'http' && type !== 'socks5') {
		throw new ConfigurationError('proxyType', `Proxy must be none, http or socks5, not "${String(type)}".`);
	}
	const host = text(credential.proxyHost);
	if (!host) throw new ConfigurationError('proxyHost', 'Proxy Host is empty. Enter the proxy address or set Proxy to None.');
	const port = Number(credential.proxyPort);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new ConfigurationError('proxyPort', `Proxy Port ${String(credential.proxyPort)} is not valid. Use 1–65535.`);
	}
	const user = text(credential.proxyUser);
	return { type, host, port, ...(user ? { user, password: credential.proxyPassword ?? '' } : {}) };
}

export function resolveConnection(credential: Partial<SmtpAlertCredential>): ConnectionSettings {
	const endpoint = resolveEndpoint({
		provider: credential.provider ?? 'custom',
		host: text(credential.host),
		port: credential.port,
		security: credential.security ?? 'ssl',
	});
	const user = text(credential.user);
	const clientHostname = text(credential.clientHostname);
	const proxy = resolveProxy(credential);
	return {
		...endpoint,
		provider: credential.provider ?? 'custom',
		user,
		password: credential.password ?? '',
		allowUnauthorizedCerts: credential.allowUnauthorizedCerts === true,
		...(clientHostname ? { clientHostname } : {}),
		...(proxy ? { proxy } : {}),
	};
}

/** What error messages may mention about a connection: where, never who or with what secret. */
export function failureContext(connection: ConnectionSettings): FailureContext {
	const { provider, host, port, security, proxy } = connection;
	return { provider, host, port, security, ...(proxy ? { proxy: { type: proxy.type, host: proxy.host, port: proxy.port } } : {}) };
}

export function resolveSenderDefaults(credential: Partial<SmtpAlertCredential>): SenderDefaults {
	return {
		fromEmail: text(credential.fromEmail) || text(credential.user),
		fromName: text(credential.fromName),
		toEmail: text(credential.toEmail),
		subjectPrefix: text(credential.subjectPrefix),
	};
}
