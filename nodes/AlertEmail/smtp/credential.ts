/**
 * The SMTP Alert credential as the node reads it: `getCredentials<SmtpAlertCredential>()` returns
 * this. The credential file (credentials/SmtpAlertApi.credentials.ts) holds only the dialog; this
 * type lives beside the code that reads it (connectionSettings.ts). Every field may be missing or of
 * another type in data saved by older versions or sent over the API, so readers check each one.
 */
import type { ProviderId, SecurityMode } from './presets';
import type { MinTlsVersion } from './tlsVersion';

/** The decrypted credential, as `getCredentials<SmtpAlertCredential>()` returns it. */
export interface SmtpAlertCredential {
	provider: ProviderId;
	host: string;
	port: number;
	security: SecurityMode;
	user: string;
	password: string;
	fromEmail: string;
	fromName: string;
	toEmail: string;
	subjectPrefix: string;
	allowUnauthorizedCerts: boolean;
	/** Added after the first release; absent in older credentials, which means TLS 1.2. */
	minTlsVersion?: MinTlsVersion;
	clientHostname: string;
	proxyType: 'none' | 'http' | 'socks5';
	proxyHost: string;
	proxyPort: number;
	proxyUser: string;
	proxyPassword: string;
	sendTestEmail: boolean;
	/** Added with DKIM signing; absent in older credentials, which means no signing. */
	dkimDomain?: string;
	dkimSelector?: string;
	dkimPrivateKey?: string;
}
