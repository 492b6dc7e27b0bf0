/**
 * Hostile alert text through the real engine and a real SMTP server, read back with mailparser
 * from the bytes the server received. Each case names its outcome: the exact headers and subject
 * that arrive, escaped markup, a stated cut, a refused item, or text kept as it was.
 */
import type { IDataObject } from 'n8n-workflow';

import { errorIn } from '../helpers/errorItems';
import { ALERT_HEADERS, header, headerNames, rawHeaderBlock, runNode } from '../helpers/nodeRun';
import type { NodeRun } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({ security: 'none' });
});
afterAll(() => server.close());

const alert = (extra: IDataObject = {}) => ({ event: 'disk.full', severity: 'error', title: 'Disk full', source: 'db-1', ...extra });
const only = (run: NodeRun) => {
	expect(run.mails).toHaveLength(1);
	return run.mails[0];
};
const CONTROLS = 'a\r\nBcc: evil@attacker.example\r\nX-Injected: 1\u0000\u0007\u001b[31m\u0085\u2028z';
const CLEANED = 'a Bcc: evil@attacker.example X-Injected: 1 [31m z';

interface Case {
	items: IDataObject[];
	parameters?: IDataObject;
	credential?: IDataObject;
}

describe('control characters in every field that reaches a header: one safe line, exactly the intended headers', () => {
	it.each([
		['title', { items: [alert({ title: CONTROLS })] }, `[Prod] [ERROR] ${CLEANED}`],
		['node Subject Prefix', { items: [alert()], parameters: { subjectPrefix: CONTROLS } }, `${CLEANED} [ERROR] Disk full`],
		[
			'credential Subject Prefix',
			{ items: [alert()], parameters: { subjectPrefix: '' }, credential: { subjectPrefix: CONTROLS } },
			`${CLEANED} [ERROR] Disk full`,
		],
		[
			'custom Subject Template filled from event and source',
			{ items: [alert({ event: CONTROLS, source: CONTROLS })], parameters: { options: { subjectTemplate: '{event}|{source}' } } },
			`${CLEANED}|${CLEANED}`,
		],
		['severity', { items: [alert({ severity: `critical${CONTROLS}` })] }, '[Prod] [WARNING] Disk full'],
	] as Array<[string, Case, string]>)('%s', async (_field, input, subject) => {
		const run = await runNode(
			server,
			input.items,
			input.parameters ?? {},
			input.credential ? { credential: server.credential(input.credential) } : {},
		);
		const mail = only(run);
		expect(mail.parsed.subject).toBe(subject);
		expect([...headerNames(mail)].sort()).toEqual([...ALERT_HEADERS].sort());
		expect(mail.envelope.to).toEqual(['ops@example.com']);
		expect(rawHeaderBlock(mail)).not.toMatch(/^(bcc|x-injected):/im);
	});
});

describe('custom headers', () => {
	const headers = (...pairs: Array<[string, unknown]>) => ({
		options: { customHeaders: { header: pairs.map(([name, value]) => ({ name, value })) } },
	});

	it('arrive as given, non-ASCII encoded, beside the headers the node sets', async () => {
		const mail = only(await runNode(server, [alert()], headers(['X-Alert-Team', 'database'], ['X-Region', '华北'])));
		expect(header(mail, 'x-alert-team')).toBe('database');
		// mailparser leaves unknown headers encoded; these are B-encoded words of UTF-8.
		const decoded = String(mail.parsed.headers.get('x-region')).replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_word, base64: string) =>
			Buffer.from(base64, 'base64').toString('utf8'),
		);
		expect(decoded).toBe('华北');
		expect([...headerNames(mail)].sort()).toEqual([...ALERT_HEADERS, 'x-alert-team', 'x-region'].sort());
	});

	it('show in a dry run, with the recipients left out under "Send to the Valid Ones"', async () => {
		const run = await runNode(server, [alert()], {
			toEmail: 'ops@example.com, nope',
			...headers(['X-Alert-Team', 'database']),
			options: { ...headers(['X-Alert-Team', 'database']).options, dryRun: true, invalidRecipients: 'sendToValid' },
		});
		expect(run.mails).toEqual([]);
		expect(run.sent[0].json).toMatchObject({
			dryRun: true,
			to: ['ops@example.com'],
			headers: { 'X-Alert-Team': 'database', 'Auto-Submitted': 'auto-generated' },
			droppedRecipients: [{ field: 'To Email', entry: 'nope', reason: 'is not an email address' }],
		});
	});

	it.each([
		[
			'a value with CR/LF',
			[['X-Team', 'db\r\nBcc: evil@attacker.example']],
			'Options › Custom Headers: the value of "X-Team" contains a line break or control character.',
		],
		[
			'a reserved name',
			[['Bcc', 'evil@attacker.example']],
			'Options › Custom Headers: "Bcc" is set by the node or the mail system and cannot be replaced.',
		],
		[
			'a name that would end the header early',
			[['X-Team: x\r\nBcc', 'evil']],
			'Options › Custom Headers: "X-Team: x␤␤Bcc" is not a header name.',
		],
	] as Array<[string, Array<[string, string]>, string]>)('%s: the item is refused, nothing sent', async (_case, pairs, message) => {
		const run = await runNode(server, [alert()], headers(...pairs), { onError: 'continueRegularOutput' });
		expect(run.mails).toEqual([]);
		expect(run.sent.map((item) => errorIn(item).message)).toEqual([expect.stringContaining(message)]);
	});
});

describe('markup in every field that reaches the body: escaped in HTML, literal in text', () => {
	const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'`&';
	const escaped = '&#60;script&#62;alert(1)&#60;/script&#62;&#60;img src=x onerror=alert(2)&#62;&#34;&#39;&#96;&#38;';
	const tagsOf = (html: string) => new Set([...html.matchAll(/<\/?([a-z0-9!]+)/gi)].map((match) => match[1].toLowerCase()));

	it('built-in layout: title, message, event, source, field names and values, prefix, workflow name', async () => {
		const run = await runNode(
			server,
			[{ event: evil, title: evil, message: evil, source: evil, [evil]: evil }],
			{ subjectPrefix: evil },
			{ workflowName: evil },
		);
		const html = only(run).parsed.html as string;
		expect(tagsOf(html)).toEqual(new Set(['!doctype', 'html', 'head', 'meta', 'title', 'body', 'table', 'tr', 'td', 'h1', 'p']));
		expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(7);
		expect(only(run).parsed.text).toContain(`Source: ${evil}`);
	});

	it('custom HTML template: every placeholder escaped, the template itself kept', async () => {
		const template = '<div>{title}|{message}|{event}|{source}|{prefix}|{workflow}|{fields.x}|{time}</div>';
		const run = await runNode(
			server,
			[alert({ title: evil, message: evil, event: evil, source: evil, x: evil })],
			{ subjectPrefix: evil, options: { htmlTemplate: template } },
			{ workflowName: evil },
		);
		const html = only(run).parsed.html as string;
		expect(html.startsWith(`<div>${escaped}|${escaped}|${escaped}|${escaped}|`)).toBe(true);
		expect(tagsOf(html)).toEqual(new Set(['div']));
	});

	it('a digest: control characters are dropped from the text part in the one-line rows (alerts 11–70) as in the full ones', async () => {
		const controls = '\u0007\u001b[31m\u0000\u000b';
		const full = Array.from({ length: 10 }, (_v, n) => alert({ severity: 'critical', title: `Full ${n} ${controls}` }));
		const listed = alert({ severity: 'info', title: `Listed ${controls}end`, source: `host${controls}` });
		const run = await runNode(server, [...full, listed], { grouping: 'digest' }, { workflowName: `flow${controls}` });
		const text = only(run).parsed.text as string;

		expect(text).toContain('11. [Info] Listed [31mend (host[31m');
		expect(text).toContain('Full 9 [31m');
		expect(text).toContain('flow[31m');
		// eslint-disable-next-line no-control-regex -- the characters that must not arrive
		expect(text).not.toMatch(/[\u0000\u0007\u000b\u001b]/);
	});

	it('a value that looks like a placeholder or an n8n expression stays text', async () => {
		const run = await runNode(server, [alert({ title: '{message} {{ $json.secret }} ={{ 1 + 1 }}', message: 'M', secret: 's3cret' })], {
			options: { textTemplate: '{title} / {message} / {constructor} / {toString}' },
		});
		expect(only(run).parsed.text?.trim()).toBe('{message} {{ $json.secret }} ={{ 1 + 1 }} / M / {constructor} / {toString}');
	});

	it('a template that references a missing field: {fields.x} is empty, {unknown} stays, an empty subject falls back to the built-in one', async () => {
		const run = await runNode(server, [alert()], {
			options: { subjectTemplate: '{fields.nope}', textTemplate: '[{fields.nope}] [{nope}]' },
		});
		const mail = only(run);
		expect(mail.parsed.subject).toBe('[Prod] [ERROR] Disk full');
		expect(mail.parsed.text?.trim()).toBe('[] [{nope}]');
	});
});

describe('size', () => {
	it('a 1 MB message is sent, cut at 20,000 characters with a marker that says how long it was', async () => {
		const run = await runNode(server, [alert({ message: `${'x'.repeat(1024 * 1024 - 3)}END` })]);
		const mail = only(run);
		expect(mail.parsed.text).toContain(`${'x'.repeat(19_999)}… [cut: 1,048,576 characters in all]`);
		expect(mail.parsed.text).not.toContain('END');
		expect(mail.raw.length).toBeLessThan(120 * 1024);
		expect(run.sent[0].json.status).toBe('sent');
	});

	it('a 10,000-character title makes a 250-character subject ending in "…"', async () => {
		const mail = only(await runNode(server, [alert({ title: '标'.repeat(10_000) })]));
		expect(mail.parsed.subject).toBe(`[Prod] [ERROR] ${'标'.repeat(250 - 16)}…`);
		expect([...(mail.parsed.subject ?? '')]).toHaveLength(250);
	});
});

describe('values of other types where text is expected', () => {
	it('automatic mapping: numbers, booleans, null, lists and nested objects are written out', async () => {
		const run = await runNode(server, [
			{
				event: 500,
				title: false,
				message: null,
				source: ['a', 'b'],
				severity: { level: 'critical' },
				detail: { nested: { deep: [1, { two: 2 }] } },
				time: 1e20,
			},
		]);
		const mail = only(run);
		expect(mail.parsed.subject).toBe('[Prod] [WARNING] false');
		expect(mail.parsed.text).toContain('Event: 500');
		expect(mail.parsed.text).toContain('Source: ["a","b"]');
		expect(mail.parsed.text).toContain('detail.nested: {"deep":[1,{"two":2}]}');
		expect(mail.parsed.text).toContain('Time: 100000000000000000000');
	});

	it('manual mapping: expressions that give objects, lists, numbers and null', async () => {
		const run = await runNode(server, [{ obj: { a: [1, 2] }, list: ['x', 'y'], n: 42 }], {
			mapping: 'manual',
			eventType: '={{ $json.n }}',
			severity: '={{ $json.obj }}',
			title: '={{ $json.obj }}',
			message: '={{ $json.list }}',
			source: '={{ null }}',
		});
		const mail = only(run);
		expect(mail.parsed.subject).toBe('[Prod] [WARNING] {"a":[1,2]}');
		expect(mail.parsed.text).toContain('["x","y"]');
		expect(mail.parsed.text).toContain('Event: 42');
		expect(mail.parsed.text).not.toContain('Source:');
	});
});

describe('text that is not clean UTF-8, and right-to-left text', () => {
	it('lone surrogates arrive as U+FFFD, a Latin-1 buffer as its valid part with U+FFFD', async () => {
		const run = await runNode(server, [
			alert({ title: 'half \ud83d emoji \udc00', message: Buffer.from('café crème', 'latin1'), note: 'already replaced \ufffd' }),
		]);
		const mail = only(run);
		expect(mail.parsed.subject).toBe('[Prod] [ERROR] half \ufffd emoji \ufffd');
		expect(mail.parsed.text).toContain('caf\ufffd cr\ufffdme');
		expect(mail.parsed.text).toContain('note: already replaced \ufffd');
		expect(mail.parsed.html).toContain('half \ufffd emoji \ufffd');
	});

	it('Arabic and Hebrew arrive exactly; a bidi override is removed from the subject, kept in the body', async () => {
		const run = await runNode(server, [alert({ title: 'القرص ממלא 90%', message: 'invoice\u202Efdp.exe' })], { subjectPrefix: '[تنبيه]' });
		const mail = only(run);
		expect(mail.parsed.subject).toBe('[تنبيه] [ERROR] القرص ממלא 90%');
		expect(mail.parsed.text).toContain('invoice\u202Efdp.exe');
		const override = only(await runNode(server, [alert({ title: 'report\u202Efdp.exe \u2066x\u2069' })]));
		expect(override.parsed.subject).toBe('[Prod] [ERROR] reportfdp.exe x');
	});

	it('text shaped like an encoded-word arrives literally, in the subject and in names', async () => {
		const spoof = `=?UTF-8?B?${Buffer.from('\u202Eevil\r\nBcc: x@y.z').toString('base64')}?=`;
		const run = await runNode(
			server,
			[alert({ title: spoof })],
			{ toEmail: `"${spoof}" <ops@example.com>` },
			{ credential: server.credential({ fromName: spoof }) },
		);
		const mail = only(run);
		expect(mail.parsed.subject).toBe(`[Prod] [ERROR] ${spoof}`);
		expect(mail.parsed.from).toMatchObject({ value: [{ name: spoof }] });
		expect(mail.parsed.to).toMatchObject({ value: [{ name: spoof, address: 'ops@example.com' }] });
	});
});
