/**
 * Property: whatever text arrives in an alert's fields, the subject prefix, the sender's name or a
 * recipient's name, the email that the real SMTP server receives parses (mailparser) with exactly
 * the intended headers and recipients, an HTML body with no markup but the layout's own, and a
 * subject and names that decode to the intended text after the rule stated in
 * nodes/AlertEmail/mail/headerText.ts. The expected text is computed here by a separate
 * implementation of that rule, so a change to either shows up as a failure.
 */
import fc from 'fast-check';

import { ALERT_HEADERS, headerNames, mailboxesOf, processMemory, runNode } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { ReceivedMail, TestSmtpServer } from '../helpers/smtpServer';

let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({ security: 'none' });
});
afterAll(() => server.close());

/** The stated header rule, written independently: code point by code point. */
function expectedHeader(text: string, max: number): string {
	let out = '';
	for (let index = 0; index < text.length; index++) {
		const unit = text.charCodeAt(index);
		const next = text.charCodeAt(index + 1);
		let char = text[index];
		if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) char = text.slice(index, ++index + 1);
		else if (unit >= 0xd800 && unit <= 0xdfff) char = '\ufffd';
		const code = char.codePointAt(0) ?? 0;
		if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) continue;
		const control = code <= 0x1f || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
		out += control ? ' ' : char;
	}
	const line = out.replace(/ +/g, ' ').trim();
	const chars = Array.from(line);
	return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : line;
}

/** Text that goes where the trouble is: controls, markup, quotes, bidi, surrogate halves, encoded-word look-alikes, CJK, RTL. */
const nasty = fc.string({
	unit: fc.oneof(
		{ weight: 4, arbitrary: fc.constantFrom('a', 'Z', ' ', '  ', '\t', '\r', '\n', '\r\n', '\u0000', '\u0085', '\u2028', '\u007f') },
		{
			weight: 4,
			arbitrary: fc.constantFrom('<', '>', '&', '"', "'", '`', '<script>', '</td>', '{title}', '{{ $json.x }}', ',', ';', '\\', ':'),
		},
		{ weight: 2, arbitrary: fc.constantFrom('=?', '?=', '=?UTF-8?B?SGk=?=', '=?utf-8?q?a_b?=', 'Bcc: x@y.z') },
		{
			weight: 3,
			arbitrary: fc.constantFrom(
				'磁盘',
				'🔥',
				'é',
				'مرحبا',
				'שלום',
				'\u202e',
				'\u2066',
				'\u200f',
				'\ufeff',
				'\u3000',
				'\ud83d',
				'\udc00',
				'\ufffd',
			),
		},
		{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
	),
	maxLength: 40,
});

/** A display name the address parser accepts: no control characters (those refuse the entry). */
// eslint-disable-next-line no-control-regex -- control characters are what the filter keeps out
const displayName = nasty.filter((name) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name));

const LAYOUT_TAGS = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'body', 'table', 'tr', 'td', 'h1', 'p', 'br', 'b', 'a', 'span']);
const LAYOUT_ATTRIBUTES = new Set([
	'html',
	'http-equiv',
	'content',
	'name',
	'role',
	'width',
	'cellpadding',
	'cellspacing',
	'border',
	'bgcolor',
	'style',
	'align',
	'height',
	'valign',
	'href',
]);
const TAG = /^<\/?([a-z0-9!]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>$/i;

/** Every `<` in the HTML opens one of the layout's own tags, with only its own attributes. */
function expectOnlyLayoutMarkup(html: string): void {
	const tags = html.match(/<[^>]*>?/g) ?? [];
	for (const tag of tags) {
		const parts = TAG.exec(tag);
		expect({ tag, wellFormed: Boolean(parts) }).toEqual({ tag, wellFormed: true });
		expect(LAYOUT_TAGS.has((parts as RegExpExecArray)[1].toLowerCase()) ? 'layout tag' : tag).toBe('layout tag');
		const attributes = [...(parts as RegExpExecArray)[2].matchAll(/\s+([a-z-]+)(?:="[^"<>]*")?/gi)].map((match) => match[1].toLowerCase());
		for (const attribute of attributes)
			expect(LAYOUT_ATTRIBUTES.has(attribute) ? 'layout attribute' : `${attribute} in ${tag}`).toBe('layout attribute');
	}
}

const formatName = (name: string, address: string) => `"${name.replace(/[\\"]/g, '\\$&')}" <${address}>`;

describe('property: arbitrary text in every alert field, through the real SMTP server', () => {
	beforeEach(() => processMemory().forgetMemoryTables());

	it('parses with exactly the intended headers, recipients, names and subject, and no markup from the input', async () => {
		let run = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.record({ title: nasty, message: nasty, source: nasty, event: nasty, key: nasty, value: nasty }), {
					minLength: 1,
					maxLength: 4,
				}),
				nasty,
				displayName,
				displayName,
				async (alerts, prefix, fromName, toName) => {
					run++;
					const items = alerts.map((alert, index) => ({
						title: `T${alert.title}`,
						message: alert.message,
						source: alert.source,
						event: `e${index}${alert.event}`,
						severity: 'error',
						[`k${alert.key}`]: alert.value,
					}));
					const result = await runNode(
						server,
						items,
						{ toEmail: `${formatName(toName, 'ops@example.com')}, cc-is-not-here@example.com`, subjectPrefix: `P${prefix}` },
						{ credential: server.credential({ fromName }), workflowId: `property-${run}` },
					);
					expect(result.error).toBeUndefined();
					expect(result.sent.map((item) => item.json.status)).toEqual(items.map(() => 'sent'));
					expect(result.mails).toHaveLength(items.length);

					const bySubject = new Map<string, ReceivedMail>(result.mails.map((mail) => [mail.parsed.subject ?? '', mail]));
					for (const item of items) {
						const subject = expectedHeader(`${`P${prefix}`.trim()} [ERROR] ${item.title.trim()}`, 250);
						const mail = bySubject.get(subject);
						expect({ subject, received: [...bySubject.keys()].includes(subject) }).toEqual({ subject, received: true });
						if (!mail) continue;
						expect([...headerNames(mail)].sort()).toEqual([...ALERT_HEADERS].sort());
						expect(mail.envelope.to).toEqual(['ops@example.com', 'cc-is-not-here@example.com']);
						const toNameShown = expectedHeader(toName, 100);
						expect(mailboxesOf(mail.parsed.to)).toEqual([
							[toNameShown, 'ops@example.com'],
							['', 'cc-is-not-here@example.com'],
						]);
						expect(mailboxesOf(mail.parsed.from)).toEqual([[expectedHeader(fromName.trim(), 100), 'alerts@example.com']]);
						expectOnlyLayoutMarkup(mail.parsed.html as string);
					}
				},
			),
			{ numRuns: 25 },
		);
	}, 60_000);
});
