import fc from 'fast-check';

import { headerText, MAX_SUBJECT_CHARS } from '../../../nodes/AlertEmail/shared/headerText';
import { wellFormed } from '../../../nodes/AlertEmail/shared/text';

describe('header text', () => {
	it.each([
		['a\r\nBcc: evil@example.com', 'a Bcc: evil@example.com'],
		['a\rb\nc', 'a b c'],
		['a\u0085b\u2028c\u2029d', 'a b c d'],
		['tab\there\u0000nul\u007fdel', 'tab here nul del'],
		['  spaced   out  ', 'spaced out'],
		['磁盘告警 🔥', '磁盘告警 🔥'],
		// Right-to-left text stays; the override that would reverse "exe.pdf" is removed.
		['تنبيه: القرص ممتلئ', 'تنبيه: القرص ممتلئ'],
		['invoice\u202Efdp.exe', 'invoicefdp.exe'],
		['\u2066isolated\u2069 \u200Fmark', 'isolated \u200Fmark'],
		['broken \ud83d emoji', 'broken \ufffd emoji'],
		['\udc00lone low', '\ufffdlone low'],
		['ideographic\u3000space', 'ideographic\u3000space'],
	])('%j → %j', (input, output) => expect(headerText(input)).toBe(output));

	it(`cuts at ${MAX_SUBJECT_CHARS} characters with "…", on a character boundary (emoji stay whole)`, () => {
		expect([...headerText('x'.repeat(10_000))]).toHaveLength(MAX_SUBJECT_CHARS);
		expect(headerText('x'.repeat(10_000)).endsWith('x…')).toBe(true);
		const capped = headerText('🔥'.repeat(300), 10);
		expect([...capped]).toHaveLength(10);
		expect(capped.endsWith('🔥…')).toBe(true);
		expect(headerText('x'.repeat(MAX_SUBJECT_CHARS))).toBe('x'.repeat(MAX_SUBJECT_CHARS));
	});

	it('never leaves a control, line separator, bidi control or lone surrogate, whatever the input', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 2, max: 300 }), (value, max) => {
				const line = headerText(value, max);
				return (
					// eslint-disable-next-line no-control-regex -- the property is about control characters
					!/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(line) &&
					line === wellFormed(line) &&
					[...line].length <= max
				);
			}),
		);
	});
});
