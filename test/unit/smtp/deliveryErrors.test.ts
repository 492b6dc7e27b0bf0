/**
 * The delivery side of the error registry: which failures are retried, which stop the batch, and
 * which are a provider's quota (with how long to wait). Replies as the providers send them.
 */
import { describeSmtpFailure } from '../../../nodes/AlertEmail/smtp/errors';

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? fields.response ?? 'x')), fields);
const reply = (code: string, responseCode: number, response: string, command = 'DATA') =>
	smtpError({ code, responseCode, response, command, message: `Message failed: ${response}` });

const context = { provider: 'qq', host: 'smtp.qq.com', port: 465, security: 'ssl' as const };

describe('delivery classification', () => {
	it.each([
		['QQ sender quota', reply('EENVELOPE', 550, '550 Sender frequency limited', 'MAIL FROM'), 60],
		['QQ connection quota', reply('EMESSAGE', 550, '550 Connection frequency limited'), 60],
		['163 fifteen-minute quota', reply('EMESSAGE', 451, '451 MI:SFQ, session 123'), 15],
		['Gmail daily limit', reply('EMESSAGE', 550, '550 5.4.5 Daily user sending limit exceeded.'), 1440],
		['Microsoft 365 daily limit', reply('EMESSAGE', 554, '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException'), 1440],
		['Microsoft 365 throttling', reply('EMESSAGE', 550, '550 5.2.255 Sender throttled due to continuous invalid recipients errors.'), 60],
		[
			'Microsoft 365 throttling on full mailboxes',
			reply('EMESSAGE', 550, '550 5.2.251 Sender throttled due to continuous mailbox full errors.'),
			60,
		],
	])('%s is a quota: not retried, stops the batch, says how long to wait', (_name, error, minutes) => {
		const failure = describeSmtpFailure(error, context);
		expect(failure).toMatchObject({ kind: 'quota', retryable: false, stopsBatch: true, retryAfterMinutes: minutes });
		expect(failure.message).toContain(String(error.response));
	});

	it('tells a refused sender at MAIL FROM from refused recipients, a quota or a size limit', () => {
		const kinds = [
			reply('EENVELOPE', 501, '501 mail from address must be same as authorization user', 'MAIL FROM'),
			reply('EENVELOPE', 553, '553 Mail from must equal authorized user', 'MAIL FROM'),
			reply('EENVELOPE', 550, '550 Sender frequency limited', 'MAIL FROM'),
			reply('EENVELOPE', 552, '552 5.3.4 Message size exceeds fixed limit', 'MAIL FROM'),
			reply('EENVELOPE', 550, '550 5.1.1 user unknown', 'RCPT TO'),
		].map((error) => describeSmtpFailure(error, context));
		expect(kinds.map((failure) => [failure.kind, failure.stopsBatch])).toEqual([
			['senderRejected', true],
			['senderRejected', true],
			['quota', true],
			['messageRejected', false],
			['recipientRejected', false],
		]);
		expect(kinds[0].hint).toMatch(/leave From Email .* empty/);
	});

	it("does not take a recipient's full mailbox for the sender's quota", () => {
		const full = describeSmtpFailure(
			reply('EENVELOPE', 452, '452 4.2.2 The email account that you tried to reach is over quota', 'RCPT TO'),
		);
		expect(full.kind).toBe('temporary');
		expect(full.stopsBatch).toBe(false);
		expect(full.retryAfterMinutes).toBeUndefined();
	});

	it("retries 163's temporary spam verdict for this mail only, and not its permanent one", () => {
		expect(describeSmtpFailure(reply('EMESSAGE', 451, '451 DT:SPM 163 smtp14, please try again'))).toMatchObject({
			kind: 'temporary',
			retryable: true,
			stopsBatch: false,
		});
		expect(describeSmtpFailure(reply('EMESSAGE', 554, '554 DT:SPM 163 smtp14'))).toMatchObject({
			kind: 'messageRejected',
			retryable: false,
			stopsBatch: false,
		});
	});

	it('never retries a login failure and stops the batch on it', () => {
		const failure = describeSmtpFailure(
			smtpError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 Error: authentication failed' }),
			context,
		);
		expect(failure).toMatchObject({ kind: 'auth', retryable: false, stopsBatch: true });
	});

	it('retries a 421 at the greeting and stops the batch if it stays', () => {
		const failure = describeSmtpFailure(
			smtpError({ code: 'EPROTOCOL', responseCode: 421, command: 'CONN', response: '421 4.3.2 Service not available' }),
		);
		expect(failure).toMatchObject({ kind: 'temporary', retryable: true, stopsBatch: true });
	});

	it('retries a 451 after DATA without stopping other mails', () => {
		expect(describeSmtpFailure(reply('EMESSAGE', 451, '451 4.3.0 Temporary local problem'))).toMatchObject({
			kind: 'temporary',
			retryable: true,
			stopsBatch: false,
		});
	});

	it('retries lost connections and timeouts, and stops the batch when they stay', () => {
		expect(
			describeSmtpFailure(smtpError({ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' })),
		).toMatchObject({
			kind: 'connectionLost',
			retryable: true,
			stopsBatch: true,
		});
		const stalled = describeSmtpFailure(
			smtpError({ code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'SOCKET_TIMEOUT', message: 'Timeout' }),
			context,
		);
		expect(stalled).toMatchObject({ kind: 'timeout', retryable: true, stopsBatch: true });
		expect(stalled.message).toMatch(/stopped answering/);
		expect(stalled.hint).not.toMatch(/Security/);
		const silent = describeSmtpFailure(
			smtpError({ code: 'ETIMEDOUT', command: 'CONN', timeoutType: 'GREETING_TIMEOUT', message: 'Greeting never received' }),
			context,
		);
		expect(silent).toMatchObject({ kind: 'timeout', retryable: true, stopsBatch: true });
		expect(silent.message).toMatch(/never greeted/);
	});

	it("treats a refused TLS handshake as final and shows OpenSSL's reason, not its whole line", () => {
		const failure = describeSmtpFailure(
			smtpError({
				code: 'ESOCKET',
				command: 'CONN',
				message:
					'80EC8502547F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 40\n',
			}),
			context,
		);
		expect(failure).toMatchObject({ kind: 'tlsHandshake', retryable: false, stopsBatch: true });
		expect(failure.message).toBe('The TLS handshake with smtp.qq.com:465 failed: sslv3 alert handshake failure.');
	});

	it('decodes a GBK quota reply', () => {
		// "550 发信频率受限" in GBK, as nodemailer hands over bytes that are not UTF-8.
		const gbk = Buffer.concat([
			Buffer.from('550 '),
			Buffer.from([0xb7, 0xa2, 0xd0, 0xc5, 0xc6, 0xb5, 0xc2, 0xca, 0xca, 0xdc, 0xcf, 0xde]),
			Buffer.from(' frequency limited'),
		]);
		const failure = describeSmtpFailure(reply('EMESSAGE', 550, gbk.toString('latin1')));
		expect(failure.response).toBe('550 发信频率受限 frequency limited');
		expect(failure.kind).toBe('quota');
	});
});
