/**
 * Defence in depth for messages shown to users: replies from servers and proxies are quoted in
 * error messages, and a server may echo what it was sent. Blank out the authorization code and the
 * proxy password in every form they travel in (as typed, URL-encoded, base64, AUTH PLAIN, Basic).
 * test/integration/secretLeaks.test.ts proves, path by path, that nothing gets past this.
 */
import type { ConnectionSettings } from './connectionSettings';

const base64 = (bytes: string | Buffer) => Buffer.from(bytes).toString('base64');

/** Shorter strings are no real codes, and blanking them would garble ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** How a URL writes the secret as a password (WHATWG userinfo), which differs from encodeURIComponent for & + $ , and others. */
function userinfoForm(secret: string): string {
	const url = new URL('http://host.invalid');
	url.password = secret;
	return url.password;
}

/**
 * The secret's bytes in base64 wherever they sit in a longer base64 text (an AUTH PLAIN token of
 * another shape, a Basic header with another user): its three byte alignments, whole groups only.
 */
function base64Shards(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	return [0, 1, 2]
		.map((start) => bytes.subarray(start, start + Math.floor((bytes.length - start) / 3) * 3))
		.filter((part) => part.length >= 6)
		.map(base64);
}

function formsOf(secret: string, wrapped: string[]): string[] {
	if (secret.length < MIN_SECRET_LENGTH) return [];
	return [secret, encodeURIComponent(secret), userinfoForm(secret), base64(secret), ...wrapped.map(base64), ...base64Shards(secret)];
}

type SecretHolder = Pick<ConnectionSettings, 'user' | 'password' | 'proxy'>;

/** Per connection object: every reply of a send is checked, and the forms cost more than the check. */
const formsByConnection = new WeakMap<SecretHolder, string[]>();

function secretForms(connection: SecretHolder): string[] {
	let forms = formsByConnection.get(connection);
	if (!forms) {
		forms = computeSecretForms(connection);
		formsByConnection.set(connection, forms);
	}
	return forms;
}

function computeSecretForms(connection: SecretHolder): string[] {
	const { password, user, proxy } = connection;
	const proxyPassword = proxy?.password ?? '';
	const forms = [...formsOf(password, [`\0${user}\0${password}`]), ...formsOf(proxyPassword, [`${proxy?.user ?? ''}:${proxyPassword}`])];
	// Longest first, so a base64 form is blanked whole before a secret inside it could split it.
	return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string, connection: Pick<ConnectionSettings, 'user' | 'password' | 'proxy'>): string {
	return secretForms(connection).reduce((clean, secret) => clean.split(secret).join('***'), text);
}

/**
 * For errors on their way out of the transport: blanks the secrets in every field that reaches a
 * message, and drops `cert` (TLS errors carry the peer certificate: noise, never shown). In place.
 */
export function redactError<T>(error: T, connection: Pick<ConnectionSettings, 'user' | 'password' | 'proxy'>, depth = 0): T {
	if (!(error instanceof Error)) return error;
	const fields = error as Error & { cert?: unknown; response?: unknown; options?: unknown; cause?: unknown };
	delete fields.cert;
	// The socks library's errors carry the proxy options, login included.
	delete fields.options;
	error.message = redactSecrets(error.message, connection);
	if (typeof fields.response === 'string') fields.response = redactSecrets(fields.response, connection);
	if (error.stack) error.stack = redactSecrets(error.stack, connection);
	if (depth < 5) redactError(fields.cause, connection, depth + 1);
	return error;
}
