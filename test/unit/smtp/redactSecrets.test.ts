import { redactError, secretForms } from '../../../nodes/AlertEmail/smtp/redactSecrets';

describe('secret redaction', () => {
	const forms = secretForms('alerts@example.com', ['auth-c0de', 'proxy p@ss']);

	it('masks the secret as given, URL-encoded and base64-encoded (AUTH PLAIN), and drops the certificate', () => {
		const plain = Buffer.from('\u0000alerts@example.com\u0000auth-c0de').toString('base64');
		const error = Object.assign(new Error(`server said: AUTH PLAIN ${plain} rejected for auth-c0de via http://u:proxy%20p%40ss@proxy`), {
			response: `535 ${Buffer.from('auth-c0de').toString('base64')} bad`,
			cert: { raw: Buffer.from('certificate') },
		});
		redactError(error, forms);
		expect(error.message).toBe('server said: AUTH PLAIN *** rejected for *** via http://u:***@proxy');
		expect(error.response).toBe('535 *** bad');
		expect('cert' in error).toBe(false);
		expect(error.stack).not.toContain('auth-c0de');
	});

	it('leaves errors without secrets alone', () => {
		const error = new Error('Connection closed unexpectedly');
		expect(redactError(error, forms).message).toBe('Connection closed unexpectedly');
		expect(redactError('text', forms)).toBe('text');
	});
});
