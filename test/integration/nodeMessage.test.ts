/**
 * The emails as a mail client receives them (parsed by mailparser from the raw bytes the real SMTP
 * server got): digest, threading, escaping, header-injection attempts, UTF-8 subjects, CC/BCC,
 * priority, templates and dry runs.
 */
import type { IDataObject } from 'n8n-workflow';

import { errorIn } from '../helpers/errorItems';
import { fixture } from '../helpers/fixtures';
import { ALERT_HEADERS, header, headerNames, rawHeaderBlock, runNode } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { ReceivedMail, TestSmtpServer } from '../helpers/smtpServer';

let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({ security: 'starttls' });
});
afterAll(() => server.close());

const alert = (extra: IDataObject = {}) => ({ event: 'disk.full', severity: 'error', title: 'Disk full', source: 'db-1', ...extra });

describe('digest', () => {
	it('sends one email for all alerts, subject counted by severity, body sorted by severity', async () => {
		const items = [
			alert({ severity: 'warning', title: 'W1', source: 'a' }),
			alert({ severity: 'critical', title: 'C1', source: 'b' }),
			alert({ severity: 'info', title: 'I1', source: 'c' }),
			alert({ severity: 'warning', title: 'W2', source: 'd' }),
			alert({ severity: 'critical', title: 'C2', source: 'e' }),
			alert({ severity: 'error', title: 'R1', source: 'f', status: 'resolved' }),
		];
		const run = await runNode(server, items, { grouping: 'digest' });
		expect(run.mails).toHaveLength(1);
		const [mail] = run.mails;
		expect(mail.parsed.subject).toBe('[Prod] 6 alerts: 2 critical, 2 warning, 1 info, 1 resolved');
		const text = mail.parsed.text ?? '';
		const order = ['C1', 'C2', 'W1', 'W2', 'I1', 'R1'].map((title) => text.indexOf(`] ${title}`));
		expect(order.every((position, i) => position > 0 && (i === 0 || position > order[i - 1]))).toBe(true);
		expect(run.sent).toHaveLength(1);
		expect(run.sent[0].json.alertCount).toBe(6);
		expect(run.sent[0].pairedItem).toEqual(items.map((_item, index) => ({ item: index })));
		expect(header(mail, 'x-priority')).toBe('1 (Highest)');
	});

	it('puts every alert of an Alertmanager payload into one digest linked to its one input', async () => {
		const run = await runNode(server, [fixture('alertmanager-v4')], { grouping: 'digest', language: 'zh', subjectPrefix: '[生产]' });
		expect(run.mails.map((mail) => mail.parsed.subject)).toEqual(['[生产] 2 条告警：严重 1，已恢复 1']);
		expect(run.sent[0].pairedItem).toEqual({ item: 0 });
		expect(run.sent[0].json.alertCount).toBe(2);
	});

	it('sends one digest per recipient set', async () => {
		const run = await runNode(server, [alert({ team: 'a' }), alert({ team: 'b' }), alert({ team: 'a', source: 'x' })], {
			grouping: 'digest',
			toEmail: '={{ $json.team }}@example.com',
		});
		expect(run.mails.map((mail) => [mail.envelope.to, mail.parsed.subject]).sort()).toEqual([
			[['a@example.com'], '[Prod] 2 alerts: 2 error'],
			[['b@example.com'], '[Prod] 1 alert: 1 error'],
		]);
	});
});

describe('threading', () => {
	it('threads repeats of one key under one root, with a unique Message-ID per email', async () => {
		const first = await runNode(server, [alert(), alert({ source: 'db-2' })]);
		const second = await runNode(server, [alert({ message: 'still full' }), alert({ status: 'resolved' })]);
		const byKey = (mails: ReceivedMail[], source: string, status = 'ERROR') =>
			mails.find((mail) => mail.parsed.text?.includes(`Source: ${source}`) && mail.parsed.subject?.includes(status)) as ReceivedMail;
		const a1 = byKey(first.mails, 'db-1');
		const b1 = byKey(first.mails, 'db-2');
		const a2 = byKey(second.mails, 'db-1');
		const a3 = byKey(second.mails, 'db-1', 'RESOLVED');
		const root = a1.parsed.inReplyTo as string;
		expect(root).toMatch(/^<alert-thread\.[0-9a-f]{32}@example\.com>$/);
		for (const mail of [a2, a3]) {
			expect(mail.parsed.inReplyTo).toBe(root);
			expect(mail.parsed.references).toBe(root);
		}
		expect(b1.parsed.inReplyTo).not.toBe(root);
		const ids = [a1, b1, a2, a3].map((mail) => mail.parsed.messageId);
		expect(new Set(ids).size).toBe(4);
		expect(ids).not.toContain(root);
	});

	it('sends no threading headers when Thread Repeats is off', async () => {
		const run = await runNode(server, [alert()], { options: { threadRepeats: false } });
		expect(headerNames(run.mails[0])).not.toContain('in-reply-to');
		expect(headerNames(run.mails[0])).not.toContain('references');
	});
});

describe('escaping and header injection', () => {
	it('HTML-escapes every value in the HTML part', async () => {
		const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
		const run = await runNode(server, [{ event: evil, title: evil, message: evil, source: evil, [evil]: evil }]);
		const html = run.mails[0].parsed.html as string;
		expect(html).not.toMatch(/<script|<img/i);
		expect(html.match(/&#60;script&#62;/g)?.length).toBeGreaterThanOrEqual(5);
		expect(run.mails[0].parsed.text).toContain(evil);
	});

	it('lets no field inject a header: exactly the intended headers arrive', async () => {
		const inject = '\r\nBcc: evil@attacker.example\r\nX-Injected: yes\r\n\r\n<b>body</b>';
		const run = await runNode(server, [
			{
				event: `e${inject}`,
				severity: `error${inject}`,
				title: `Title${inject}`,
				message: `m${inject}`,
				source: `s${inject}`,
				[`k${inject}`]: `v${inject}`,
			},
		]);
		expect(run.mails).toHaveLength(1);
		const [mail] = run.mails;
		expect([...headerNames(mail)].sort()).toEqual([...ALERT_HEADERS].sort());
		expect(mail.envelope.to).toEqual(['ops@example.com']);
		expect(mail.parsed.subject).toBe('[Prod] [WARNING] Title Bcc: evil@attacker.example X-Injected: yes <b>body</b>');
		expect(rawHeaderBlock(mail)).not.toMatch(/^(bcc|x-injected):/im);
	});

	it('refuses recipient and prefix values carrying a line break instead of sending', async () => {
		const run = await runNode(
			server,
			[alert()],
			{ toEmail: 'ops@example.com\rBcc: evil@attacker.example' },
			{ onError: 'continueRegularOutput' },
		);
		expect(run.mails).toHaveLength(0);
		expect(errorIn(run.sent[0]).message).toMatch(/^To Email: .*line break/);
		const prefixed = await runNode(server, [alert()], { subjectPrefix: '[P]\r\nX-Injected: yes' });
		expect(prefixed.mails[0].parsed.subject).toBe('[P] X-Injected: yes [ERROR] Disk full');
		expect(headerNames(prefixed.mails[0])).not.toContain('x-injected');
	});
});

describe('UTF-8', () => {
	it('decodes Chinese and emoji subjects and bodies exactly, with ASCII-only raw headers', async () => {
		const title = '数据库主库宕机 🔥🚨 — 请立即处理';
		const run = await runNode(server, [alert({ severity: '严重', title, message: '主从复制中断 ⚠️' })], {
			language: 'zh',
			subjectPrefix: '【生产】',
		});
		const [mail] = run.mails;
		expect(mail.parsed.subject).toBe(`【生产】 [严重] ${title}`);
		expect(mail.parsed.text).toContain('主从复制中断 ⚠️');
		expect(mail.parsed.html).toContain('级别');
		// eslint-disable-next-line no-control-regex -- checking for any byte outside 7-bit ASCII
		expect(/[^\u0000-\u007f]/.test(rawHeaderBlock(mail))).toBe(false);
	});
});

describe('recipients and priority', () => {
	it('sends to To, CC and BCC, shows CC and Reply-To but never BCC', async () => {
		const run = await runNode(server, [alert()], {
			toEmail: 'ops@example.com, 值班 <oncall@example.com>',
			options: { cc: 'team@example.com', bcc: 'audit@example.com; boss@example.com', replyTo: 'noc@example.com' },
		});
		const [mail] = run.mails;
		expect(mail.envelope.to.sort()).toEqual([
			'audit@example.com',
			'boss@example.com',
			'oncall@example.com',
			'ops@example.com',
			'team@example.com',
		]);
		expect(mail.parsed.to).toMatchObject({ value: [{ address: 'ops@example.com' }, { address: 'oncall@example.com', name: '值班' }] });
		expect(mail.parsed.cc).toMatchObject({ value: [{ address: 'team@example.com' }] });
		expect(mail.parsed.replyTo).toMatchObject({ value: [{ address: 'noc@example.com' }] });
		expect(headerNames(mail)).not.toContain('bcc');
		expect(rawHeaderBlock(mail)).not.toContain('audit@example.com');
		expect(run.sent[0].json.accepted).toHaveLength(5);
	});

	it('marks critical alerts high priority and nothing else', async () => {
		const run = await runNode(server, [alert({ severity: 'critical', source: 'c' }), alert({ severity: 'error', source: 'e' })]);
		const critical = run.mails.find((mail) => mail.parsed.subject?.includes('CRITICAL')) as ReceivedMail;
		const error = run.mails.find((mail) => mail.parsed.subject?.includes('[ERROR]')) as ReceivedMail;
		expect(header(critical, 'x-priority')).toBe('1 (Highest)');
		expect(header(critical, 'importance')).toBe('High');
		expect(headerNames(error)).not.toContain('x-priority');
		const off = await runNode(server, [alert({ severity: 'critical' })], { options: { highPriority: false } });
		expect(headerNames(off.mails[0])).not.toContain('x-priority');
	});
});

describe('templates and time zone', () => {
	it('fills custom templates, mixing n8n expressions and placeholders', async () => {
		const run = await runNode(server, [alert({ env: 'prod', region: 'cn-north' })], {
			options: {
				subjectTemplate: '={{ $json.env.toUpperCase() }} {tag} {source}: {title} ({fields.region})',
				htmlTemplate: '<h1>{title}</h1><p>{message}</p><i>{time}</i>',
				textTemplate: 'ALERT {title} @ {source}',
				timeZone: 'America/New_York',
			},
		});
		const [mail] = run.mails;
		expect(mail.parsed.subject).toBe('PROD [ERROR] db-1: Disk full (cn-north)');
		expect(mail.parsed.html).toMatch(/^<h1>Disk full<\/h1><p><\/p><i>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC-[45]<\/i>/);
		expect(mail.parsed.text?.trim()).toBe('ALERT Disk full @ db-1');
	});

	it('evaluates template expressions for each item', async () => {
		const run = await runNode(server, [alert({ env: 'prod' }), alert({ env: 'staging', source: 'db-2' })], {
			options: { subjectTemplate: '={{ $json.env }}: {title} on {source}' },
		});
		expect(run.mails.map((mail) => mail.parsed.subject).sort()).toEqual(['prod: Disk full on db-1', 'staging: Disk full on db-2']);
	});

	it("shows times in the workflow's time zone by default", async () => {
		const run = await runNode(server, [alert({ time: '2024-05-01T10:00:00Z' })], {}, { timezone: 'Asia/Shanghai' });
		expect(run.mails[0].parsed.text).toContain('Time: 2024-05-01 18:00:00 UTC+8');
	});

	it('names the option when the time zone is wrong', async () => {
		const run = await runNode(server, [alert()], { options: { timeZone: 'Mars/Olympus' } });
		expect(run.mails).toHaveLength(0);
		expect(run.error?.message).toMatch(/^Options › Time Zone: "Mars\/Olympus" is not a time zone/);
	});
});

describe('dry run', () => {
	it('renders and outputs the emails without opening any SMTP connection', async () => {
		const connections = server.connections;
		const before = server.messages.length;
		const run = await runNode(server, [alert({ severity: 'critical' }), alert({ source: 'db-2' })], {
			options: { dryRun: true, cc: 'team@example.com' },
		});
		expect(server.connections).toBe(connections);
		expect(server.messages.length).toBe(before);
		expect(run.sent.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(run.sent[0].json).toMatchObject({
			dryRun: true,
			subject: '[Prod] [CRITICAL] Disk full',
			from: 'n8n Alerts <alerts@example.com>',
			to: ['ops@example.com'],
			cc: ['team@example.com'],
			priority: 'high',
			alertCount: 1,
		});
		expect(run.sent[0].json.html).toContain('<!DOCTYPE html>');
		expect(run.sent[0].json.text).toContain('[Critical] Disk full');
	});

	it('is unmistakably a preview: status "preview", and the rendered email as an HTML file n8n can show', async () => {
		const run = await runNode(server, [alert({ severity: 'critical' })], { options: { dryRun: true } });
		expect(run.sent[0].json).toMatchObject({ status: 'preview', dryRun: true, event: 'disk.full', alert: { title: 'Disk full' } });
		const file = run.sent[0].binary?.email;
		expect(file).toMatchObject({ mimeType: 'text/html', fileName: 'alert-email-preview-1.html', fileExtension: 'html' });
		const html = Buffer.from(file?.data ?? '', 'base64').toString('utf8');
		expect(html).toBe(run.sent[0].json.html);
		expect(html).toContain('<!DOCTYPE html>');
	});

	it('needs no reachable server at all', async () => {
		const run = await runNode(
			server,
			[alert()],
			{ options: { dryRun: true } },
			{ credential: server.credential({ port: 1, host: '127.0.0.1' }) },
		);
		expect(run.error).toBeUndefined();
		expect(run.sent[0].json.dryRun).toBe(true);
	});
});
