import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { DEFAULT_FROM_NAME } from '../nodes/AlertEmail/smtp/connectionSettings';
import { offeredCombinations, serverNote } from '../nodes/AlertEmail/smtp/endpoint';
import { DEFAULT_SECURITY, PROVIDER_PRESETS } from '../nodes/AlertEmail/smtp/presets';

const whereToGetTheCode: INodeProperties[] = PROVIDER_PRESETS.map((preset) => ({
	displayName: `${preset.name}: ${preset.authHelp}`,
	name: `authHelp_${preset.id}`,
	type: 'notice',
	default: '',
	displayOptions: { show: { provider: [preset.id] } },
}));

const withProxy = { show: { proxyType: ['http', 'socks5'] } };

/**
 * Under Security, for the chosen provider only: what it serves, and what Port 0 means for it, e.g.
 * "QQ Mail serves SSL/TLS on port 465 or STARTTLS on port 587. Port 0 uses the port for the Security you choose."
 */
const whatTheServerServes: INodeProperties[] = PROVIDER_PRESETS.map((preset) => ({
	displayName: serverNote(preset),
	name: `serverHelp_${preset.id}`,
	type: 'notice',
	default: '',
	displayOptions: { show: { provider: [preset.id] } },
}));

/** Port 0 for every provider at once, for the Port field's own help. */
const portHelp = `0 uses the provider's port for the chosen Security (${PROVIDER_PRESETS.filter((preset) => preset.id !== 'custom')
	.map((preset) => `${preset.name}: ${offeredCombinations(preset, ['ssl', 'starttls'])}`)
	.join('; ')}; a custom server: 465 SSL/TLS, 587 STARTTLS, 25 None). Set a number to override it.`;

export class SmtpAlertApi implements ICredentialType {
	name = 'smtpAlertApi';

	displayName = 'SMTP Alert API';

	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased -- community packages link a full URL; slugs are for n8n's own docs
	documentationUrl = 'https://github.com/n8n-nodes-alert-email/n8n-nodes-alert-email#readme';

	icon = 'file:../nodes/AlertEmail/alertEmail.svg' as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Provider',
			name: 'provider',
			type: 'options',
			options: PROVIDER_PRESETS.map((preset) => ({ name: preset.name, value: preset.id })),
			default: 'qq',
			description: 'Fills host, port and security for well-known mail services',
		},
		...whereToGetTheCode,
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '',
			placeholder: 'smtp.example.com',
			displayOptions: { show: { provider: ['custom'] } },
		},
		{
			displayName: 'Security',
			name: 'security',
			type: 'options',
			options: [
				{
					name: 'SSL/TLS (Implicit, Usually Port 465)',
					value: 'ssl',
					description: 'TLS from the first byte',
				},
				{
					name: 'STARTTLS (Required, Usually Port 587 or 25)',
					value: 'starttls',
					description: 'Starts in plain text and upgrades; fails if the server does not offer STARTTLS',
				},
				{
					name: 'None (Plain Text)',
					value: 'none',
					description: 'No encryption. Only for a trusted local relay.',
				},
			],
			default: DEFAULT_SECURITY,
			description: 'How the connection to the server is encrypted. The note below says what your provider serves.',
		},
		...whatTheServerServes,
		{
			displayName: "Port (0 = the Provider's Port for This Security)",
			name: 'port',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0, maxValue: 65535 },
			description: portHelp,
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			placeholder: 'alerts@qq.com',
			description: 'The full mailbox address you log in with',
		},
		{
			displayName: 'Authorization Code or Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'QQ, 163, 126, yeah.net and Gmail: the SMTP authorization code (授权码) or app password, not the login password, which they refuse here; the note under Provider says where to get it. Your own server: the mailbox password.',
		},
		{
			displayName: 'From Email',
			name: 'fromEmail',
			type: 'string',
			default: '',
			placeholder: 'alerts@qq.com',
			description: 'Sender address. Empty uses the user. QQ and 163 only accept the logged-in mailbox.',
		},
		{
			displayName: 'From Name',
			name: 'fromName',
			type: 'string',
			default: DEFAULT_FROM_NAME,
			description: "The sender's name mail clients show. Empty sends from the address alone.",
		},
		{
			displayName: 'Default Recipients',
			name: 'toEmail',
			type: 'string',
			default: '',
			placeholder: 'ops@example.com, oncall@example.com',
			description: 'Comma-separated. Used when the node does not set its own recipients.',
		},
		{
			displayName: 'Subject Prefix',
			name: 'subjectPrefix',
			type: 'string',
			default: '[n8n Alert]',
			description: 'Put in front of every subject. The node can override it.',
		},
		{
			displayName: 'Ignore TLS Certificate Errors (Insecure)',
			name: 'allowUnauthorizedCerts',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept self-signed or mismatched certificates. Insecure: anyone between n8n and the server could read the authorization code.',
			displayOptions: { show: { security: ['ssl', 'starttls'] } },
		},
		{
			displayName: 'Minimum TLS Version',
			name: 'minTlsVersion',
			type: 'options',
			options: [
				{ name: 'TLS 1.2 (Recommended)', value: 'TLSv1.2' },
				{ name: 'TLS 1.3', value: 'TLSv1.3', description: 'Only servers that speak TLS 1.3' },
				{
					name: 'TLS 1.1 (Insecure, Old Servers Only)',
					value: 'TLSv1.1',
					description: 'Also allows the weak ciphers such servers need. Only for an old internal server.',
				},
				{
					name: 'TLS 1.0 (Insecure, Old Servers Only)',
					value: 'TLSv1',
					description: 'Also allows the weak ciphers such servers need. Only for an old internal server.',
				},
			],
			default: 'TLSv1.2',
			description:
				'The oldest TLS version n8n accepts from the server. Lower it only for an old server that cannot do TLS 1.2: TLS 1.0 and 1.1 have known weaknesses.',
			displayOptions: { show: { security: ['ssl', 'starttls'] } },
		},
		{
			displayName: 'Client Hostname',
			name: 'clientHostname',
			type: 'string',
			default: '',
			placeholder: 'n8n.example.com',
			description: "The name n8n introduces itself with (EHLO). Empty uses this machine's hostname; an IP address is sent as [1.2.3.4].",
		},
		{
			displayName: 'Proxy',
			name: 'proxyType',
			type: 'options',
			options: [
				{ name: 'None', value: 'none' },
				{ name: 'HTTP (CONNECT)', value: 'http' },
				{ name: 'SOCKS5', value: 'socks5' },
			],
			default: 'none',
			description: 'Reach the SMTP server through a proxy',
		},
		{
			displayName: 'Proxy Host',
			name: 'proxyHost',
			type: 'string',
			default: '',
			placeholder: '127.0.0.1',
			displayOptions: withProxy,
		},
		{
			displayName: 'Proxy Port',
			name: 'proxyPort',
			type: 'number',
			default: 1080,
			typeOptions: { minValue: 1, maxValue: 65535 },
			description: 'Usually 3128 or 8080 for an HTTP proxy, 1080 for SOCKS5',
			displayOptions: withProxy,
		},
		{
			displayName: 'Proxy User',
			name: 'proxyUser',
			type: 'string',
			default: '',
			displayOptions: withProxy,
		},
		{
			displayName: 'Proxy Password',
			name: 'proxyPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: withProxy,
		},
		{
			displayName: 'DKIM Domain',
			name: 'dkimDomain',
			type: 'string',
			default: '',
			placeholder: 'example.com',
			description:
				'Sign every email with DKIM for this domain (the domain of your From Email), so Gmail and QQ Mail do not file the alerts as spam. Empty sends unsigned; the big providers sign for you.',
		},
		{
			displayName: 'DKIM Selector',
			name: 'dkimSelector',
			type: 'string',
			default: '',
			placeholder: 'alerts2026',
			description: 'The name of the DNS TXT record that holds the public key: <selector>._domainkey.<domain>',
			displayOptions: { hide: { dkimDomain: [''] } },
		},
		{
			displayName: 'DKIM Private Key',
			name: 'dkimPrivateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			placeholder: '-----BEGIN PRIVATE KEY-----',
			description:
				'The PEM private key (RSA of at least 1,024 bits, 2,048 recommended, or Ed25519), without a passphrase. The connection test checks it.',
			displayOptions: { hide: { dkimDomain: [''] } },
		},
		{
			displayName: 'Send Test Email on Connection Test',
			name: 'sendTestEmail',
			type: 'boolean',
			default: false,
			description:
				'Whether the connection test also sends a test email to the Default Recipients. Off by default: n8n runs the test each time the credential is saved.',
		},
	];
}
