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
		['the proxy password as the userinfo of a URL writes it', 'p%40ss%20word'],
	])('blanks %s', (_label, secret) => {
		expect(redactSecrets(`535 rejected ${secret} here`, connection)).toBe('535 rejected *** here');
	});

	it('blanks a password as the userinfo of a URL writes it, which is not encodeURIComponent', () => {
		const secret = 'a&b+c$d,e';
		expect(
			redactSecrets(`http://u:a&b+c$d,e@proxy and http://u:${encodeURIComponent(secret)}@proxy`, { user: 'u', password: secret }),
		).toBe('http://u:***@proxy and http://u:***@proxy');
	});

	it('blanks the code inside base64 of any other shape, at any byte alignment', () => {
		for (const wrapper of ['\0someone-else\0', 'x', 'xy', 'xyz']) {
			const token = base64(`${wrapper}abcdefghijklmnop`);
			const clean = redactSecrets(`AUTH PLAIN ${token}`, connection);
			expect(clean).toContain('***');
			expect(clean).not.toContain(token);
		}
	});

	it('leaves messages without secrets alone', () => {
		expect(redactSecrets('535 Error: authentication failed', connection)).toBe('535 Error: authentication failed');
	});

	it('prefers safety to wording from four characters on, and ignores shorter "secrets"', () => {
		expect(redactSecrets('Send Test Email', { user: 'u', password: 'Test' })).toBe('Send *** Email');
		expect(redactSecrets('a test', { user: 'u', password: 'tes' })).toBe('a test');
	});
});
