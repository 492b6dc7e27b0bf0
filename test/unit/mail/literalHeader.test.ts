import fc from 'fast-check';

import { encodeWords, literalHeaderText } from '../../../nodes/AlertEmail/mail/literalHeader';

const decode = (words: string) =>
	words
		.split(' ')
		.map((word) => Buffer.from(/^=\?UTF-8\?B\?([^?]*)\?=$/.exec(word)?.[1] ?? '!', 'base64').toString('utf8'))
		.join('');

describe('literal header text', () => {
	it('leaves text without "=?" as it is', () => {
		expect(literalHeaderText('Disk full 磁盘 🔥')).toBe('Disk full 磁盘 🔥');
	});

	it('encodes text holding "=?" whole, so a reader decodes exactly the text', () => {
		expect(literalHeaderText('=?UTF-8?B?SGk=?=')).toBe('=?UTF-8?B?PT9VVEYtOD9CP1NHaz0/PQ==?=');
	});

	it('splits into words of at most 75 characters on character boundaries, which decode back to the text', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 120 }), (text) => {
				const words = encodeWords(text);
				return words.split(' ').every((word) => word.length <= 75) && decode(words) === text;
			}),
		);
	});
});
