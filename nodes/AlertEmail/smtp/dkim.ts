/**
 * DKIM signing (RFC 6376, relaxed/relaxed) of the message as it is about to go over the wire, with
 * an RSA key (rsa-sha256) or an Ed25519 key (ed25519-sha256, RFC 8463). nodemailer's own signer
 * knows only RSA, and silently sends unsigned mail with any other key; this one refuses such keys
 * when the credential is read, so a credential that passes its test signs every email.
 */
import { createHash, createPrivateKey, createSign, sign as signBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import type { DkimKey } from '../model';
import { ConfigurationError } from '../shared/configurationError';
import { stringOrEmpty } from '../shared/json';

/** The shortest RSA key mail providers still accept; 2048 is what to make today. */
export const MIN_RSA_BITS = 1024;

/** Headers signed when present (From is required by RFC 6376). Absent ones are left out of h=. */
const SIGNED_HEADERS = [
	'from',
	'sender',
	'reply-to',
	'subject',
	'date',
	'message-id',
	'to',
	'cc',
	'mime-version',
	'content-type',
	'content-transfer-encoding',
	'in-reply-to',
	'references',
	'auto-submitted',
	'x-auto-response-suppress',
	'importance',
	'x-priority',
];

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const SELECTOR = /^[a-z0-9](?:[a-z0-9_-]{0,62})(\.[a-z0-9](?:[a-z0-9_-]{0,62}))*$/i;

/**
 * The credential's DKIM fields → a signing key, undefined when the domain is empty (no signing), or
 * an error naming the field to fix. Never quotes the key.
 */
export function readDkimKey(fields: { dkimDomain?: unknown; dkimSelector?: unknown; dkimPrivateKey?: unknown }): DkimKey | undefined {
	const domain = stringOrEmpty(fields.dkimDomain).trim().toLowerCase();
	if (!domain) return undefined;
	if (!DOMAIN.test(domain)) {
		throw new ConfigurationError(
			'dkimDomain',
			`DKIM Domain "${domain.slice(0, 80)}" is not a domain name. Enter the domain your From Email belongs to, e.g. example.com.`,
		);
	}
	const selector = stringOrEmpty(fields.dkimSelector).trim();
	if (!SELECTOR.test(selector)) {
		throw new ConfigurationError(
			'dkimSelector',
			`DKIM Selector "${selector.slice(0, 80)}" is not a selector. Enter the name of the DNS record ${'<selector>'}._domainkey.${domain} holds the public key in, e.g. alerts2026.`,
		);
	}
	const pem = stringOrEmpty(fields.dkimPrivateKey).trim();
	if (!pem)
		throw new ConfigurationError(
			'dkimPrivateKey',
			'DKIM Private Key is empty. Paste the PEM private key (-----BEGIN PRIVATE KEY----- …), or clear DKIM Domain to send unsigned.',
		);
	let key: KeyObject;
	try {
		key = createPrivateKey({ key: pem, format: 'pem' });
	} catch {
		throw new ConfigurationError(
			'dkimPrivateKey',
			'DKIM Private Key is not a readable PEM private key. Paste the whole key, from -----BEGIN … PRIVATE KEY----- to -----END … PRIVATE KEY-----, without a passphrase.',
		);
	}
	if (key.asymmetricKeyType === 'ed25519') return { domain, selector, key, algorithm: 'ed25519-sha256' };
	if (key.asymmetricKeyType === 'rsa') {
		const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
		if (bits < MIN_RSA_BITS) {
			throw new ConfigurationError(
				'dkimPrivateKey',
				`DKIM Private Key is an RSA key of ${bits} bits; receivers ignore signatures of keys under ${MIN_RSA_BITS} bits. Make a 2048-bit key.`,
			);
		}
		return { domain, selector, key, algorithm: 'rsa-sha256' };
	}
	throw new ConfigurationError(
		'dkimPrivateKey',
		`DKIM Private Key is a ${key.asymmetricKeyType ?? 'unknown'} key. DKIM signs with RSA (at least ${MIN_RSA_BITS} bits) or Ed25519.`,
	);
}

/** RFC 6376 3.4.4: relaxed body: spaces folded, trailing ones and empty last lines removed, CRLF ended. */
function relaxedBody(body: string): string {
	const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
	while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
	return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

/** RFC 6376 3.4.2: relaxed header: lower-case name, unfolded, spaces folded, no space around the colon. */
function relaxedHeader(name: string, value: string): string {
	return `${name.toLowerCase().trim()}:${value
		.replace(/\r\n(?=[ \t])/g, '')
		.replace(/[ \t]+/g, ' ')
		.trim()}`;
}

/** The header block as [name, value] pairs, in order (values still folded). */
function parseHeaders(block: string): Array<[string, string]> {
	const headers: Array<[string, string]> = [];
	for (const line of block.split(/\r\n(?![ \t])/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1)]);
	}
	return headers;
}

const fold = (base64: string) => base64.replace(/(.{72})/g, '$1\r\n\t').trim();

/** The message with a DKIM-Signature header in front. `now` is the signature time (t=), epoch ms. */
export function dkimSign(message: Buffer, dkim: DkimKey, now: number): Buffer {
	// Header lines are 'binary' strings, so the signed bytes are exactly the bytes sent. SMTP sends
	// every line ending as CRLF: sign (and send) the message with its line endings as they will arrive.
	const text = message.toString('latin1').replace(/\r?\n/g, '\r\n');
	const split = text.indexOf('\r\n\r\n');
	const headerBlock = split >= 0 ? text.slice(0, split) : text;
	const body = split >= 0 ? text.slice(split + 4) : '';
	const bodyHash = createHash('sha256').update(relaxedBody(body), 'latin1').digest('base64');

	// Each name once, its last occurrence (RFC 6376 5.4.2 signs from the bottom up).
	const bottomUp = parseHeaders(headerBlock).reverse();
	const signed: Array<[string, string]> = [];
	for (const name of SIGNED_HEADERS) {
		const found = bottomUp.find(([candidate]) => candidate.trim().toLowerCase() === name);
		if (found) signed.push(found);
	}
	const tags = [
		'v=1',
		`a=${dkim.algorithm}`,
		'c=relaxed/relaxed',
		`d=${dkim.domain}`,
		`s=${dkim.selector}`,
		`t=${Math.floor(now / 1000)}`,
		`h=${signed.map(([name]) => name.trim().toLowerCase()).join(':')}`,
		`bh=${bodyHash}`,
		'b=',
	].join('; ');
	const data = [...signed.map(([name, value]) => `${relaxedHeader(name, value)}\r\n`), relaxedHeader('DKIM-Signature', tags)].join('');
	const signature =
		dkim.algorithm === 'ed25519-sha256'
			? signBytes(null, createHash('sha256').update(data, 'latin1').digest(), dkim.key).toString('base64')
			: createSign('RSA-SHA256').update(data, 'latin1').sign(dkim.key, 'base64');
	const header = `DKIM-Signature: ${tags.replace(/; /g, ';\r\n\t')}${fold(signature)}\r\n`;
	return Buffer.from(header + text, 'latin1');
}
