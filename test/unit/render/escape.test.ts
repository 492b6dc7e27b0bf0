import fc from 'fast-check';

import { escapeHtml, headerSafe, htmlLines, linkOrText, textSafe } from '../../../nodes/AlertEmail/render/escape';

describe('header safety', () => {
	it.each([
		['a\r\nBcc: evil@example.com', 'a Bcc: evil@example.com'],
		['a\rb\nc', 'a b c'],
		['a\u0085b\u2028c\u2029d', 'a b c d'],
		['tab\there\u0000nul\u007fdel', 'tab here nul del'],
		['  spaced   out  ', 'spaced out'],
		['磁盘告警 🔥', '磁盘告警 🔥'],
	])('%j → %j', (input, output) => expect(headerSafe(input)).toBe(output));

	it('caps long values on a character boundary (emoji stay whole)', () => {
		const capped = headerSafe('🔥'.repeat(300), 10);
		expect([...capped]).toHaveLength(10);
		expect(capped.endsWith('🔥…')).toBe(true);
	});

	it('never leaves a control or line-separator character, whatever the input', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), (value) => {
				// eslint-disable-next-line no-control-regex -- the property is about control characters
				return !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(headerSafe(value));
			}),
		);
	});
});

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
	});

	it('links only http(s) URLs', () => {
		expect(linkOrText('https://x.example.com/a?b=1&c=2')).toBe(
			'<a href="https://x.example.com/a?b=1&#38;c=2" style="color:#1a73e8;text-decoration:underline;word-break:break-all;">https://x.example.com/a?b=1&#38;c=2</a>',
		);
		expect(linkOrText('javascript:alert(1)')).toBe('javascript:alert(1)');
		expect(linkOrText('https://x.example.com/"><script>')).toBe('https://x.example.com/&#34;&#62;&#60;script&#62;');
	});
});
