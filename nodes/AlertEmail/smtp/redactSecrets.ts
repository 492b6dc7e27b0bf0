/**
 * Defence in depth for messages shown to users: replies from servers and proxies are quoted in
 * error messages, and a server may echo what it was sent. Blank out the authorization code and the
 * proxy password in every form they travel in (as typed, URL-encoded, base64, AUTH PLAIN, Basic).
 */
import type { ConnectionSettings } from './connectionSettings';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Shorter strings are no real codes, and blanking them would garble ordinary words. */
const MIN_SECRET_LENGTH = 4;

function secretForms(connection: Pick<ConnectionSettings, 'user' | 'password' | 'proxy'>): string[] {
	const forms: string[] = [];
	const { password, user, proxy } = connection;
	if (password.length >= MIN_SECRET_LENGTH) {
		forms.push(password, encodeURIComponent(password), base64(password), base64(`\0${user}\0${password}`));
	}
	const proxyPassword = proxy?.password ?? '';
	if (proxyPassword.length >= MIN_SECRET_LENGTH) {
		forms.push(proxyPassword, encodeURIComponent(proxyPassword), base64(proxyPassword), base64(`${proxy?.user ?? ''}:${proxyPassword}`));
	}
	// Longest first, so a base64 form is blanked whole before a secret inside it could split it.
	return forms.sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string, connection: Pick<ConnectionSettings, 'user' | 'password' | 'proxy'>): string {
	return secretForms(connection).reduce((clean, secret) => clean.split(secret).join('***'), text);
}
