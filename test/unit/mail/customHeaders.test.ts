import { isReservedHeader, readCustomHeaders } from '../../../nodes/AlertEmail/mail/customHeaders';

const rows = (...pairs: Array<[unknown, unknown]>) => ({ header: pairs.map(([name, value]) => ({ name, value })) });

describe('custom headers', () => {
	it('passes checked name/value pairs through, numbers and booleans as text', () => {
		expect(readCustomHeaders(rows(['X-Alert-Team', 'database'], ['X-Ticket', 42], ['X-Paged', true]))).toEqual(
			expect.objectContaining({ 'X-Alert-Team': 'database', 'X-Ticket': '42', 'X-Paged': 'true' }),
		);
	});

	it('quotes a long refused name cut at 80 characters, without splitting an emoji', () => {
		expect(() => readCustomHeaders(rows([`${'X'.repeat(79)}🔥🔥`, 'v']))).toThrow(`"${'X'.repeat(79)}…" is not a header name.`);
		expect(() => readCustomHeaders(rows([`${'X'.repeat(78)}🔥🔥🔥`, 'v']))).toThrow(`"${'X'.repeat(78)}🔥…" is not a header name.`);
	});

	it('keeps a header named __proto__ (a valid token) instead of dropping it', () => {
		expect(Object.entries(readCustomHeaders(rows(['__proto__', 'p'], ['X-A', 'a'])))).toEqual([
			['__proto__', 'p'],
			['X-A', 'a'],
		]);
	});

	it('has none when the option is unset or empty, and skips rows left blank in the UI', () => {
		expect(readCustomHeaders(undefined)).toEqual({});
		expect(readCustomHeaders({})).toEqual({});
		expect(readCustomHeaders(rows(['', ''], ['X-A', 'a']))).toEqual({ 'X-A': 'a' });
	});

	it('keeps non-ASCII and right-to-left values, without bidi overrides', () => {
		expect(readCustomHeaders(rows(['X-Region', '华北 🔥'], ['X-Note', 'مرحبا\u202E']))).toEqual({
			'X-Region': '华北 🔥',
			'X-Note': 'مرحبا',
		});
	});

	it.each([
		['a CR/LF in the value', rows(['X-A', 'v\r\nBcc: evil@x.com']), /the value of "X-A" contains a line break or control character/],
		['a NUL in the value', rows(['X-A', 'v\u0000']), /line break or control character/],
		['a tab in the value', rows(['X-A', 'a\tb']), /line break or control character/],
		['a colon in the name', rows(['X-A: b', 'v']), /"X-A: b" is not a header name/],
		['a line break in the name', rows(['X-A\r\nBcc', 'v']), /"X-A␤␤Bcc" is not a header name/],
		['a non-ASCII name', rows(['X-团队', 'v']), /is not a header name/],
		['From', rows(['From', 'ceo@x.com']), /"From" is set by the node or the mail system/],
		['bcc in lower case', rows(['bcc', 'evil@x.com']), /"bcc" is set by the node/],
		['Subject', rows(['Subject', 'x']), /"Subject" is set by the node/],
		['Message-ID', rows(['Message-ID', '<x@y>']), /"Message-ID" is set by the node/],
		['Content-Type', rows(['Content-Type', 'text/html']), /"Content-Type" is set by the node/],
		['the same name twice', rows(['X-A', '1'], ['x-a', '2']), /"x-a" appears twice/],
		['an object value', rows(['X-A', { nested: true }]), /the value of "X-A" must be text, not an object/],
		['a value without a name', rows(['', 'orphan']), /a header with the value "orphan" has no name/],
		['a value over 1,000 characters', rows(['X-A', 'v'.repeat(1001)]), /longer than 1000 characters/],
		['not a list', { header: 'X-A: v' }, /must be a list of name\/value pairs/],
	])('refuses %s, naming the option', (_case, option, message) => {
		expect(() => readCustomHeaders(option)).toThrow(message);
		expect(() => readCustomHeaders(option)).toThrow(expect.objectContaining({ field: 'Options › Custom Headers' }));
	});

	it('reserves the headers that route or identify the email, and nothing else', () => {
		for (const name of [
			'To',
			'CC',
			'Reply-To',
			'Sender',
			'Date',
			'References',
			'In-Reply-To',
			'MIME-Version',
			'Content-Transfer-Encoding',
			'Auto-Submitted',
			'X-Priority',
			'Importance',
			'Resent-To',
			'Return-Path',
		]) {
			expect(isReservedHeader(name)).toBe(true);
		}
		for (const name of ['X-Alert-Team', 'List-Unsubscribe', 'X-Mailer', 'Keywords']) expect(isReservedHeader(name)).toBe(false);
	});
});
