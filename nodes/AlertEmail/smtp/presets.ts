/**
 * SMTP provider presets, kept as data. A credential picks one by id; `port: 0` means "the preset's
 * port for the chosen security mode". Facts and their sources are listed per entry.
 */
export type SecurityMode = 'ssl' | 'starttls' | 'none';

export type ProviderId =
	| 'qq'
	| 'qqEnterprise'
	| '163'
	| '126'
	| 'yeah'
	| 'aliyun'
	| 'gmail'
	| 'outlook'
	| 'custom';

export interface ProviderPreset {
	id: ProviderId;
	name: string;
	/** Empty for `custom`: the credential's host is used. */
	host: string;
	/** The port the provider serves for each security mode it supports. */
	ports: Partial<Record<SecurityMode, number>>;
	/** The mode a new credential should start with. */
	recommendedSecurity: SecurityMode;
	/** Whether the provider refuses the login password and wants an app password / authorization code. */
	needsAuthorizationCode: boolean;
	/** Where the user gets the secret to put in the "Authorization Code" field. */
	authHelp: string;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
	{
		// https://service.mail.qq.com/detail/0/310 (QQ Mail SMTP settings: smtp.qq.com, SSL 465 / 587)
		id: 'qq',
		name: 'QQ Mail',
		host: 'smtp.qq.com',
		ports: { ssl: 465, starttls: 587 },
		recommendedSecurity: 'ssl',
		needsAuthorizationCode: true,
		authHelp:
			'QQ Mail → Settings → Account → POP3/IMAP/SMTP/Exchange/CardDAV/CalDAV service → turn on SMTP and generate an authorization code (授权码). Use that code here, not your QQ password. The sender must be this QQ mailbox.',
	},
	{
		// https://open.work.weixin.qq.com/help2/pc/19886 (Tencent Exmail: smtp.exmail.qq.com, SSL 465)
		id: 'qqEnterprise',
		name: 'QQ Enterprise Mail (Tencent Exmail)',
		host: 'smtp.exmail.qq.com',
		ports: { ssl: 465 },
		recommendedSecurity: 'ssl',
		needsAuthorizationCode: true,
		authHelp:
			'Tencent Exmail → Settings → Mail binding / Client-specific password: enable secure login and generate a client-specific password. Use it here.',
	},
	{
		// https://help.mail.163.com/faqDetail.do?code=d7a5dc8471cd0c0e8b4b8f4f8e49998b374173cfe9171305fa1ce630d7f67ac2
		id: '163',
		name: 'NetEase 163 Mail',
		host: 'smtp.163.com',
		ports: { ssl: 465, starttls: 25, none: 25 },
		recommendedSecurity: 'ssl',
		needsAuthorizationCode: true,
		authHelp:
			'163 Mail → Settings → POP3/SMTP/IMAP → turn on the SMTP service and add an authorization code (授权密码). Use that code here, not your login password.',
	},
	{
		// NetEase 126 shares 163's service: smtp.126.com, SSL 465, plain/STARTTLS 25
		id: '126',
		name: 'NetEase 126 Mail',
		host: 'smtp.126.com',
		ports: { ssl: 465, starttls: 25, none: 25 },
		recommendedSecurity: 'ssl',
		needsAuthorizationCode: true,
		authHelp:
			'126 Mail → Settings → POP3/SMTP/IMAP → turn on the SMTP service and add an authorization code (授权密码). Use that code here.',
	},
	{
		// NetEase yeah.net: smtp.yeah.net, SSL 465, plain/STARTTLS 25
		id: 'yeah',
		name: 'NetEase yeah.net',
		host: 'smtp.yeah.net',
		ports: { ssl: 465, starttls: 25, none: 25 },
		recommendedSecurity: 'ssl',
		needsAuthorizationCode: true,
		authHelp:
			'yeah.net → Settings → POP3/SMTP/IMAP → turn on the SMTP service and add an authorization code (授权密码). Use that code here.',
	},
	{
		// https://help.aliyun.com/document_detail/36576.html (Aliyun personal mail: smtp.aliyun.com, SSL 465)
		id: 'aliyun',
		name: 'Aliyun Mail',
		host: 'smtp.aliyun.com',
		ports: { ssl: 465, starttls: 25, none: 25 },
		recommendedSecurity: 'ssl',
		needsAuthorizationCode: false,
		authHelp:
			'Aliyun Mail → Settings → POP3/SMTP and IMAP/SMTP: enable SMTP. Use your mailbox password, or a client-specific password if you enabled one.',
	},
	{
		// https://support.google.com/a/answer/176600 (smtp.gmail.com: SSL 465, STARTTLS 587)
		id: 'gmail',
		name: 'Gmail',
		host: 'smtp.gmail.com',
		ports: { ssl: 465, starttls: 587 },
		recommendedSecurity: 'ssl',
		needsAuthorizationCode: true,
		authHelp:
			'Google Account → Security → 2-Step Verification → App passwords: create a 16-character app password and use it here.',
	},
	{
		// https://learn.microsoft.com/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365
		id: 'outlook',
		name: 'Outlook / Microsoft 365',
		host: 'smtp.office365.com',
		ports: { starttls: 587 },
		recommendedSecurity: 'starttls',
		needsAuthorizationCode: false,
		authHelp:
			'Microsoft 365: SMTP AUTH must be enabled for the mailbox by an admin; with MFA, use an app password. Outlook.com personal accounts may need an app password.',
	},
	{
		id: 'custom',
		name: 'Custom SMTP Server',
		host: '',
		ports: { ssl: 465, starttls: 587, none: 25 },
		recommendedSecurity: 'ssl',
		needsAuthorizationCode: false,
		authHelp: 'Enter the host, port and security mode your mail administrator gives you.',
	},
];
