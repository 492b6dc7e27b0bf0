/**
 * Attachments and inline images from n8n binary data, through the engine and a real smtp-server:
 * what the server received is parsed (mailparser) and its MIME structure checked, for the worst
 * inputs too: a 0-byte file, a 30 MB file, a file name with CR/LF and path parts, a missing
 * property, and a digest of 100 alerts with one image each.
 */
import type { IBinaryData, IDataObject } from 'n8n-workflow';

import { simpleParser } from 'mailparser';

import { errorIn } from '../helpers/errorItems';
import { fixture } from '../helpers/fixtures';
import { runNode } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const binary = (content: Buffer, fileName: string, mimeType: string): IBinaryData => ({
	data: content.toString('base64'),
	mimeType,
	fileName,
	fileSize: String(content.length),
});
/** The HTML part as it was sent: with its cid: links (mailparser would otherwise inline the images). */
const sentHtml = async (raw: Buffer) => (await simpleParser(raw, { keepCidLinks: true })).html as string;
const alert = (n: number): IDataObject => ({ event: 'cpu.high', severity: 'critical', title: `CPU high on web-${n}`, source: `web-${n}` });

describe('attachments and inline images', () => {
	let server: TestSmtpServer;
	beforeAll(async () => {
		server = await startSmtpServer({ security: 'ssl' });
	});
	afterAll(() => server.close());

	it('attaches the named binary properties with their names and types, a Chinese file name included', async () => {
		const log = Buffer.from('2026-12-03 04:00:01 ERROR pg_dump: no space left on device\n');
		const run = await runNode(
			server,
			[alert(1)],
			{ options: { attachments: 'log, report' } },
			{
				binaries: [
					{
						log: binary(log, '备份日志 2026-12-03.txt', 'text/plain'),
						report: binary(Buffer.from('a,b\n1,2\n'), 'report.csv', 'text/csv'),
					},
				],
			},
		);
		const [mail] = run.mails;
		expect(mail.parsed.attachments.map((file) => [file.filename, file.contentType, file.content.toString()])).toEqual([
			['备份日志 2026-12-03.txt', 'text/plain', log.toString()],
			['report.csv', 'text/csv', 'a,b\n1,2\n'],
		]);
		// Both header forms a mail client may read the name from: RFC 2231 (filename*) and RFC 2047 (name=).
		const raw = mail.raw.toString('latin1');
		expect(raw).toMatch(/filename\*0\*=utf-8''%E5%A4%87%E4%BB%BD/);
		expect(raw).toMatch(/name="=\?UTF-8\?B\?/);
		expect(run.sent[0].json.attachments).toEqual([
			{ property: 'log', fileName: '备份日志 2026-12-03.txt', mimeType: 'text/plain', size: log.length },
			{ property: 'report', fileName: 'report.csv', mimeType: 'text/csv', size: 8 },
		]);
	});

	it('shows the inline image in the HTML: an HTML part that references a related image part', async () => {
		const run = await runNode(
			server,
			[alert(2)],
			{ options: { inlineImage: 'chart' } },
			{ binaries: [{ chart: binary(PNG, 'cpu-panel.png', 'image/png') }] },
		);
		const [mail] = run.mails;
		const [image] = mail.parsed.attachments;
		expect(image).toMatchObject({ contentType: 'image/png', contentDisposition: 'inline', related: true, filename: 'cpu-panel.png' });
		expect(image.content.equals(PNG)).toBe(true);
		expect(await sentHtml(mail.raw)).toContain(`src="cid:${image.cid}"`);
		// The HTML and the image travel together in multipart/related, as QQ Mail, Outlook and Gmail expect.
		expect(mail.raw.toString('latin1')).toMatch(/Content-Type: multipart\/related; type="text\/html"/);
		expect(mail.parsed.text).toContain('[cpu-panel.png]');
		expect(run.sent[0].json.attachments).toEqual([
			{ property: 'chart', fileName: 'cpu-panel.png', mimeType: 'image/png', size: PNG.length, inline: true },
		]);
	});

	it('{image} places it in a custom HTML template', async () => {
		const run = await runNode(
			server,
			[alert(3)],
			{ options: { inlineImage: 'chart', htmlTemplate: '<h2>{title}</h2>{image}<p>{message}</p>' } },
			{
				binaries: [{ chart: binary(PNG, 'p.png', 'image/png') }],
			},
		);
		const [mail] = run.mails;
		expect(await sentHtml(mail.raw)).toMatch(/^<h2>CPU high on web-3<\/h2><img src="cid:[^"]+"/);
	});

	it("a digest carries every alert's files, and a digest of 100 alerts with one image each arrives whole", async () => {
		const items = Array.from({ length: 100 }, (_v, n) => alert(n));
		const binaries = items.map((_item, n) => ({ chart: binary(PNG, `panel-${n}.png`, 'image/png') }));
		const run = await runNode(server, items, { grouping: 'digest', options: { inlineImage: 'chart' } }, { binaries });
		expect(run.mails).toHaveLength(1);
		const [mail] = run.mails;
		expect(mail.parsed.attachments).toHaveLength(100);
		expect(new Set(mail.parsed.attachments.map((file) => file.cid)).size).toBe(100);
		// The alerts shown in full show their image; the rest travel with the email.
		const html = await sentHtml(mail.raw);
		const referenced = mail.parsed.attachments.filter((file) => html.includes(`cid:${file.cid}`));
		expect(referenced.length).toBe(10);
		expect(run.sent[0].json.attachments).toHaveLength(100);
	}, 30_000);

	it('a 0-byte file is attached as such; a file name with CR/LF and path parts arrives as one safe name', async () => {
		const run = await runNode(
			server,
			[alert(4)],
			{ options: { attachments: 'empty, evil' } },
			{
				binaries: [
					{
						empty: binary(Buffer.alloc(0), 'empty.log', 'text/plain'),
						evil: binary(Buffer.from('x'), '../../etc/pass\r\nBcc: a@evil.example\r\nwd.txt', 'text/plain'),
					},
				],
			},
		);
		const [mail] = run.mails;
		expect(mail.parsed.attachments.map((file) => [file.filename, file.size])).toEqual([
			['empty.log', 0],
			['pass Bcc: a@evil.example wd.txt', 1],
		]);
		expect(mail.parsed.headers.get('bcc')).toBeUndefined();
		expect(mail.envelope.to).toEqual(['ops@example.com']);
	});

	it('a 30 MB file is over the 20 MB default: an error item naming the property and the size, nothing sent', async () => {
		const before = server.messages.length;
		const big = Buffer.alloc(30 * 1024 * 1024, 7);
		const run = await runNode(
			server,
			[alert(5), alert(6)],
			{ options: { attachments: 'dump' } },
			{
				binaries: [{ dump: binary(big, 'heap.dump', 'application/octet-stream') }, undefined],
				onError: 'continueRegularOutput',
			},
		);
		expect(server.messages.length - before).toBe(0);
		expect(run.sent.map((item) => [item.pairedItem, errorIn(item).message])).toEqual([
			[{ item: 0 }, 'Options › Attachments: "heap.dump" is 30.0 MB, over the Attachment Size Limit of 20.0 MB.'],
			[{ item: 1 }, 'Options › Attachments: the item has no binary property "dump".'],
		]);
	}, 30_000);

	it('with "Send Without the File": sent without it, and the Sent item says what was left out and why', async () => {
		const run = await runNode(
			server,
			[alert(7)],
			{ options: { attachments: 'dump, missing', attachmentMaxSize: 1, attachmentProblems: 'sendWithout' } },
			{
				binaries: [{ dump: binary(Buffer.alloc(2 * 1024 * 1024), 'heap.dump', 'application/octet-stream') }],
			},
		);
		expect(run.mails).toHaveLength(1);
		expect(run.mails[0].parsed.attachments).toHaveLength(0);
		expect(run.sent[0].json.droppedAttachments).toEqual([
			{
				property: 'dump',
				fileName: 'heap.dump',
				size: 2 * 1024 * 1024,
				reason: '"heap.dump" is 2.0 MB, over the Attachment Size Limit of 1.0 MB',
			},
			{ property: 'missing', reason: 'the item has no binary property "missing"' },
		]);
	});

	it('files that add up to more than the limit: refused by default, the largest left out with "Send Without the File"', async () => {
		const files = {
			a: binary(Buffer.alloc(600 * 1024), 'a.bin', 'application/octet-stream'),
			b: binary(Buffer.alloc(700 * 1024), 'b.bin', 'application/octet-stream'),
		};
		const refused = await runNode(
			server,
			[alert(8)],
			{ options: { attachments: 'a, b', attachmentMaxSize: 1 } },
			{ binaries: [files], onError: 'continueRegularOutput' },
		);
		expect(refused.mails).toHaveLength(0);
		expect(errorIn(refused.sent[0]).message).toMatch(/the email's files add up to 1\.3 MB, over the Attachment Size Limit of 1\.0 MB/);
		const trimmed = await runNode(
			server,
			[alert(9)],
			{ options: { attachments: 'a, b', attachmentMaxSize: 1, attachmentProblems: 'sendWithout' } },
			{ binaries: [files] },
		);
		expect(trimmed.mails[0].parsed.attachments.map((file) => file.filename)).toEqual(['a.bin']);
		expect((trimmed.sent[0].json.droppedAttachments as IDataObject[])[0]).toMatchObject({ property: 'b', fileName: 'b.bin' });
	});

	it('an inline image left out for the size limit is not referenced: no cid: in the HTML, no name in the text', async () => {
		const run = await runNode(
			server,
			[alert(13)],
			{ options: { inlineImage: 'chart', attachments: 'log', attachmentMaxSize: 1, attachmentProblems: 'sendWithout' } },
			{
				binaries: [
					{
						chart: binary(Buffer.alloc(700 * 1024, 1), 'big-panel.png', 'image/png'),
						log: binary(Buffer.alloc(600 * 1024, 2), 'run.log', 'text/plain'),
					},
				],
			},
		);
		expect(run.mails).toHaveLength(1);
		const [mail] = run.mails;
		expect(mail.parsed.attachments.map((file) => file.filename)).toEqual(['run.log']);
		const html = await sentHtml(mail.raw);
		expect(html).not.toContain('cid:');
		expect(html).not.toContain('big-panel.png');
		expect(mail.parsed.text).not.toContain('big-panel.png');
		expect(run.sent[0].json.attachments).toEqual([{ property: 'log', fileName: 'run.log', mimeType: 'text/plain', size: 600 * 1024 }]);
		expect(run.sent[0].json.droppedAttachments).toEqual([
			expect.objectContaining({ property: 'chart', fileName: 'big-panel.png', size: 700 * 1024 }),
		]);
	});

	it('{image} in a custom HTML template is empty when the image was left out for the size limit', async () => {
		const run = await runNode(
			server,
			[alert(14)],
			{
				options: {
					inlineImage: 'chart',
					attachments: 'log',
					attachmentMaxSize: 1,
					attachmentProblems: 'sendWithout',
					htmlTemplate: '<h2>{title}</h2>{image}<p>{message}</p>',
					textTemplate: '{title} {image}',
				},
			},
			{
				binaries: [
					{
						chart: binary(Buffer.alloc(700 * 1024, 1), 'big-panel.png', 'image/png'),
						log: binary(Buffer.alloc(600 * 1024, 2), 'run.log', 'text/plain'),
					},
				],
			},
		);
		const [mail] = run.mails;
		expect(await sentHtml(mail.raw)).toMatch(/^<h2>CPU high on web-14<\/h2><p>/);
		expect(mail.parsed.text?.trim()).toBe('CPU high on web-14');
	});

	it("an item's left-out file is listed once, however many of its alerts the email carries", async () => {
		const payload = fixture('alertmanager-v4');
		const [first] = payload.alerts as IDataObject[];
		payload.alerts = [
			...(payload.alerts as IDataObject[]),
			{ ...first, labels: { ...(first.labels as IDataObject), instance: '10.0.0.14:9100' }, fingerprint: '5c1f3e2b6a8d9c03' },
		];
		const run = await runNode(
			server,
			[payload],
			{ grouping: 'digest', options: { attachments: 'log', attachmentProblems: 'sendWithout' } },
			{ binaries: [undefined] },
		);
		expect(run.mails).toHaveLength(1);
		expect(run.sent[0].json.alertCount).toBe(3);
		expect(run.sent[0].json.droppedAttachments).toEqual([{ property: 'log', reason: 'the item has no binary property "log"' }]);
	});

	it('a missing property or an inline image that is not an image refuses the item, naming the property', async () => {
		const run = await runNode(
			server,
			[alert(10), alert(11)],
			{ options: { inlineImage: 'chart' } },
			{
				binaries: [undefined, { chart: binary(Buffer.from('%PDF'), 'x.pdf', 'application/pdf') }],
				onError: 'continueRegularOutput',
			},
		);
		expect(run.mails).toHaveLength(0);
		expect(run.sent.map((item) => errorIn(item).message)).toEqual([
			'Options › Inline Image: the item has no binary property "chart".',
			'Options › Inline Image: "x.pdf" (application/pdf) is not an image mail clients show inline (PNG, JPEG, GIF or WebP).',
		]);
	});

	it('the dry run lists the files with names and sizes, not their bytes', async () => {
		const run = await runNode(
			server,
			[alert(12)],
			{ options: { dryRun: true, attachments: 'log', inlineImage: 'chart' } },
			{
				binaries: [{ log: binary(Buffer.from('hello'), 'a.log', 'text/plain'), chart: binary(PNG, 'c.png', 'image/png') }],
			},
		);
		expect(run.mails).toHaveLength(0);
		expect(run.sent[0].json.attachments).toEqual([
			{ property: 'chart', fileName: 'c.png', mimeType: 'image/png', size: PNG.length, inline: true },
			{ property: 'log', fileName: 'a.log', mimeType: 'text/plain', size: 5 },
		]);
		expect(JSON.stringify(run.sent[0].json)).not.toContain(PNG.toString('base64'));
	});

	it('the dry run says when the email would be refused for its files adding up over the limit', async () => {
		const run = await runNode(
			server,
			[alert(15)],
			{ options: { dryRun: true, attachments: 'a, b', attachmentMaxSize: 1 } },
			{
				binaries: [
					{
						a: binary(Buffer.alloc(600 * 1024), 'a.bin', 'application/octet-stream'),
						b: binary(Buffer.alloc(700 * 1024), 'b.bin', 'application/octet-stream'),
					},
				],
			},
		);
		expect(run.mails).toHaveLength(0);
		expect(run.sent).toHaveLength(1);
		expect(run.sent[0].json).toMatchObject({ status: 'preview', dryRun: true });
		expect(run.sent[0].json.refused).toEqual({
			field: 'Options › Attachments',
			message: expect.stringMatching(/^the email's files add up to 1\.3 MB, over the Attachment Size Limit of 1\.0 MB/),
		});
	});
});
