import { isIP } from 'node:net';

import { ConfigurationError } from '../shared/configurationError';
import { DEFAULT_SECURITY, PROVIDER_PRESETS } from './presets';
import type { ProviderPreset, SecurityMode } from './presets';

export interface ServerEndpoint {
	host: string;
	port: number;
	security: SecurityMode;
}

export const SECURITY_LABELS: Record<SecurityMode, string> = {
	ssl: 'SSL/TLS',
	starttls: 'STARTTLS',
	none: 'None',
};

export function findPreset(id: string): ProviderPreset {
	const preset = PROVIDER_PRESETS.find((candidate) => candidate.id === id);
	if (!preset) {
		const known = PROVIDER_PRESETS.map((candidate) => candidate.id).join(', ');
		throw new ConfigurationError('provider', `Unknown provider "${id}". Choose one of: ${known}.`);
	}
	return preset;
}

/** "SSL/TLS on port 465, STARTTLS on port 25 or None on port 25": the combinations a preset serves, for hints. */
export function offeredCombinations(preset: ProviderPreset, modes: SecurityMode[] = ['ssl', 'starttls', 'none']): string {
	const offers = modes
		.filter((mode) => preset.ports[mode] !== undefined)
		.map((mode) => `${SECURITY_LABELS[mode]} on port ${preset.ports[mode]}`);
	return offers.length > 1 ? `${offers.slice(0, -1).join(', ')} or ${offers[offers.length - 1]}` : (offers[0] ?? '');
}

/**
 * What a provider serves and what Port 0 does there, as the credential dialog shows it under Security.
 * A provider without an implicit-TLS port also says where the default Security leads (resolveEndpoint).
 */
export function serverNote(preset: ProviderPreset): string {
	if (preset.id === 'custom') {
		return `Use the security your mail administrator names. Port 0 uses the usual port: ${offeredCombinations(preset)}.`;
	}
	const serves = `${preset.name} serves ${offeredCombinations(preset)}. Port 0 uses the port for the Security you choose`;
	if (preset.ports[DEFAULT_SECURITY] !== undefined) return `${serves}.`;
	const mode = preset.recommendedSecurity;
	return `${serves}; left at ${SECURITY_LABELS[DEFAULT_SECURITY]}, it uses ${SECURITY_LABELS[mode]} on port ${preset.ports[mode]}.`;
}

/**
 * A host name or IP address as typed by a user. Catches the usual paste mistakes (a URL, a port
 * after the name, spaces) and names the field, so the user is not left with a DNS error.
 */
export function checkHostName(value: unknown, field: string, label: string): string {
	let host = typeof value === 'string' ? value.trim() : '';
	if (!host) throw new ConfigurationError(field, `${label} is empty. Enter a server name such as smtp.example.com.`);
	if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) {
		throw new ConfigurationError(field, `${label} "${host}" is a URL. Enter only the server name, such as smtp.example.com.`);
	}
	if (isIP(host)) return host;
	const withPort = /^([^:\s]+):(\d+)$/.exec(host);
	if (withPort) {
		throw new ConfigurationError(
			field,
			`${label} "${host}" contains a port. Enter "${withPort[1]}" here and put ${withPort[2]} in the port field.`,
		);
	}
	if (/[\s/@:?#\\]/.test(host) || host.startsWith('.') || host.endsWith('-')) {
		throw new ConfigurationError(
			field,
			`${label} "${host}" is not a valid server name. Use a name such as smtp.example.com or an IP address.`,
		);
	}
	return host;
}

/** Host, port and security for a credential: the preset fills what the user left at its default. */
export function resolveEndpoint(choice: { provider: string; host?: string; port?: number; security: SecurityMode }): ServerEndpoint {
	const preset = findPreset(choice.provider);
	const security = choice.security;
	if (!Object.hasOwn(SECURITY_LABELS, security)) {
		throw new ConfigurationError('security', `Security must be ssl, starttls or none, not "${String(security)}".`);
	}

	const host = preset.id === 'custom' ? checkHostName(choice.host, 'host', 'Host') : preset.host;

	const requested = choice.port === undefined || choice.port === null ? 0 : Number(choice.port);
	if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
		throw new ConfigurationError('port', `Port ${String(choice.port)} is not valid. Use 1–65535, or 0 for the provider's port.`);
	}
	if (requested > 0) return { host, port: requested, security };

	// Security left at its default on a provider without that mode (Outlook has no implicit-TLS
	// port): the provider's own mode, which is TLS too. Any other mode it lacks is an error.
	if (security === DEFAULT_SECURITY && preset.ports[security] === undefined) {
		return { host, port: preset.ports[preset.recommendedSecurity] as number, security: preset.recommendedSecurity };
	}
	const port = preset.ports[security];
	if (port === undefined) {
		throw new ConfigurationError(
			'security',
			`Security "${SECURITY_LABELS[security]}" is not served by ${preset.name}. Choose ${offeredCombinations(preset)}, or set Port yourself.`,
		);
	}
	return { host, port, security };
}
