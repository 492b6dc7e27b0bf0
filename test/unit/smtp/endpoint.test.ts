import fc from 'fast-check';

import { ConfigurationError } from '../../../nodes/AlertEmail/shared/configurationError';
import { checkHostName, findPreset, resolveEndpoint } from '../../../nodes/AlertEmail/smtp/endpoint';
import type { SecurityMode } from '../../../nodes/AlertEmail/smtp/presets';

const MODES: SecurityMode[] = ['ssl', 'starttls', 'none'];

/** Port 0 per provider and mode, from the providers' published settings; missing = not served. */
const PORTS: Record<string, Partial<Record<SecurityMode, number>>> = {
	qq: { ssl: 465, starttls: 587 },
	qqEnterprise: { ssl: 465 },
	163: { ssl: 465, starttls: 25, none: 25 },
	126: { ssl: 465, starttls: 25, none: 25 },
	yeah: { ssl: 465, starttls: 25, none: 25 },
	aliyun: { ssl: 465, none: 25 },
	gmail: { ssl: 465, starttls: 587 },
	outlook: { starttls: 587 },
	custom: { ssl: 465, starttls: 587, none: 25 },
};

const HOSTS: Record<string, string> = {
	qq: 'smtp.qq.com',
	qqEnterprise: 'smtp.exmail.qq.com',
	163: 'smtp.163.com',
	126: 'smtp.126.com',
	yeah: 'smtp.yeah.net',
	aliyun: 'smtp.aliyun.com',
	gmail: 'smtp.gmail.com',
	outlook: 'smtp.office365.com',
	custom: 'mail.example.com',
};

describe('resolveEndpoint', () => {
	describe.each(Object.keys(PORTS))('provider %s with Port 0', (provider) => {
		it.each(MODES)('%s', (security) => {
			const expected = PORTS[provider][security];
			const resolve = () => resolveEndpoint({ provider, host: 'mail.example.com', port: 0, security });
			if (expected === undefined && security === 'ssl') {
				// SSL/TLS is the field's default, which n8n fills in for every provider: the provider's own mode instead.
				expect(resolve()).toEqual({ host: HOSTS[provider], port: 587, security: 'starttls' });
			} else if (expected === undefined) {
				expect(resolve).toThrow(expect.objectContaining({ field: 'security', message: expect.stringContaining('is not served by') }));
			} else {
				expect(resolve()).toEqual({ host: HOSTS[provider], port: expected, security });
			}
		});
	});

	it('keeps a port override on a preset, with the preset host and the chosen security', () => {
		expect(resolveEndpoint({ provider: 'qq', port: 2525, security: 'starttls' })).toEqual({
			host: 'smtp.qq.com',
			port: 2525,
			security: 'starttls',
		});
		expect(resolveEndpoint({ provider: 'qq', port: 994, security: 'ssl' })).toEqual({ host: 'smtp.qq.com', port: 994, security: 'ssl' });
	});

	it('keeps any valid override and the preset host, for every preset and mode', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...Object.keys(PORTS).filter((id) => id !== 'custom')),
				fc.constantFrom(...MODES),
				fc.integer({ min: 1, max: 65535 }),
				(provider, security, port) => {
					expect(resolveEndpoint({ provider, host: 'ignored.example', port, security })).toEqual({ host: HOSTS[provider], port, security });
				},
			),
		);
	});

	it('ignores the host field unless the provider is custom', () => {
		expect(resolveEndpoint({ provider: '163', host: 'evil.example.com', security: 'ssl' }).host).toBe('smtp.163.com');
		expect(resolveEndpoint({ provider: 'custom', host: ' mail.example.com ', security: 'none' })).toEqual({
			host: 'mail.example.com',
			port: 25,
			security: 'none',
		});
	});

	it('names the field and the right combination when the provider lacks a mode', () => {
		expect(() => resolveEndpoint({ provider: 'outlook', security: 'none' })).toThrow(
			expect.objectContaining({
				field: 'security',
				message: 'Security "None" is not served by Outlook / Microsoft 365. Choose STARTTLS on port 587, or set Port yourself.',
			}),
		);
		expect(() => resolveEndpoint({ provider: 'qqEnterprise', security: 'starttls' })).toThrow(/Choose SSL\/TLS on port 465/);
	});

	it.each([-1, 65536, 1.5, Number.NaN])('refuses port %p, naming the field', (port) => {
		expect(() => resolveEndpoint({ provider: 'qq', port, security: 'ssl' })).toThrow(
			expect.objectContaining({ field: 'port', message: expect.stringContaining("Use 1–65535, or 0 for the provider's port") }),
		);
	});

	it('refuses an empty custom host, an unknown provider and an unknown mode', () => {
		expect(() => resolveEndpoint({ provider: 'custom', host: '', security: 'ssl' })).toThrow(ConfigurationError);
		expect(() => resolveEndpoint({ provider: 'hotmail', security: 'ssl' })).toThrow(/Unknown provider "hotmail"/);
		expect(() => resolveEndpoint({ provider: 'qq', security: 'tls' as SecurityMode })).toThrow(
			expect.objectContaining({ field: 'security' }),
		);
		for (const name of ['toString', 'constructor', '__proto__']) {
			expect(() => resolveEndpoint({ provider: 'qq', port: 25, security: name as SecurityMode })).toThrow(
				expect.objectContaining({ field: 'security', message: expect.stringMatching(/^Security must be ssl, starttls or none/) }),
			);
		}
	});
});

describe('checkHostName', () => {
	it.each([
		['smtp://mail.example.com', 'is a URL'],
		['mail.example.com:587', 'Enter "mail.example.com" here and put 587 in the port field'],
		['mail example.com', 'is not a valid server name'],
		['user@mail.example.com', 'is not a valid server name'],
		['   ', 'is empty'],
	])('refuses %p: %s', (value, message) => {
		expect(() => checkHostName(value, 'host', 'Host')).toThrow(
			expect.objectContaining({ field: 'host', message: expect.stringContaining(message) }),
		);
	});

	it('accepts names, IPv4 and IPv6 (with or without brackets)', () => {
		expect(checkHostName(' smtp.example.com ', 'host', 'Host')).toBe('smtp.example.com');
		expect(checkHostName('127.0.0.1', 'host', 'Host')).toBe('127.0.0.1');
		expect(checkHostName('[::1]', 'host', 'Host')).toBe('::1');
		expect(checkHostName('::1', 'host', 'Host')).toBe('::1');
	});

	it('never accepts white space inside a name', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 1 }), fc.constantFrom(' ', '\t', '\n'), fc.string({ minLength: 1 }), (left, space, right) => {
				const value = `${left.trim() || 'a'}${space}${right.trim() || 'b'}`;
				expect(() => checkHostName(value, 'host', 'Host')).toThrow(ConfigurationError);
			}),
		);
	});
});

describe('findPreset', () => {
	it('finds every contract id', () => {
		for (const id of Object.keys(PORTS)) expect(findPreset(id).id).toBe(id);
	});
});
