import { ConfigurationError } from '../configurationError';
import { PROVIDER_PRESETS } from './presets';
import type { ProviderPreset, SecurityMode } from './presets';

export interface ServerEndpoint {
	host: string;
	port: number;
	security: SecurityMode;
}

const SECURITY_LABELS: Record<SecurityMode, string> = {
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

/** Host, port and security for a credential: the preset fills what the user left at its default. */
export function resolveEndpoint(choice: {
	provider: string;
	host?: string;
	port?: number;
	security: SecurityMode;
}): ServerEndpoint {
	const preset = findPreset(choice.provider);
	const security = choice.security;
	if (!(security in SECURITY_LABELS)) {
		throw new ConfigurationError('security', `Security must be ssl, starttls or none, not "${String(security)}".`);
	}

	const host = preset.id === 'custom' ? (choice.host ?? '').trim() : preset.host;
	if (!host) {
		throw new ConfigurationError('host', 'Host is empty. Enter the SMTP server name, e.g. smtp.example.com.');
	}

	const requested = Number(choice.port ?? 0);
	if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
		throw new ConfigurationError('port', `Port ${String(choice.port)} is not valid. Use 1–65535, or 0 for the provider's port.`);
	}
	if (requested > 0) return { host, port: requested, security };

	const port = preset.ports[security];
	if (port === undefined) {
		const offered = (Object.keys(preset.ports) as SecurityMode[])
			.map((mode) => `${SECURITY_LABELS[mode]} on port ${preset.ports[mode]}`)
			.join(' or ');
		throw new ConfigurationError(
			'security',
			`${preset.name} does not serve ${SECURITY_LABELS[security]}. Choose ${offered}.`,
		);
	}
	return { host, port, security };
}
