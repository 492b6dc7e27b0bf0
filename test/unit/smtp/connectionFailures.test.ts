/**
 * The connection-side rules of the error registry (login, service off, proxy, DNS, TLS mode,
 * certificate), fed with errors shaped exactly as nodemailer 10 and the socks client raise them
 * (recorded from real runs against loopback servers; the integration tests produce them for real).
 */
import { describeSmtpFailure, implicitTlsPortFailure } from '../../../nodes/AlertEmail/smtp/errors';
import type { FailureContext } from '../../../nodes/AlertEmail/smtp/errors';

const raw = (message: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(message), fields);

const qq: FailureContext = { provider: 'qq', host: 'smtp.qq.com', port: 465, security: 'ssl' };
const viaProxy = (type: 'http' | 'socks5'): FailureContext => ({ ...qq, proxy: { type, host: '10.0.0.5', port: 3128 } });

describe('login failures', () => {
	it("names the authorization code and QQ's steps for QQ's 535", () => {
		const failure = describeSmtpFailure(
			raw('Invalid login: 535 Login fail. Account is abnormal, service is not open, password is incorrect', {
				code: 'EAUTH',
				responseCode: 535,
				command: 'AUTH PLAIN',
				response: '535 Login fail. Account is abnormal, service is not open, password is incorrect',
			}),
			qq,
		);
		expect(failure).toMatchObject({ kind: 'auth', retryable: false, stopsBatch: true });
		expect(failure.message).toBe(
			'Login failed (smtp.qq.com:465): 535 Login fail. Account is abnormal, service is not open, password is incorrect',
		);
		expect(failure.hint).toContain('authorization code (授权码)');
		expect(failure.hint).toContain('Generate authorization code');
	});

	it('explains Microsoft\'s "535 5.7.139" as SMTP AUTH being off, not a wrong code', () => {
		const response = '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.';
		const failure = describeSmtpFailure(raw(`Invalid login: ${response}`, { code: 'EAUTH', responseCode: 535, response }), {
			provider: 'outlook',
			host: 'smtp.office365.com',
			port: 587,
			security: 'starttls',
		});
		expect(failure.kind).toBe('auth');
		expect(failure.hint).toContain('enable Authenticated SMTP for the mailbox');
	});

	it('reads 163\'s "550 User has no permission" at AUTH as the SMTP service being off', () => {
		const failure = describeSmtpFailure(
			raw('Invalid login: 550 User has no permission', {
				code: 'EAUTH',
				responseCode: 550,
				command: 'AUTH PLAIN',
				response: '550 User has no permission',
			}),
			{ provider: '163', host: 'smtp.163.com', port: 465, security: 'ssl' },
		);
		expect(failure).toMatchObject({ kind: 'serviceDisabled', stopsBatch: true });
		expect(failure.hint).toContain('Turn on the SMTP service');
	});

	it('tells a None user whose server wants STARTTLS first to switch mode, not the code', () => {
		const response = '530 5.7.0 Must issue a STARTTLS command first.';
		const failure = describeSmtpFailure(raw(`Invalid login: ${response}`, { code: 'EAUTH', responseCode: 530, response }), {
			host: 'smtp.gmail.com',
			port: 587,
			security: 'none',
		});
		expect(failure.kind).toBe('tlsMismatch');
		expect(failure.hint).toContain('Set Security to "STARTTLS"');
	});
});

describe('proxy failures', () => {
	it('HTTP 407 is a proxy login failure', () => {
		const failure = describeSmtpFailure(raw('Invalid response from proxy: 407', { code: 'EPROXY' }), viaProxy('http'));
		expect(failure).toMatchObject({
			kind: 'proxyAuth',
			message: 'The http proxy 10.0.0.5:3128 refused the login (Invalid response from proxy: 407).',
		});
		expect(failure.hint).toContain('Check Proxy User and Proxy Password');
	});

	it("a failed SOCKS5 login is a proxy login failure, and the socks error's options never surface", () => {
		const error = raw('Socks5 Authentication failed', { options: { proxy: { userId: 'me', password: 'proxy-secret-1' } } });
		const failure = describeSmtpFailure(error, viaProxy('socks5'));
		expect(failure.kind).toBe('proxyAuth');
		expect(JSON.stringify(failure)).not.toContain('proxy-secret-1');
	});

	it('a SOCKS5 proxy that wants a login nobody gave', () => {
		const failure = describeSmtpFailure(
			raw('Received invalid Socks5 initial handshake (no accepted authentication type)'),
			viaProxy('socks5'),
		);
		expect(failure).toMatchObject({
			kind: 'proxyAuth',
			message: 'The socks5 proxy 10.0.0.5:3128 requires a login, and none was accepted.',
		});
	});

	it.each([
		['http', raw('connect ECONNREFUSED 10.0.0.5:3128', { code: 'ECONNREFUSED', address: '10.0.0.5', port: 3128 })],
		['socks5', raw('connect ECONNREFUSED 10.0.0.5:3128', { options: {} })],
	] as const)('a plain ECONNREFUSED with a %s proxy set is the proxy refusing', (type, error) => {
		const failure = describeSmtpFailure(error, viaProxy(type));
		expect(failure).toMatchObject({
			kind: 'proxyRefused',
			message: `Could not reach the ${type} proxy 10.0.0.5:3128: connection refused.`,
		});
	});

	it.each([
		['http', raw('Invalid response from proxy: 502', { code: 'EPROXY' })],
		['socks5', raw('Socks5 proxy rejected connection - ConnectionRefused')],
	] as const)('a %s proxy that cannot reach the mail server says so', (type, error) => {
		const failure = describeSmtpFailure(error, viaProxy(type));
		expect(failure.kind).toBe('proxy');
		expect(failure.message).toContain(`The ${type} proxy 10.0.0.5:3128 could not open a tunnel to the mail server smtp.qq.com:465`);
	});

	it('without a proxy, ECONNREFUSED is the mail server refusing', () => {
		const failure = describeSmtpFailure(
			raw('connect ECONNREFUSED 1.2.3.4:465', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }),
			qq,
		);
		expect(failure.kind).toBe('refused');
		expect(failure.message).toContain('Connection refused by smtp.qq.com:465');
	});
});

describe('DNS failures', () => {
	it('names the host and says to check it', () => {
		const failure = describeSmtpFailure(raw('getaddrinfo ENOTFOUND smtp.qq.con', { code: 'EDNS' }), { ...qq, host: 'smtp.qq.con' });
		expect(failure).toMatchObject({ kind: 'dns', message: 'The host name smtp.qq.con could not be resolved (DNS).' });
	});

	it('names the proxy host when the proxy name does not resolve', () => {
		const context: FailureContext = { ...qq, proxy: { type: 'socks5', host: 'proxy.corp.example', port: 1080 } };
		const failure = describeSmtpFailure(raw('getaddrinfo ENOTFOUND proxy.corp.example', { code: 'ENOTFOUND' }), context);
		expect(failure).toMatchObject({ kind: 'dns', message: 'The proxy host name proxy.corp.example could not be resolved (DNS).' });
		expect(failure.hint).toContain('Check Proxy Host proxy.corp.example');
	});

	it('retries a resolver that failed for now, never a name that does not exist', () => {
		const notFound = describeSmtpFailure(raw('getaddrinfo ENOTFOUND smtp.qq.con', { code: 'EDNS', originalCode: 'ENOTFOUND' }), qq);
		const again = describeSmtpFailure(raw('getaddrinfo EAI_AGAIN smtp.qq.com', { code: 'EDNS', originalCode: 'EAI_AGAIN' }), qq);
		const deadline = describeSmtpFailure(raw('DNS lookup for smtp.qq.com timed out', { code: 'EDNS', originalCode: 'ETIMEOUT' }), qq);
		expect([notFound, again, deadline].map((failure) => [failure.kind, failure.retryable, failure.stopsBatch])).toEqual([
			['dns', false, true],
			['dns', true, true],
			['dns', true, true],
		]);
		expect(again.message).toBe('The host name smtp.qq.com could not be resolved for now (DNS: EAI_AGAIN).');
		expect(deadline.message).toBe('The host name smtp.qq.com could not be resolved for now (DNS: ETIMEOUT).');
	});
});

describe('TLS mode and certificate failures', () => {
	const wrongVersion =
		'80FCE82A5C7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';

	it("SSL/TLS on a STARTTLS port: names STARTTLS for this port and QQ's SSL port", () => {
		const failure = describeSmtpFailure(
			raw(wrongVersion, { code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER', command: 'CONN' }),
			{
				...qq,
				port: 587,
			},
		);
		expect(failure.kind).toBe('tlsMismatch');
		expect(failure.message).not.toContain('wrong version number');
		expect(failure.hint).toBe(
			'Port 587 answers in plain text, so it is not an implicit-TLS port. Set Security to "STARTTLS" for port 587, or keep "SSL/TLS" with port 465 (Port 0 picks it).',
		);
	});

	it('a server refusing the STARTTLS command: nothing sent in clear, use SSL/TLS', () => {
		const failure = describeSmtpFailure(
			raw('Error upgrading connection with STARTTLS: 500 Error: command not recognized', {
				code: 'ETLS',
				command: 'STARTTLS',
				responseCode: 500,
				response: '500 Error: command not recognized',
			}),
			{ provider: '163', host: 'smtp.163.com', port: 25, security: 'starttls' },
		);
		expect(failure.kind).toBe('starttlsMissing');
		expect(failure.message).toContain('so the login was not sent in clear text');
		expect(failure.hint).toContain('Use SSL/TLS on port 465 (Security "SSL/TLS")');
	});

	it('the implicit-TLS finding of the connection test names the right mode', () => {
		const failure = implicitTlsPortFailure({ provider: 'gmail', host: 'smtp.gmail.com', port: 465, security: 'starttls' });
		expect(failure.kind).toBe('tlsMismatch');
		expect(failure.hint).toBe(
			'Port 465 expects TLS from the first byte (implicit TLS). Set Security to "SSL/TLS" for port 465; Gmail serves SSL/TLS on port 465 or STARTTLS on port 587.',
		);
	});

	it('an untrusted certificate points at the host name and the insecure switch', () => {
		const failure = describeSmtpFailure(
			raw('self-signed certificate', { code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', cert: { raw: 'x' } }),
			qq,
		);
		expect(failure.kind).toBe('certificate');
		expect(failure.hint).toContain('Ignore TLS Certificate Errors (Insecure)');
		expect(JSON.stringify(failure)).not.toContain('"cert"');
	});
});
