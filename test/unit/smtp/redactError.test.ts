import { redactError } from '../../../nodes/AlertEmail/smtp/redactSecrets';

describe('redactError', () => {
	const connection = {
		user: 'alerts@example.com',
		password: 'auth-c0de',
		proxy: { type: 'http' as const, host: 'p', port: 1, user: 'u', password: 'proxy p@ss' },
	};

	it('blanks secrets in message, reply and stack, and drops the certificate', () => {
		const plain = Buffer.from('\u0000alerts@example.com\u0000auth-c0de').toString('base64');
		const error = Object.assign(new Error(`server said: AUTH PLAIN ${plain} rejected for auth-c0de via http://u:proxy%20p%40ss@proxy`), {
			response: `535 ${Buffer.from('auth-c0de').toString('base64')} bad`,
			cert: { raw: Buffer.from('certificate') },
		});
		expect(redactError(error, connection)).toBe(error);
		expect(error.message).toBe('server said: AUTH PLAIN *** rejected for *** via http://u:***@proxy');
		expect(error.response).toBe('535 *** bad');
		expect('cert' in error).toBe(false);
		expect(error.stack).not.toContain('auth-c0de');
	});

	it('drops the proxy options a socks error carries and cleans its cause', () => {
		const cause = new Error('inner auth-c0de');
		const error = Object.assign(new Error('Socks5 Authentication failed', { cause }), {
			options: { proxy: { userId: 'u', password: 'proxy p@ss' } },
		});
		redactError(error, connection);
		expect('options' in error).toBe(false);
		expect(cause.message).toBe('inner ***');
	});

	it('leaves other errors and non-errors alone', () => {
		expect(redactError(new Error('Connection closed unexpectedly'), connection).message).toBe('Connection closed unexpectedly');
		expect(redactError('text', connection)).toBe('text');
	});
});
