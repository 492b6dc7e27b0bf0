import fc from 'fast-check';

import { escapeHtml, htmlLines, linkOrText, textSafe } from '../../../nodes/AlertEmail/render/escape';

describe('HTML escaping', () => {
	it('escapes markup characters', () => {
		expect(escapeHtml(`<img src=x onerror="a('b')">&` + '`')).toBe('&#60;img src=x onerror=&#34;a(&#39;b&#39;)&#34;&#62;&#38;&#96;');
	});

	it('leaves no raw markup character, whatever the input', () => {
		fc.assert(fc.property(fc.string(), (value) => !/[<>"'`]/.test(escapeHtml(value)) && !/&(?!#\d+;)/.test(escapeHtml(value))));
	});

	it('keeps line breaks as <br> and drops control characters', () => {
		expect(htmlLines('a<b>\r\nc\u0007')).toBe('a&#60;b&#62;<br>c');
		expect(textSafe('a\r\nb\u0000c\td')).toBe('a\nbc\td');
		expect(textSafe('cut emoji \ud83d')).toBe('cut emoji \ufffd');
		expect(escapeHtml('<\udc00>')).toBe('&#60;\ufffd&#62;');
	});

	it('links only http(s) URLs', () => {
		expect(linkOrText('https://x.example.com/a?b=1&c=2')).toBe(
			'<a href="https://x.example.com/a?b=1&#38;c=2" style="color:#1a73e8;text-decoration:underline;word-break:break-all;">https://x.example.com/a?b=1&#38;c=2</a>',
		);
		expect(linkOrText('javascript:alert(1)')).toBe('javascript:alert(1)');
		expect(linkOrText('https://x.example.com/"><script>')).toBe('https://x.example.com/&#34;&#62;&#60;script&#62;');
	});
});
