import { redactSecrets } from '../../../nodes/AlertEmail/smtp/redactSecrets';

const connection = {
	user: 'alerts@qq.com',
	password: 'abcdefghijklmnop',
	proxy: { type: 'http' as const, host: 'proxy.corp', port: 3128, user: 'me', password: 'p@ss word' },
};
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('redactSecrets', () => {
	it.each([
		['the code as typed', 'abcdefghijklmnop'],
		['the code in base64 (AUTH LOGIN)', base64('abcdefghijklmnop')],
		['the AUTH PLAIN line', base64('\0alerts@qq.com\0abcdefghijklmnop')],
		['the proxy password', 'p@ss word'],
		['the proxy password URL-encoded', encodeURIComponent('p@ss word')],
		['the proxy Basic credentials', base64('me:p@ss word')],
	])('blanks %s', (_label, secret) => {
		expect(redactSecrets(`535 rejected ${secret} here`, connection)).toBe('535 rejected *** here');
	});

	it('leaves messages without secrets alone', () => {
		expect(redactSecrets('535 Error: authentication failed', connection)).toBe('535 Error: authentication failed');
	});

	it('prefers safety to wording from four characters on, and ignores shorter "secrets"', () => {
		expect(redactSecrets('Send Test Email', { user: 'u', password: 'Test' })).toBe('Send *** Email');
		expect(redactSecrets('a test', { user: 'u', password: 'tes' })).toBe('a test');
	});
});
