/**
 * DKIM through the engine and a real smtp-server: the bytes the server received carry a signature
 * that a real verifier (mailauth) accepts against the DNS answer the test provides, for RSA and
 * Ed25519 keys, digests and the credential's test email alike; an altered header fails it.
 */
import crypto from 'node:crypto';

import { testCredential } from '../helpers/credentialTest';
import { makeDkimKey, verifyDkim } from '../helpers/dkimDns';
import { runNode } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

const alert = (n: number) => ({
	event: 'disk.full',
	severity: 'critical',
	title: `磁盘已满 ${n}`,
	message: 'Disk usage   above 95%\n\nsee runbook',
	source: `db-${n}`,
});

describe.each(['rsa', 'ed25519'] as const)('DKIM with an %s key', (type) => {
	const key = makeDkimKey(type, { domain: 'example.com' });
	const dkim = { dkimDomain: key.domain, dkimSelector: key.selector, dkimPrivateKey: key.privateKeyPem };
	let server: TestSmtpServer;
	beforeAll(async () => {
		server = await startSmtpServer({ security: 'ssl' });
	});
	afterAll(() => server.close());

	it('signs every email: per alert and digest, verified on the received bytes; an altered header fails', async () => {
		const perAlert = await runNode(server, [alert(1), alert(2)], {}, { credential: server.credential(dkim) });
		const digest = await runNode(server, [alert(3), alert(4)], { grouping: 'digest' }, { credential: server.credential(dkim) });
		const mails = [...perAlert.mails, ...digest.mails];
		expect(mails).toHaveLength(3);
		for (const mail of mails) {
			expect(await verifyDkim(mail.raw, [key])).toEqual([{ status: 'pass', domain: key.domain, algorithm: `${type}-sha256` }]);
		}
		const altered = Buffer.from(mails[0].raw.toString('latin1').replace(/^Subject: .*$/m, 'Subject: [Prod] nothing to see'), 'latin1');
		expect((await verifyDkim(altered, [key]))[0].status).toBe('fail');
	});

	it('signs the credential test email, and the test says it will sign', async () => {
		const before = server.messages.length;
		const result = await testCredential(server.credential({ ...dkim, sendTestEmail: true, toEmail: 'ops@example.com' }));
		expect(result.status).toBe('OK');
		expect(result.message).toContain(`DKIM: signing as ${key.selector}._domainkey.example.com (${type}-sha256).`);
		const [mail] = server.messages.slice(before);
		expect(await verifyDkim(mail.raw, [key])).toEqual([{ status: 'pass', domain: key.domain, algorithm: `${type}-sha256` }]);
	});
});

describe('DKIM settings', () => {
	let server: TestSmtpServer;
	beforeAll(async () => {
		server = await startSmtpServer({ security: 'ssl' });
	});
	afterAll(() => server.close());

	it('an empty domain sends unsigned', async () => {
		const run = await runNode(server, [alert(1)], {}, { credential: server.credential({ dkimDomain: '', dkimPrivateKey: 'ignored' }) });
		expect(run.mails[0].raw.toString('latin1')).not.toMatch(/^DKIM-Signature:/im);
	});

	it('the credential test refuses a key that cannot sign, naming the field, before connecting', async () => {
		const logins = server.logins;
		const weak = makeDkimKey('rsa', { bits: 1024 });
		expect(
			(await testCredential(server.credential({ dkimDomain: 'example.com', dkimSelector: 's', dkimPrivateKey: weak.privateKeyPem })))
				.status,
		).toBe('OK');
		const result = await testCredential(server.credential({ dkimDomain: 'example.com', dkimSelector: 's', dkimPrivateKey: 'not a key' }));
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^DKIM Private Key is not a readable PEM private key/) });
		expect(server.logins).toBe(logins + 1);
	});

	it('the credential test reads the key once, also when it sends the test email', async () => {
		const key = makeDkimKey('ed25519', { domain: 'example.com' });
		const reads = jest.spyOn(crypto, 'createPrivateKey');
		try {
			const result = await testCredential(
				server.credential({
					dkimDomain: key.domain,
					dkimSelector: key.selector,
					dkimPrivateKey: key.privateKeyPem,
					sendTestEmail: true,
					toEmail: 'ops@example.com',
				}),
			);
			expect(result.status).toBe('OK');
			expect(reads).toHaveBeenCalledTimes(1);
		} finally {
			reads.mockRestore();
		}
	});
});
