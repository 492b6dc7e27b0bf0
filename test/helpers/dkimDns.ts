/**
 * DKIM keys made at test time and the DNS answer a verifier needs for them, so signatures are
 * verified by a real verifier (mailauth, by nodemailer's author) against a resolver the test
 * provides: no DNS query leaves the machine.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import { dkimVerify } from 'mailauth/lib/dkim/verify';

export interface TestDkimKey {
	domain: string;
	selector: string;
	/** PEM, as a user pastes it into the credential. */
	privateKeyPem: string;
	/** The TXT record to publish at <selector>._domainkey.<domain>. */
	txt: string;
}

function txtOf(publicKey: KeyObject, type: 'rsa' | 'ed25519'): string {
	const spki = publicKey.export({ format: 'der', type: 'spki' });
	// RFC 8463: an Ed25519 record holds the raw 32-byte key; an RSA one the whole SubjectPublicKeyInfo.
	const p = (type === 'ed25519' ? spki.subarray(spki.length - 32) : spki).toString('base64');
	return `v=DKIM1; k=${type}; p=${p}`;
}

export function makeDkimKey(type: 'rsa' | 'ed25519', options: { bits?: number; domain?: string; selector?: string } = {}): TestDkimKey {
	const { privateKey, publicKey } =
		type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: options.bits ?? 2048 }) : generateKeyPairSync('ed25519');
	return {
		domain: options.domain ?? 'alerts.example.test',
		selector: options.selector ?? `n8n${type}`,
		privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
		txt: txtOf(publicKey, type),
	};
}

/** The verdicts of every DKIM signature on the message, checked against the given keys only. */
export async function verifyDkim(
	raw: Buffer,
	keys: readonly TestDkimKey[],
): Promise<Array<{ status: string; domain?: string; algorithm?: string }>> {
	const resolver = async (name: string, type: string) => {
		const key = keys.find((candidate) => `${candidate.selector}._domainkey.${candidate.domain}` === name);
		if (type !== 'TXT' || !key) throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
		return [[key.txt]];
	};
	const result = await dkimVerify(raw, { resolver: resolver as never });
	return result.results.map((entry) => ({
		status: entry.status.result,
		domain: entry.signingDomain,
		algorithm: (entry as { algo?: string }).algo,
	}));
}
