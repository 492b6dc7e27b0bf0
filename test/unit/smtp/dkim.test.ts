import { generateKeyPairSync } from 'node:crypto';

import { dkimSign, readDkimKey } from '../../../nodes/AlertEmail/smtp/dkim';
import { makeDkimKey, verifyDkim } from '../../helpers/dkimDns';

const message = Buffer.from(
	[
		'From: "n8n Alerts" <alerts@alerts.example.test>',
		'To: ops@example.com',
		'Subject: [Prod] [CRITICAL] Disk  full on db-1',
		'Date: Tue, 01 Dec 2026 09:00:00 +0000',
		'Message-ID: <1@alerts.example.test>',
		'MIME-Version: 1.0',
		'Content-Type: text/plain; charset=utf-8',
		'',
		'Disk usage above 95%   on /var.  ',
		'',
		'',
	].join('\r\n'),
	'latin1',
);

describe('DKIM signing', () => {
	it.each(['rsa', 'ed25519'] as const)('a %s signature verifies with a real verifier, and fails once a header is altered', async (type) => {
		const key = makeDkimKey(type);
		const dkim = readDkimKey({ dkimDomain: key.domain, dkimSelector: key.selector, dkimPrivateKey: key.privateKeyPem });
		if (!dkim) throw new Error('expected a key');
		const signed = dkimSign(message, dkim, Date.parse('2026-12-01T09:00:00Z'));
		expect(await verifyDkim(signed, [key])).toEqual([{ status: 'pass', domain: key.domain, algorithm: `${type}-sha256` }]);
		const altered = Buffer.from(signed.toString('latin1').replace('Disk  full', 'Disk full!'), 'latin1');
		expect((await verifyDkim(altered, [key]))[0].status).toBe('fail');
		const otherBody = Buffer.from(signed.toString('latin1').replace('95%', '96%'), 'latin1');
		expect((await verifyDkim(otherBody, [key]))[0].status).not.toBe('pass');
	});

	it('no domain, no signing; every bad field named, the key never quoted', () => {
		expect(readDkimKey({})).toBeUndefined();
		expect(readDkimKey({ dkimDomain: '  ', dkimPrivateKey: 'whatever' })).toBeUndefined();
		const key = makeDkimKey('rsa');
		const cases: Array<[Record<string, string>, string, RegExp]> = [
			[{ dkimDomain: 'not a domain' }, 'dkimDomain', /DKIM Domain/],
			[{ dkimDomain: key.domain, dkimSelector: 'a b' }, 'dkimSelector', /DKIM Selector/],
			[{ dkimDomain: key.domain, dkimSelector: 's', dkimPrivateKey: '' }, 'dkimPrivateKey', /is empty/],
			[
				{
					dkimDomain: key.domain,
					dkimSelector: 's',
					dkimPrivateKey: '-----BEGIN PRIVATE KEY-----\nsecretgarbage\n-----END PRIVATE KEY-----',
				},
				'dkimPrivateKey',
				/not a readable PEM/,
			],
			[
				{
					dkimDomain: key.domain,
					dkimSelector: 's',
					dkimPrivateKey: generateKeyPairSync('rsa', { modulusLength: 512 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
				},
				'dkimPrivateKey',
				/512 bits/,
			],
			[
				{
					dkimDomain: key.domain,
					dkimSelector: 's',
					dkimPrivateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
				},
				'dkimPrivateKey',
				/is a ec key/,
			],
		];
		for (const [fields, field, message] of cases) {
			let thrown: unknown;
			try {
				readDkimKey(fields);
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toMatchObject({ field, message: expect.stringMatching(message) });
			expect(String((thrown as Error).message)).not.toContain('secretgarbage');
		}
	});

	it('accepts RSA keys of 1024 bits and more, and Ed25519', () => {
		const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
		expect(readDkimKey({ dkimDomain: 'example.com', dkimSelector: 's1', dkimPrivateKey: rsa1024 })?.algorithm).toBe('rsa-sha256');
		expect(
			readDkimKey({ dkimDomain: 'example.com', dkimSelector: 's1', dkimPrivateKey: makeDkimKey('ed25519').privateKeyPem })?.algorithm,
		).toBe('ed25519-sha256');
	});
});
