// Attachments and inline images in a real n8n: a published Webhook → Code → Alert Email workflow.
// The Code node draws a CPU chart as a real PNG ("CPU 使用率.png") and writes a sampler log
// ("采集日志 web-1.log") as n8n binary data; Alert Email shows the chart inside the HTML (Options ›
// Inline Image) and attaches the log (Options › Attachments). The raw message (kept by a tap in
// front of the local mailbox, which keeps only parsed fields) holds the chart as a multipart/related
// part the HTML refers to by cid, byte for byte what the Code node made, and the log under its
// Chinese name, encoded both ways. Then the email in chromium, its chart under the title:
// docs/screenshots/alert-with-chart.png with UPDATE_SCREENSHOTS=1.
import fs from 'node:fs';
import path from 'node:path';

import { simpleParser } from 'mailparser';
import type { Attachment, ParsedMail } from 'mailparser';
import type { Locator, Page } from 'playwright-core';

import { REPO_DIR } from '../../scripts/lib/community-install.cjs';
import type { CreatedWorkflow, Execution, ExecutionSummary } from '../../scripts/lib/n8n-rest.cjs';
import { CREDENTIAL_TYPE, mailboxCredentialData } from '../../scripts/lib/stack.cjs';
import { ALERT_NODE, alertEmailNode, codeNode, webhookNode } from './helpers/workflowNodes';
import type { Stack } from '../../scripts/lib/stack.cjs';
import { openBrowser, screenshot } from './helpers/browser';
import type { BrowserSession } from './helpers/browser';
import { CHART_HEIGHT, CHART_WIDTH, CPU_VALUES, chartCodeNodeSource, chartPng, pngChunks } from './helpers/chartPng';
import { eventually, postToWebhook, startE2eStack, waitForProductionWebhook } from './helpers/e2eStack';
import { nodeItems } from './helpers/firstUse';
import type { BinaryEntry } from './helpers/firstUse';
import { startMailTap } from './helpers/mailTap';
import type { MailTap } from './helpers/mailTap';

jest.setTimeout(15 * 60 * 1000); // the first run installs n8n into the cache

const WEBHOOK_PATH = 'e2e-alert-with-chart';
const CODE_NODE = 'Draw CPU chart';
const CHART_NAME = 'CPU 使用率.png';
const LOG_NAME = '采集日志 web-1.log';
const RESULTS_DIR = path.join(REPO_DIR, 'test-results', 'e2e', 'attachments');

const alert = {
	event: 'cpu.high',
	severity: 'critical',
	title: 'CPU usage above 95% on web-1',
	message: 'web-1 has been above 90% CPU for 30 minutes (peak 98%). The chart shows the last two hours; the sampler log is attached.',
	source: 'web-1',
};

/** The sampler's log, one line per value of the chart (and a Chinese line, so the file is UTF-8 for real). */
const LOG_TEXT = [
	'# 采样间隔 5 分钟 (sampling every 5 minutes), host web-1',
	...CPU_VALUES.map(
		(v, i) => `2026-12-03T${String(8 + Math.floor((i * 5) / 60)).padStart(2, '0')}:${String((i * 5) % 60).padStart(2, '0')}:00Z cpu=${v}%`,
	),
	'',
].join('\n');

/** The Code node: both files through n8n's own binary helper, as a user's Code node makes them. */
const CODE = chartCodeNodeSource(CHART_NAME, { name: LOG_NAME, text: LOG_TEXT });

let stack: Stack;
let tap: MailTap;
let workflow: CreatedWorkflow;
let session: BrowserSession | undefined;

beforeAll(async () => {
	stack = await startE2eStack('attachments', { bootstrap: true });
	tap = await startMailTap(stack.mailbox);
	const credential = await stack.rest.createCredential({
		name: 'SMTP Alert (local mailbox, raw tap)',
		type: CREDENTIAL_TYPE,
		data: mailboxCredentialData(tap),
	});
	workflow = await stack.rest.createWorkflow({
		name: 'e2e: webhook → chart → alert email',
		nodes: [
			webhookNode(WEBHOOK_PATH),
			codeNode(CODE_NODE, CODE),
			alertEmailNode(
				credential,
				{
					toEmail: 'sre@example.com',
					subjectPrefix: '[e2e]',
					mapping: 'auto',
					sendInterval: 0,
					language: 'en',
					options: { inlineImage: 'chart', attachments: 'log' },
				},
				{ position: [480, 0] },
			),
		],
		connections: {
			Webhook: { main: [[{ node: CODE_NODE, type: 'main', index: 0 }]] },
			[CODE_NODE]: { main: [[{ node: ALERT_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	});
	await stack.rest.activateWorkflow(workflow.id, workflow.versionId);
	await waitForProductionWebhook(stack, WEBHOOK_PATH);
});

afterAll(async () => {
	await session?.close();
	await stack?.stop();
	await tap?.close(); // after n8n, whose pooled SMTP session keeps its connection open
});

/** Bytes of n8n binary data kept outside the execution (filesystem/database/S3 mode), as the editor's Download gets them. */
async function binaryBytes(entry: BinaryEntry): Promise<Buffer> {
	if (!entry.id) return Buffer.from(entry.data!, 'base64');
	const res = await fetch(`${stack.n8n.url}/rest/binary-data?id=${encodeURIComponent(entry.id)}&action=download`, {
		headers: { cookie: stack.rest.cookie },
	});
	if (!res.ok) throw new Error(`binary data ${entry.id}: ${res.status} ${await res.text()}`);
	return Buffer.from(await res.arrayBuffer());
}

async function finishedExecution(): Promise<Execution> {
	const summary = await eventually<ExecutionSummary>(
		async () => {
			const [latest] = await stack.rest.listExecutions(workflow.id);
			return latest && !['new', 'running', 'waiting'].includes(latest.status) ? latest : undefined;
		},
		30000,
		'execution finished',
	);
	return stack.rest.getExecution(summary.id);
}

/** Headers of each MIME part of a raw message (unfolded, names lower-cased), in order. */
function mimePartHeaders(raw: string): Array<Record<string, string>> {
	const boundaries = [...raw.matchAll(/boundary="([^"]+)"/gi)].map((m) => m[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	return raw
		.split(new RegExp(`\\r?\\n--(?:${boundaries.join('|')})(?:--)?\\r?\\n`))
		.slice(1)
		.map((part) => part.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' '))
		.map((head) => {
			const headers: Record<string, string> = {};
			for (const line of head.split(/\r?\n/)) {
				const colon = line.indexOf(':');
				if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
			}
			return headers;
		});
}

// Shared by the two tests: what n8n made and what the mailbox received.
let execution: Execution;
let chartFromN8n: Buffer;
let binaryMode = '';
let raw: Buffer;
let parsed: ParsedMail;
let image: Attachment;
let log: Attachment;

describe('Webhook → Code (chart PNG and a log) → Alert Email with Inline Image and Attachments', () => {
	it('sends the chart as a cid-embedded related image under the title and the log as a named attachment', async () => {
		const res = await eventually(
			async () => {
				const answer = await postToWebhook(stack, WEBHOOK_PATH, alert);
				return answer.status === 404 ? undefined : answer;
			},
			20000,
			'production webhook answers',
		);
		expect(res.status).toBe(200);
		execution = await finishedExecution();
		expect({ status: execution.status, error: execution.data?.resultData?.error }).toEqual({ status: 'success', error: undefined });

		// The Code node's files: kept by n8n outside the execution; the id names the binary data mode.
		const [[codeItem]] = nodeItems(execution, CODE_NODE)!;
		const chart = codeItem.binary!.chart;
		const logEntry = codeItem.binary!.log;
		expect(chart).toMatchObject({ mimeType: 'image/png', fileName: CHART_NAME });
		expect(logEntry).toMatchObject({ mimeType: 'text/plain', fileName: LOG_NAME });
		binaryMode = chart.id ? chart.id.split(':')[0] : 'default (in memory, base64 in the execution)';
		process.stderr.write(`[attachments] n8n binary data mode: ${binaryMode} (chart id ${chart.id ?? '-'})\n`);
		expect(chart.id).toMatch(/^filesystem(-v2)?:/); // n8n 2.x regular mode: filesystem by default
		chartFromN8n = await binaryBytes(chart);
		// A real PNG (signature, every CRC, the image data inflates to its scanlines), the one drawn here.
		const chunks = pngChunks(chartFromN8n);
		expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'PLTE', 'IDAT', 'IEND']);
		expect([chunks[0].data.readUInt32BE(0), chunks[0].data.readUInt32BE(4)]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
		expect(chartFromN8n.equals(chartPng())).toBe(true);
		expect((await binaryBytes(logEntry)).toString('utf8')).toBe(LOG_TEXT);

		// Alert Email's Sent item lists both files without their bytes.
		const [sent, skipped] = nodeItems(execution, ALERT_NODE)!;
		expect(skipped ?? []).toHaveLength(0);
		expect(sent).toHaveLength(1);
		expect(sent[0].json).toMatchObject({
			status: 'sent',
			title: alert.title,
			attachments: [
				{ property: 'chart', fileName: CHART_NAME, mimeType: 'image/png', size: chartFromN8n.length, inline: true },
				{ property: 'log', fileName: LOG_NAME, mimeType: 'text/plain', size: Buffer.byteLength(LOG_TEXT) },
			],
		});
		expect(sent[0].json).not.toHaveProperty('droppedAttachments');

		// The raw message, as n8n sent it and the local mailbox received it.
		const [mail] = await tap.waitFor(1);
		expect(mail.envelope.to).toEqual(['sre@example.com']);
		raw = mail.raw;
		fs.mkdirSync(RESULTS_DIR, { recursive: true });
		fs.writeFileSync(path.join(RESULTS_DIR, 'alert-with-chart.eml'), raw);
		parsed = await simpleParser(raw, { keepCidLinks: true });
		expect(parsed.subject).toMatch(/^\[e2e\].*CPU usage above 95% on web-1/);

		// The chart: a related part (inline, with a Content-ID), the HTML's <img src="cid:…"> under the title.
		expect(parsed.attachments).toHaveLength(2);
		image = parsed.attachments.find((a) => a.contentType === 'image/png')!;
		log = parsed.attachments.find((a) => a.contentType === 'text/plain')!;
		expect(image).toMatchObject({ filename: CHART_NAME, contentDisposition: 'inline', related: true });
		expect(image.cid).toMatch(/^[A-Za-z0-9.-]+@alert-email$/);
		expect(image.contentId).toBe(`<${image.cid}>`);
		expect(image.content.equals(chartFromN8n)).toBe(true);
		const html = parsed.html as string;
		const img = new RegExp(`<img src="cid:${image.cid!.replace(/[.-]/g, '\\$&')}"[^>]*>`).exec(html);
		expect(img).not.toBeNull();
		expect(img![0]).toContain(`alt="${CHART_NAME}"`);
		expect(html.indexOf(alert.title)).toBeGreaterThan(-1);
		expect(html.indexOf(alert.title)).toBeLessThan(img!.index);
		expect(html).not.toContain('data:image'); // mail clients block data: URLs
		expect(parsed.text).toContain(CHART_NAME); // the text part names the image

		// The log: an attachment under its Chinese name, its bytes unchanged.
		expect(log).toMatchObject({ filename: LOG_NAME, contentDisposition: 'attachment' });
		expect(log.related ?? false).toBe(false);
		expect(log.content.toString('utf8')).toBe(LOG_TEXT);

		// MIME layout and name encoding in the raw message: the image is a sibling of the HTML inside
		// multipart/related; each Chinese name in both RFC 2231 (filename*) and RFC 2047 (name=) form.
		const text = raw.toString('latin1');
		expect(text).toMatch(/Content-Type: multipart\/related;/i);
		const parts = mimePartHeaders(text);
		const imagePart = parts.find((h) => h['content-id'] === `<${image.cid}>`)!;
		const logPart = parts.find((h) => /^text\/plain/i.test(h['content-type'] ?? '') && /attachment/i.test(h['content-disposition'] ?? ''))!;
		for (const part of [imagePart, logPart]) {
			expect(part['content-disposition']).toMatch(/filename\*(0\*)?=utf-8''/i);
			expect(part['content-type']).toMatch(/name="?=\?utf-8\?[BQ]\?/i);
		}
		expect(imagePart['content-disposition']).toMatch(/^inline/i);
		const relatedAt = text.search(/Content-Type: multipart\/related;/i);
		const htmlAt = text.search(/Content-Type: text\/html/i);
		const imageAt = text.indexOf(`Content-ID: <${image.cid}>`);
		expect(relatedAt).toBeGreaterThan(-1);
		expect(relatedAt).toBeLessThan(htmlAt);
		expect(htmlAt).toBeLessThan(imageAt);

		// The local mailbox got the same message.
		const [inMailbox] = await stack.mailbox.waitForMessages((all) => all.some((m) => m.messageId === parsed.messageId), 5000);
		expect(inMailbox.subject).toBe(parsed.subject);
	});

	it('in chromium, the email shows the chart under its title (docs/screenshots/alert-with-chart.png)', async () => {
		expect(parsed).toBeDefined();
		session = await openBrowser();
		const page = session.page;
		await page.setViewportSize({ width: 1000, height: 900 });

		// The local mailbox's own page, the HTML in a sandboxed frame. Its parser (mailparser's defaults)
		// turns cid: links into data: URLs, so a chart that arrived as a related part can show there.
		const inMailbox = stack.mailbox.messages().find((m) => m.messageId === parsed.messageId)!;
		await page.goto(stack.mailbox.webUrl);
		await page.getByRole('link', { name: inMailbox.subject }).click();
		await page.getByRole('heading', { name: inMailbox.subject }).waitFor();
		const chartSelector = `img[alt="${CHART_NAME}"]`;
		const mailboxImage = page.frameLocator('iframe').locator(chartSelector);
		await mailboxImage.waitFor({ state: 'attached' }); // a broken image may have no height
		const mailboxSrc = (await mailboxImage.getAttribute('src')) ?? '';
		// The chart arrived as a related part and the page shows it, byte for byte what the Code node made.
		expect(mailboxSrc).toMatch(/^data:image\/png;base64,/);
		expect(Buffer.from(mailboxSrc.slice(mailboxSrc.indexOf(',') + 1), 'base64').equals(chartFromN8n)).toBe(true);
		process.stderr.write(`[attachments] the local mailbox page shows the chart (img src ${mailboxSrc.slice(0, 24)}…)\n`);
		const frame = page.frameLocator('iframe');
		const chart = frame.locator(chartSelector);
		await chart.waitFor();
		expect(await loadedSize(chart)).toEqual([CHART_WIDTH, CHART_HEIGHT]);
		const title = frame.getByText(alert.title, { exact: true }).first();
		const [titleBox, chartBox] = [await title.boundingBox(), await chart.boundingBox()];
		expect(titleBox!.y + titleBox!.height).toBeLessThanOrEqual(chartBox!.y);
		await fitViewport(page);
		await screenshot(page, 'alert-with-chart');
	});

	it('tried to reach no host other than this machine', () => {
		expect(session?.offMachineRequests ?? []).toEqual([]);
	});
});

interface ImageElement {
	complete: boolean;
	naturalWidth: number;
	naturalHeight: number;
	addEventListener(type: string, listener: () => void, options: { once: boolean }): void;
}

/** An <img>'s natural size once it has loaded or failed ([0, 0] for an image that cannot load). */
function loadedSize(img: Locator): Promise<[number, number]> {
	return img.evaluate(async (el) => {
		const image = el as unknown as ImageElement;
		if (!image.complete) {
			await new Promise<void>((resolve) => {
				image.addEventListener('load', resolve, { once: true });
				image.addEventListener('error', resolve, { once: true });
			});
		}
		return [image.naturalWidth, image.naturalHeight] as [number, number];
	});
}

/** Sizes the iframe to its email and the viewport to the page, so the screenshot holds the whole email. */
async function fitViewport(page: Page): Promise<void> {
	const frame = page.frames().find((f) => f !== page.mainFrame());
	if (frame) {
		const height = await frame.evaluate<number>('document.documentElement.scrollHeight');
		await page.locator('iframe').evaluate((el, h) => {
			(el as unknown as { style: { height: string } }).style.height = `${h + 4}px`;
		}, height);
	}
	const size = await page.evaluate<{ width: number; height: number }>(
		'({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })',
	);
	await page.setViewportSize({ width: Math.max(1000, size.width), height: Math.min(1800, size.height) });
}
