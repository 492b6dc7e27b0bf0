import { ConfigurationError } from '../../../nodes/AlertEmail/configurationError';
import { resolveEndpoint } from '../../../nodes/AlertEmail/smtp/findPreset';

describe('resolveEndpoint', () => {
	it('fills host and port from the preset for the chosen security', () => {
		expect(resolveEndpoint({ provider: 'qq', port: 0, security: 'ssl' })).toEqual({ host: 'smtp.qq.com', port: 465, security: 'ssl' });
		expect(resolveEndpoint({ provider: 'qq', port: 0, security: 'starttls' })).toEqual({ host: 'smtp.qq.com', port: 587, security: 'starttls' });
	});

	it('keeps a port override on a preset', () => {
		expect(resolveEndpoint({ provider: 'qq', port: 2525, security: 'starttls' })).toEqual({ host: 'smtp.qq.com', port: 2525, security: 'starttls' });
	});

	it('ignores the host field unless the provider is custom', () => {
		expect(resolveEndpoint({ provider: '163', host: 'evil.example.com', security: 'ssl' }).host).toBe('smtp.163.com');
		expect(resolveEndpoint({ provider: 'custom', host: ' mail.example.com ', security: 'none' })).toEqual({ host: 'mail.example.com', port: 25, security: 'none' });
	});

	it('names the field and the right combination when the provider lacks a mode', () => {
		expect(() => resolveEndpoint({ provider: 'outlook', security: 'ssl' })).toThrow(
			expect.objectContaining({ field: 'security', message: expect.stringContaining('STARTTLS on port 587') }),
		);
	});

	it('refuses an empty custom host and an unknown provider', () => {
		expect(() => resolveEndpoint({ provider: 'custom', host: '', security: 'ssl' })).toThrow(ConfigurationError);
		expect(() => resolveEndpoint({ provider: 'hotmail', security: 'ssl' })).toThrow(/Unknown provider "hotmail"/);
	});
});
