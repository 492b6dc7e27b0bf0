import fc from 'fast-check';

import { ConfigurationError } from '../../../nodes/AlertEmail/shared/configurationError';
import { formatMailbox, isEmailAddress, parseAddressList, refusalMessage, splitEntries } from '../../../nodes/AlertEmail/mail/addresses';

const addresses = (value: unknown) => parseAddressList(value, 'To Email').mailboxes;

describe('address lists', () => {
	it('splits on , ; ， ； and new lines and keeps display names', () => {
		expect(addresses('a@x.com; b@x.com，张三 <zs@qq.com>；\n c@x.com,,')).toEqual([
			{ name: '', address: 'a@x.com' },
			{ name: '', address: 'b@x.com' },
			{ name: '张三', address: 'zs@qq.com' },
			{ name: '', address: 'c@x.com' },
		]);
	});

	it('keeps a quoted display name with commas, semicolons and escaped quotes in one entry', () => {
		expect(splitEntries('"Doe, John; Jr." <j@x.com>, "Say \\"hi\\", ok" <h@x.com>')).toEqual([
			'"Doe, John; Jr." <j@x.com>',
			'"Say \\"hi\\", ok" <h@x.com>',
		]);
		expect(addresses('"Doe, John; Jr." <j@x.com>, "Say \\"hi\\", ok" <h@x.com>, "back\\\\slash" <b@x.com>')).toEqual([
			{ name: 'Doe, John; Jr.', address: 'j@x.com' },
			{ name: 'Say "hi", ok', address: 'h@x.com' },
			{ name: 'back\\slash', address: 'b@x.com' },
		]);
	});

	it('accepts <addr> alone, an empty quoted name, and a list of texts from an expression', () => {
		expect(addresses('<a@x.com>, "" <b@x.com>')).toEqual([
			{ name: '', address: 'a@x.com' },
			{ name: '', address: 'b@x.com' },
		]);
		expect(addresses(['a@x.com', 'Ops <b@x.com>'])).toEqual([
			{ name: '', address: 'a@x.com' },
			{ name: 'Ops', address: 'b@x.com' },
		]);
	});

	it('removes duplicates case-insensitively, keeping the first one as typed', () => {
		expect(addresses('Ops <OPS@x.com>, ops@x.com, ops@X.COM, b@x.com')).toEqual([
			{ name: 'Ops', address: 'OPS@x.com' },
			{ name: '', address: 'b@x.com' },
		]);
	});

	it('has no recipients and no refusals for empty values', () => {
		for (const value of ['', undefined, null, ' , ; ', []]) expect(parseAddressList(value, 'CC')).toEqual({ mailboxes: [], refused: [] });
	});

	it.each([
		['ops.example.com', 'is not an email address'],
		['a b@x.com', 'is not an email address'],
		['a@b@c.com', 'is not an email address'],
		['a@', 'is not an email address'],
		['@x.com', 'is not an email address'],
		['a..b@x.com', 'is not an email address'],
		['a@-x.com', 'is not an email address'],
		['a@x..com', 'is not an email address'],
		[`${'l'.repeat(65)}@x.com`, 'is not an email address'],
		['ad\u202Emin@x.com', 'is not an email address'],
		['a\u200B@x.com', 'is not an email address'],
		['Doe <a@x.com', 'is not an email address'],
		['Say "hi <h@x.com>', 'has a stray double quote or angle bracket in its name'],
		['"Bad "quote" <q@x.com>', 'has a stray double quote or angle bracket in its name'],
		['"Bad "quote"" <q@x.com>', 'has a stray double quote or angle bracket in its name'],
		['Bad"name <q@x.com>', 'has a stray double quote or angle bracket in its name'],
		['ops@x.com\rBcc: evil@y.com', 'contains a line break or control character'],
		['Na\u0000me <a@x.com>', 'contains a line break or control character'],
		['a@x.com\u2028b@x.com', 'contains a line break or control character'],
		['42', 'is not an email address'],
	])('refuses %j: %s', (entry, reason) => {
		const list = parseAddressList(entry, 'CC');
		expect(list.mailboxes).toEqual([]);
		expect(list.refused).toEqual([{ entry: expect.any(String), reason }]);
	});

	it('shows a refused entry with its control characters visible and cut to a readable length', () => {
		expect(parseAddressList('ops@x.com\rBcc: evil@y.com', 'CC').refused[0].entry).toBe('ops@x.com␤Bcc: evil@y.com');
		expect([...parseAddressList('x'.repeat(10_000), 'CC').refused[0].entry]).toHaveLength(80);
	});

	it('splits a new line into two entries, so a smuggled header line is just a bad entry', () => {
		expect(parseAddressList('ops@x.com\nBcc: evil@y.com', 'CC')).toEqual({
			mailboxes: [{ name: '', address: 'ops@x.com' }],
			refused: [{ entry: 'Bcc: evil@y.com', reason: 'is not an email address' }],
		});
	});

	it('says which entries are bad and which are fine in a mixed list', () => {
		const list = parseAddressList('a@x.com, x@, Doe, John <j@x.com>', 'To Email');
		expect(list.mailboxes.map((mailbox) => mailbox.address)).toEqual(['a@x.com', 'j@x.com']);
		expect(refusalMessage(list, ' Or else.')).toBe(
			'"x@" is not an email address; "Doe" is not an email address. The valid addresses (a@x.com, j@x.com) did not get it either. ' +
				'Write name@example.com or Name <name@example.com>; a name with a comma goes in double quotes, e.g. "Doe, John" <john@example.com>. Or else.',
		);
	});

	it('refuses objects and lists of non-texts, naming the field', () => {
		expect(() => parseAddressList({ a: 1 }, 'Options › CC')).toThrow(expect.objectContaining({ field: 'Options › CC' }));
		expect(() => parseAddressList({ a: 1 }, 'Options › CC')).toThrow(ConfigurationError);
		expect(() => parseAddressList({ a: 1 }, 'Options › CC')).toThrow(/must be text .* not an object/);
		expect(() => parseAddressList([1, 2], 'Options › CC')).toThrow(/not a list of other values/);
	});

	it('accepts addresses in other scripts (SMTPUTF8) and plus/dot forms', () => {
		for (const address of ['张三@例子.中国', 'first.last+tag@sub.example.co.uk', "o'brien@x.com", 'ops@localhost'])
			expect(isEmailAddress(address)).toBe(true);
	});

	it('formats mailboxes so that the list reads back exactly, whatever the name', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ name: fc.string({ maxLength: 30 }), local: fc.stringMatching(/^[a-z0-9]{1,10}$/) }), { maxLength: 5 }),
				(entries) => {
					const mailboxes = entries
						// eslint-disable-next-line no-control-regex -- names with control characters are refused, tested above
						.filter((entry) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(entry.name))
						.map((entry, index) => ({ name: entry.name, address: `${entry.local}${index}@x.com` }));
					const parsed = parseAddressList(mailboxes.map(formatMailbox).join(', '), 'To Email');
					expect(parsed.refused).toEqual([]);
					expect(parsed.mailboxes.map((mailbox) => mailbox.address)).toEqual(mailboxes.map((mailbox) => mailbox.address));
				},
			),
		);
	});
});
