import { ConfigurationError } from '../../../nodes/AlertEmail/configurationError';
import { parseAddressList } from '../../../nodes/AlertEmail/pipeline/recipients';

describe('recipient lists', () => {
	it('splits on , ; ， ； and new lines and keeps display names', () => {
		expect(parseAddressList('a@x.com; b@x.com，张三 <zs@qq.com>；\n c@x.com,,', 'To Email')).toEqual([
			'a@x.com',
			'b@x.com',
			'"张三" <zs@qq.com>',
			'c@x.com',
		]);
	});

	it('has no recipients for empty values', () => {
		expect(parseAddressList('', 'CC')).toEqual([]);
		expect(parseAddressList(undefined, 'CC')).toEqual([]);
		expect(parseAddressList(' , ', 'CC')).toEqual([]);
	});

	it.each([
		['ops.example.com', /is not an email address/],
		['a b@x.com', /is not an email address/],
		['a@b@c.com', /is not an email address/],
		['ops@x.com\nBcc: evil@y.com', /"Bcc: evil@y.com" is not an email address/],
		['ops@x.com\rBcc: evil@y.com', /line break or control character/],
		['Na\rme <a@x.com>', /line break or control character/],
		['Name\r\n <a@x.com>', /"Name" is not an email address/],
		['"Quoted" <a@x.com>', /is not an email address/],
	])('refuses %j naming the field', (value, message) => {
		expect(() => parseAddressList(value, 'Options › CC')).toThrow(message);
		try {
			parseAddressList(value, 'Options › CC');
		} catch (error) {
			expect(error).toBeInstanceOf(ConfigurationError);
			expect((error as ConfigurationError).field).toBe('Options › CC');
		}
	});
});
