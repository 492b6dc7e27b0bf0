import type { Alert, PassedAlert } from '../../../nodes/AlertEmail/model';
import { fillTemplate } from '../../../nodes/AlertEmail/render/placeholders';
import { renderAlertMail, renderDigestMail } from '../../../nodes/AlertEmail/render/renderMail';
import type { MailSettings } from '../../../nodes/AlertEmail/render/renderMail';

const settings = (overrides: Partial<MailSettings> = {}): MailSettings => ({
	language: 'en',
	timeZone: 'Asia/Shanghai',
	workflowName: 'Ops <alerts>',
	highPriority: true,
	...overrides,
});

const baseAlert: Alert = {
	event: 'disk.full',
	severity: 'critical',
	title: 'Disk full on db-1',
	message: 'Line one\nLine two',
	source: 'db-1',
	status: 'firing',
	time: '2024-05-01T10:00:00.000Z',
	fields: { mount: '/data', runbook: 'https://runbooks.example.com/disk' },
	shape: 'flat',
	itemIndex: 0,
};
const entry = (alert: Partial<Alert> = {}, suppressed = 0, prefix = '[Prod]'): PassedAlert => ({
	alert: { ...baseAlert, ...alert },
	envelope: { to: [{ name: '', address: 'a@example.com' }], cc: [], bcc: [], replyTo: [], prefix },
	throttleKey: 'k',
	report: suppressed ? { suppressed, suppressedSince: Date.parse('2024-05-01T09:00:00Z') } : { suppressed: 0 },
});

describe('per-alert email', () => {
	it('has prefix, severity tag and title in the subject', () => {
		expect(renderAlertMail(entry(), settings()).subject).toBe('[Prod] [CRITICAL] Disk full on db-1');
		expect(renderAlertMail(entry({ status: 'resolved' }), settings()).subject).toBe('[Prod] [RESOLVED] Disk full on db-1');
		expect(renderAlertMail(entry({}, 0, ''), settings()).subject).toBe('[CRITICAL] Disk full on db-1');
		expect(renderAlertMail(entry({ severity: 'warning', title: '磁盘满了 🔥' }), settings({ language: 'zh' })).subject).toBe(
			'[Prod] [警告] 磁盘满了 🔥',
		);
	});

	it('keeps the subject one line whatever the title holds', () => {
		expect(renderAlertMail(entry({ title: 'x\r\nBcc: evil@example.com' }), settings()).subject).toBe(
			'[Prod] [CRITICAL] x Bcc: evil@example.com',
		);
	});

	it('builds an email-client-safe HTML body: tables, bgcolor, inline styles only', () => {
		const { html } = renderAlertMail(entry(), settings());
		expect(html).toContain('bgcolor="#d93025"');
		expect(html).toMatch(/<table role="presentation"/);
		for (const banned of ['<style', '<link', 'display:flex', 'display: flex', 'grid', '<script', 'class='])
			expect(html).not.toContain(banned);
		expect(html).toContain('Line one<br>Line two');
		expect(html).toContain('2024-05-01 18:00:00 UTC+8');
		expect(html).toContain('<a href="https://runbooks.example.com/disk"');
		expect(html).toContain('Sent by the n8n workflow “Ops &#60;alerts&#62;”.');
	});

	it('escapes every alert value in the HTML', () => {
		const evil = '<script>alert("x")</script>';
		const { html } = renderAlertMail(
			entry({ title: evil, message: evil, source: evil, event: evil, fields: { [evil]: evil } }),
			settings(),
		);
		expect(html).not.toContain('<script>');
		expect(html.match(/&#60;script&#62;/g)?.length).toBeGreaterThanOrEqual(6);
	});

	it('always has a plain-text alternative with the same facts', () => {
		const { text } = renderAlertMail(entry({}, 3), settings());
		expect(text).toContain('[Critical] Disk full on db-1');
		expect(text).toContain('Line one\nLine two');
		expect(text).toContain('Source: db-1');
		expect(text).toContain('Time: 2024-05-01 18:00:00 UTC+8');
		expect(text).toContain('mount: /data');
		expect(text).toContain('3 repeats were suppressed since 2024-05-01 17:00:00 UTC+8.');
	});

	it('labels everything in Chinese when asked', () => {
		const { html, text } = renderAlertMail(entry({}, 2), settings({ language: 'zh' }));
		for (const word of ['级别', '严重', '状态', '告警中', '事件', '来源', '时间']) expect(text).toContain(word);
		expect(text).toContain('自 2024-05-01 17:00:00 UTC+8 起已抑制 2 次重复告警。');
		expect(html).toContain('由 n8n 工作流');
	});

	it('marks firing critical alerts high priority, unless turned off', () => {
		expect(renderAlertMail(entry(), settings()).priority).toBe('high');
		expect(renderAlertMail(entry({ severity: 'error' }), settings()).priority).toBe('normal');
		expect(renderAlertMail(entry({ status: 'resolved' }), settings()).priority).toBe('normal');
		expect(renderAlertMail(entry(), settings({ highPriority: false })).priority).toBe('normal');
	});

	it('fills custom templates, escaping values in HTML only', () => {
		const templates = {
			subject: '{prefix} {tag} {source}: {title} ({fields.mount})',
			html: '<b>{title}</b> {nothing} {fields.none}|',
			text: '{title} at {time}',
		};
		const mail = renderAlertMail({ ...entry({ title: 'A & <B>' }), templates }, settings());
		expect(mail.subject).toBe('[Prod] [CRITICAL] db-1: A & <B> (/data)');
		expect(mail.html).toBe('<b>A &#38; &#60;B&#62;</b> {nothing} |');
		expect(mail.text).toBe('A & <B> at 2024-05-01 18:00:00 UTC+8');
	});
});

describe('digest email', () => {
	const entries = [
		...Array.from({ length: 3 }, (_, i) => entry({ severity: 'critical', title: `crit ${i}` })),
		...Array.from({ length: 9 }, (_, i) => entry({ severity: 'warning', title: `warn ${i}` })),
	];

	it('counts alerts by severity in the subject', () => {
		expect(renderDigestMail(entries, '[Prod]', settings()).subject).toBe('[Prod] 12 alerts: 3 critical, 9 warning');
		expect(renderDigestMail(entries.slice(0, 1), '[Prod]', settings()).subject).toBe('[Prod] 1 alert: 1 critical');
		expect(renderDigestMail([...entries, entry({ status: 'resolved' })], '', settings()).subject).toBe(
			'13 alerts: 3 critical, 9 warning, 1 resolved',
		);
		expect(renderDigestMail(entries, '[生产]', settings({ language: 'zh' })).subject).toBe('[生产] 12 条告警：严重 3，警告 9');
	});

	it('lists every alert in order in HTML and text', () => {
		const { html, text, priority } = renderDigestMail(entries, '[Prod]', settings());
		const positions = entries.map((e) => text.indexOf(e.alert.title));
		expect(positions.every((p, i) => p > 0 && (i === 0 || p > positions[i - 1]))).toBe(true);
		expect(html).toContain('12 alerts: 3 critical, 9 warning');
		expect(entries.every((e) => html.includes(e.alert.title))).toBe(true);
		expect(priority).toBe('high');
	});
});

describe('digest of an alert storm', () => {
	const storm = Array.from({ length: 150 }, (_, i) =>
		entry({ severity: i < 5 ? 'critical' : 'warning', title: `alert ${i}`, source: `host-${i}`, message: 'm'.repeat(5000) }),
	);

	it("shows 10 alerts in full, 60 as one line and counts the rest, keeping the HTML under Gmail's clipping size", () => {
		const { subject, html, text } = renderDigestMail(storm, '[Prod]', settings());
		expect(subject).toBe('[Prod] 150 alerts: 5 critical, 145 warning');
		expect(html.match(/<h1|<p style="margin:0;[^"]*"><b>/g)?.length).toBe(1 + 10);
		expect(html).toContain('alert 69');
		expect(html).not.toContain('alert 70<');
		expect(html).toContain('…and 80 more alerts, not shown to keep this email readable.');
		expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
		expect(text).toContain('70. [Warning] alert 69 (host-69');
		expect(text).not.toContain('alert 70 ');
		expect(text).toContain('…and 80 more alerts');
	});

	it('cuts long messages in a digest but never links', () => {
		const long = entry({ message: 'x'.repeat(3000), fields: { link: `https://example.com/${'p'.repeat(400)}` } });
		const { html, text } = renderDigestMail([long, long], '', settings());
		expect(html).toContain(`${'x'.repeat(999)}…`);
		expect(html).not.toContain('x'.repeat(1000));
		expect(text).toContain(`${'x'.repeat(999)}…`);
		expect(html).toContain(`href="https://example.com/${'p'.repeat(400)}"`);
	});

	it('says so in Chinese too', () => {
		expect(renderDigestMail(storm, '', settings({ language: 'zh' })).text).toContain('……另有 80 条告警未显示，以免邮件过长。');
	});
});

describe('placeholders', () => {
	it('leaves unknown names and CSS braces alone', () => {
		expect(fillTemplate('td {color:red} {title} {x.y} {fields.a}', { title: 'T', 'fields.a': 'A' })).toBe('td {color:red} T {x.y} A');
	});

	it('leaves names of Object.prototype as written, escaping or not', () => {
		const template = '{constructor} {toString} {hasOwnProperty} {__proto__} {title}';
		expect(fillTemplate(template, { title: 'T' })).toBe('{constructor} {toString} {hasOwnProperty} {__proto__} T');
		expect(fillTemplate(template, { title: '<T>' }, (value) => value.replace('<', '&#60;'))).toBe(
			'{constructor} {toString} {hasOwnProperty} {__proto__} &#60;T>',
		);
	});

	it('never fills a placeholder that arrives inside a value', () => {
		expect(fillTemplate('{title} / {message}', { title: '{message}', message: 'M' })).toBe('{message} / M');
	});
});

describe('limits of one email', () => {
	const megabyte = 'm'.repeat(1024 * 1024);

	it('cuts a 1 MB message at 20,000 characters with a marker that says how long it was', () => {
		const { html, text } = renderAlertMail(entry({ message: megabyte }), settings());
		expect(text).toContain(`${'m'.repeat(19_999)}… [cut: 1,048,576 characters in all]`);
		expect(text).not.toContain('m'.repeat(20_000));
		expect(html).toContain(`${'m'.repeat(19_999)}… [cut: 1,048,576 characters in all]`);
		expect(Buffer.byteLength(html) + Buffer.byteLength(text)).toBeLessThan(60 * 1024);
		expect(renderAlertMail(entry({ message: megabyte }), settings({ language: 'zh' })).text).toContain(
			'… [已截断：全文共 1,048,576 个字符]',
		);
	});

	it('cuts titles and field values at 4,000 characters and shows at most 100 fields', () => {
		const fields = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`f${i}`, i === 0 ? 'v'.repeat(5000) : 'v']));
		const { text, subject } = renderAlertMail(entry({ title: 't'.repeat(10_000), fields }), settings());
		expect(text).toContain(`f0: ${'v'.repeat(3999)}… [cut: 5,000 characters in all]`);
		expect(text).toContain('f99: v');
		expect(text).not.toContain('f100:');
		expect(text).toContain('…: 50 more fields, not shown');
		expect([...subject]).toHaveLength(250);
		expect(subject.endsWith('t…')).toBe(true);
	});

	it('applies the same limits to custom template placeholders', () => {
		const mail = renderAlertMail(
			{ ...entry({ message: megabyte }), templates: { text: '{message}', html: '<p>{message}</p>' } },
			settings(),
		);
		expect(mail.text).toBe(`${'m'.repeat(19_999)}… [cut: 1,048,576 characters in all]`);
		expect(mail.html).toBe(`<p>${'m'.repeat(19_999)}… [cut: 1,048,576 characters in all]</p>`);
	});

	it('keeps a field called __proto__', () => {
		const fields = JSON.parse('{"__proto__": "polluted?", "a": "b"}') as Record<string, string>;
		expect(renderAlertMail(entry({ fields }), settings()).text).toContain('__proto__: polluted?');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
