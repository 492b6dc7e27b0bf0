/**
 * The credential's Minimum TLS Version → Node's TLS options. TLS 1.2 unless the user lowers it.
 * OpenSSL 3 (Node 18+) refuses TLS 1.0/1.1 at its default security level even when the version is
 * allowed, so lowering the version also lowers the cipher security level: that is what talking to
 * such a server takes, and why the UI calls it insecure.
 */
import type { SecureVersion } from 'node:tls';

import { ConfigurationError } from '../shared/configurationError';
import { isBlank } from '../shared/json';

export type MinTlsVersion = 'TLSv1.2' | 'TLSv1.3' | 'TLSv1.1' | 'TLSv1';

export const DEFAULT_MIN_TLS_VERSION: MinTlsVersion = 'TLSv1.2';

const VERSIONS: readonly MinTlsVersion[] = ['TLSv1.2', 'TLSv1.3', 'TLSv1.1', 'TLSv1'];
const LEGACY: ReadonlySet<MinTlsVersion> = new Set(['TLSv1.1', 'TLSv1']);

export function checkMinTlsVersion(value: unknown): MinTlsVersion {
	if (isBlank(value)) return DEFAULT_MIN_TLS_VERSION;
	if ((VERSIONS as readonly unknown[]).includes(value)) return value as MinTlsVersion;
	throw new ConfigurationError('minTlsVersion', `Minimum TLS Version must be one of ${VERSIONS.join(', ')}, not "${String(value)}".`);
}

export function tlsVersionOptions(version: MinTlsVersion): { minVersion: SecureVersion; ciphers?: string } {
	return LEGACY.has(version) ? { minVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' } : { minVersion: version };
}
