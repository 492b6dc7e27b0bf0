/**
 * SMTP provider presets, kept as data. A credential picks one by id; `port: 0` means "the preset's
 * port for the chosen security mode". Every fact carries its sources (checked 2026-11; the README
 * shows the same table to users). Where a provider publishes no setting for a mode, the preset does
 * not offer it: choosing that mode gives a clear "choose X on port N" error instead of a guess.
 */
export type SecurityMode = 'ssl' | 'starttls' | 'none';

/**
 * The credential's Security default. n8n's credential dialog fills in one default per field for
 * every provider (it cannot follow the Provider choice), so a preset that does not serve this mode
 * uses its own recommended one when Port is 0 (endpoint.ts resolveEndpoint).
 */
export const DEFAULT_SECURITY: SecurityMode = 'ssl';

export type ProviderId = 'qq' | 'qqEnterprise' | '163' | '126' | 'yeah' | 'aliyun' | 'gmail' | 'outlook' | 'custom';

export interface ProviderPreset {
	id: ProviderId;
	name: string;
	/** Empty for `custom`: the credential's host is used. */
	host: string;
	/** The port the provider serves for each security mode it supports. */
	ports: Partial<Record<SecurityMode, number>>;
	/** The mode a new credential should start with. */
	recommendedSecurity: SecurityMode;
	/** Where the user gets the secret to put in the "Authorization Code" field. */
	authHelp: string;
	/** Where the host, ports and the authorization-code steps were checked. */
	sources: readonly string[];
}

/** nodemailer 10.6.1 ships provider data of its own; we cross-check against it, we do not load it. */
const NODEMAILER_SERVICES = 'nodemailer 10.6.1 lib/well-known/services.json';

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
	{
		id: 'qq',
		name: 'QQ Mail',
		host: 'smtp.qq.com',
		// QQ's help page: "发送邮件服务器：smtp.qq.com，使用SSL，端口号465或587". 465 is implicit TLS;
		// 587 starts in plain text and upgrades with STARTTLS.
		ports: { ssl: 465, starttls: 587 },
		recommendedSecurity: 'ssl',
		authHelp:
			'QQ Mail (web) → Settings → Account → "POP3/IMAP/SMTP/Exchange/CardDAV/CalDAV service": turn on the SMTP service, then "Generate authorization code" (生成授权码) and confirm by SMS or WeChat. Paste the 16-letter code here, not your QQ password. Changing the QQ password revokes every code. The sender must be this QQ mailbox.',
		sources: [
			`${NODEMAILER_SERVICES}: "QQ" smtp.qq.com:465 secure`,
			'QQ Mail help text "smtp.qq.com，使用SSL，端口号465或587", as quoted by https://koishi.chat/plugins/adapter/mail.html',
			'587 with STARTTLS: https://www.russky.net/zixun/189553.html ("若用587端口,需改用SMTP(...)+starttls()")',
			'Authorization code steps: https://blog.zhheo.com/p/6124d6aa.html; codes only since 2022-11-01: https://ashea.com.cn/guandian/2022/1011/707174.html',
			"QQ's own 535 reply links https://help.mail.qq.com/detail/108/1023",
		],
	},
	{
		id: 'qqEnterprise',
		name: 'QQ Enterprise Mail (Tencent Exmail)',
		host: 'smtp.exmail.qq.com',
		ports: { ssl: 465 },
		recommendedSecurity: 'ssl',
		authHelp:
			'Tencent Exmail (web) → Settings → "Mailbox binding" (邮箱绑定): bind WeChat. If "Secure login" (安全登录) is on, open "Client-specific password" (客户端专用密码) → "Generate new password" and paste it here; otherwise use the mailbox password.',
		sources: [
			`${NODEMAILER_SERVICES}: "QQex" smtp.exmail.qq.com:465 secure`,
			'Client-specific password steps: https://ibreaker.notion.site/MacOS-1-cbbbeeaf96a84d3dbb6ecb251c75fb24 and https://www.exmail.pro/qq10404',
		],
	},
	{
		id: '163',
		name: 'NetEase 163 Mail',
		host: 'smtp.163.com',
		// NetEase publishes SSL on 465 (994 too) and plain on 25. STARTTLS on 25 is not in NetEase's
		// published settings: with Security "STARTTLS" the login is refused if 25 does not offer it.
		ports: { ssl: 465, starttls: 25, none: 25 },
		recommendedSecurity: 'ssl',
		authHelp:
			'163 Mail (web) → Settings → "POP3/SMTP/IMAP": turn on "IMAP/SMTP service" (or POP3/SMTP), confirm by SMS, then "Add authorization code" (新增授权密码). It is shown once: paste it here, not your login password. Without the service turned on, 163 answers "550 User has no permission".',
		sources: [
			`${NODEMAILER_SERVICES}: "163" smtp.163.com:465 secure`,
			'https://note.lispstudio.com/dacaf276000eb6a58da4f0ecc45cd0e2 ("SMTP, smtp.163.com, 25, 465(ssl)")',
			'SSL ports 465 or 994: https://koishi.chat/plugins/adapter/mail.html',
			'Authorization code steps: https://redmaomail.com/ask/post/7262.html',
			'"550 User has no permission" = SMTP service off: https://github.com/open-falcon/mail-provider/issues/6',
		],
	},
	{
		id: '126',
		name: 'NetEase 126 Mail',
		host: 'smtp.126.com',
		// Same NetEase (Coremail) service and settings page as 163.
		ports: { ssl: 465, starttls: 25, none: 25 },
		recommendedSecurity: 'ssl',
		authHelp:
			'126 Mail (web) → Settings → "POP3/SMTP/IMAP": turn on "IMAP/SMTP service", confirm by SMS, then "Add authorization code" (新增授权密码). It is shown once: paste it here, not your login password.',
		sources: [
			`${NODEMAILER_SERVICES}: "126" smtp.126.com:465 secure`,
			'https://note.lispstudio.com/dacaf276000eb6a58da4f0ecc45cd0e2 ("SMTP 服务器 smtp.126.com 25")',
		],
	},
	{
		id: 'yeah',
		name: 'NetEase yeah.net',
		host: 'smtp.yeah.net',
		// Same NetEase service as 163/126 (SSL on 465 and 994, plain on 25); not in nodemailer's list.
		ports: { ssl: 465, starttls: 25, none: 25 },
		recommendedSecurity: 'ssl',
		authHelp:
			'yeah.net (web) → Settings → "POP3/SMTP/IMAP": turn on "IMAP/SMTP service", confirm by SMS, then "Add authorization code" (新增授权密码). It is shown once: paste it here, not your login password. If 465 is blocked, set Port to 994 (also SSL/TLS).',
		sources: [
			'smtp.yeah.net with SSL on 994: https://github.com/fengkuangdestone/py-script (mail/smail/configs.py)',
			'NetEase SSL ports 465 or 994, plain 25 (163 settings, same service): https://koishi.chat/plugins/adapter/mail.html',
		],
	},
	{
		id: 'aliyun',
		name: 'Aliyun Mail',
		host: 'smtp.aliyun.com',
		ports: { ssl: 465, none: 25 },
		recommendedSecurity: 'ssl',
		authHelp:
			'Aliyun Mail (web) → Settings → "POP3/SMTP and IMAP/SMTP": turn the service on. Use the mailbox password, or the client-specific password (三方客户端安全密码) if you turned one on. Many clouds block port 25: keep SSL/TLS on 465.',
		sources: [
			`${NODEMAILER_SERVICES}: "Aliyun" smtp.aliyun.com:465 secure`,
			'https://onionseo.com/2445.html ("smtp.aliyun.com(SSL加密端口:465;非加密端口:25)")',
			'https://www.67wa.com/83229.html (SMTP 25 non-SSL or 465 SSL; client-specific password)',
		],
	},
	{
		id: 'gmail',
		name: 'Gmail',
		host: 'smtp.gmail.com',
		ports: { ssl: 465, starttls: 587 },
		recommendedSecurity: 'ssl',
		authHelp:
			'Google Account → Security → turn on 2-Step Verification, then "App passwords" (myaccount.google.com/apppasswords): create one and paste the 16 letters here. Google refuses the normal password ("534 5.7.9 Application-specific password required").',
		sources: [
			`${NODEMAILER_SERVICES}: "Gmail" smtp.gmail.com:465 secure`,
			'Google Workspace "Send email from a printer, scanner, or app" (support.google.com/a/answer/176600): smtp.gmail.com, 465 with SSL or 587 with STARTTLS, as quoted by https://berkeley.service-now.com/kb_view.do?sysparm_article=KB0010997',
			'https://developer.nylas.com/docs/cookbook/email/gmail-smtp-settings.md (587 STARTTLS or 465 implicit TLS; app password)',
		],
	},
	{
		id: 'outlook',
		name: 'Outlook / Microsoft 365',
		host: 'smtp.office365.com',
		ports: { starttls: 587 },
		recommendedSecurity: 'starttls',
		authHelp:
			'Microsoft 365: an admin must turn on "Authenticated SMTP" (SMTP AUTH) for this mailbox, and the tenant must still allow Basic authentication for it; with MFA use an app password. Use Security "STARTTLS" (port 587). Microsoft is retiring Basic authentication for SMTP AUTH: when it is off, the login fails with "535 5.7.139" and this credential cannot send through Microsoft.',
		sources: [
			'https://learn.microsoft.com/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365 (smtp.office365.com, port 587 recommended, TLS/StartTLS enabled; SMTP AUTH per mailbox; Basic auth retirement announced), mirrored at https://technet.microsoft.com/it-it/library/dn554323(v=exchg.150).aspx',
			`${NODEMAILER_SERVICES}: "Outlook365" smtp.office365.com:587 secure=false`,
		],
	},
	{
		id: 'custom',
		name: 'Custom SMTP Server',
		host: '',
		// The usual ports (RFC 8314: 465 implicit TLS; RFC 6409: 587 submission; 25 relay).
		ports: { ssl: 465, starttls: 587, none: 25 },
		recommendedSecurity: 'ssl',
		authHelp: 'Enter the host, port and security mode your mail administrator gives you.',
		sources: ['RFC 8314 (implicit TLS on 465)', 'RFC 6409 (message submission on 587)'],
	},
];
