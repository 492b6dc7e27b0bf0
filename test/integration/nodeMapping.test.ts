/** Every payload shape, mapped automatically or by expressions, becomes the right email. */
import { fixture } from '../helpers/fixtures';
import { runNode } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({ security: 'ssl' });
});
afterAll(() => server.close());

const subjects = (mails: Array<{ parsed: { subject?: string } }>) => mails.map((mail) => mail.parsed.subject).sort();

describe('automatic mapping through the engine', () => {
	it('a flat item', async () => {
		const run = await runNode(server, [fixture('flat')]);
		expect(run.error).toBeUndefined();
		expect(subjects(run.mails)).toEqual(['[Prod] [ERROR] Nightly sync of orders failed']);
		const [mail] = run.mails;
		expect(mail.parsed.text).toContain('Task orders-sync stopped after 3 retries.\nLast error: connection reset by peer');
		expect(mail.parsed.html).toContain('64f0c2');
		expect(mail.parsed.html).toContain('href="https://tapdata.example.com/tasks/64f0c2"');
		expect(run.sent).toHaveLength(1);
		expect(run.sent[0].json).toMatchObject({
			subject: '[Prod] [ERROR] Nightly sync of orders failed',
			alertCount: 1,
			accepted: ['ops@example.com'],
		});
	});

	it('an n8n Webhook node item (payload under body), Chinese and emoji intact', async () => {
		const run = await runNode(server, [fixture('webhook-body')]);
		expect(subjects(run.mails)).toEqual(['[Prod] [WARNING] 磁盘使用率 91% 🔥']);
		expect(run.mails[0].parsed.text).toContain('/data 分区使用率超过 90%');
		expect(run.mails[0].parsed.text).toContain('Source: db-primary-01');
	});

	it('a Prometheus Alertmanager webhook: one email per alert, firing and resolved', async () => {
		const run = await runNode(server, [fixture('alertmanager-v4')]);
		expect(subjects(run.mails)).toEqual([
			'[Prod] [CRITICAL] Instance 10.0.0.12:9100 down',
			'[Prod] [RESOLVED] Memory usage above 90% on 10.0.0.13:9100',
		]);
		expect(run.sent.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		const firing = run.mails.find((mail) => mail.parsed.subject?.includes('CRITICAL'));
		expect(firing?.parsed.text).toContain('runbook_url: https://runbooks.example.com/InstanceDown');
		expect(firing?.parsed.text).toContain('job: node');
	});

	it('a Grafana alerting webhook', async () => {
		const run = await runNode(server, [fixture('grafana')]);
		expect(subjects(run.mails)).toEqual(['[Prod] [ERROR] CPU above 85% on web-03']);
		expect(run.mails[0].parsed.html).toContain('href="https://grafana.example.com/d/node01?orgId=1&#38;viewPanel=2"');
	});

	it('Uptime Kuma down and up', async () => {
		const run = await runNode(server, [fixture('uptime-kuma-down'), fixture('uptime-kuma-up')], {}, { timezone: 'Asia/Shanghai' });
		expect(subjects(run.mails)).toEqual(['[Prod] [CRITICAL] Shop: 🔴 Down', '[Prod] [RESOLVED] Shop: ✅ Up']);
		const down = run.mails.find((mail) => mail.parsed.subject?.includes('Down'));
		expect(down?.parsed.text).toContain('getaddrinfo ENOTFOUND shop.example.com');
		expect(down?.parsed.text).toContain('Time: 2024-05-01 10:03:04 UTC+8');
	});
});

describe('manual mapping through the engine', () => {
	const parameters = {
		mapping: 'manual',
		eventType: '={{ $json.kind }}',
		severity: '={{ $json.prio }}',
		title: '={{ $json.what }} on {{ $json.where }}',
		message: '={{ $json.detail }}',
		source: '={{ $json.where }}',
	};

	it('takes each field from its expression', async () => {
		const run = await runNode(
			server,
			[{ kind: 'backup.failed', prio: '严重', what: 'Backup failed', where: 'nas-1', detail: 'exit code 2' }],
			parameters,
		);
		expect(subjects(run.mails)).toEqual(['[Prod] [CRITICAL] Backup failed on nas-1']);
		expect(run.mails[0].parsed.text).toContain('Event: backup.failed');
		expect(run.mails[0].parsed.text).toContain('exit code 2');
	});

	it('behind a Webhook with the fields left at their defaults: finds the alert under body, as automatic mapping does', async () => {
		const webhookItem = {
			headers: { 'content-type': 'application/json' },
			params: {},
			query: {},
			body: { event: 'backup.failed', severity: 'error', title: 'Nightly backup failed', message: 'disk full', source: 'nas-1' },
			webhookUrl: 'http://127.0.0.1:5678/webhook/alert',
			executionMode: 'production',
		};
		const run = await runNode(server, [webhookItem], { mapping: 'manual' });
		expect(subjects(run.mails)).toEqual(['[Prod] [ERROR] Nightly backup failed']);
		expect(run.mails[0].parsed.text).toContain('disk full');
		expect(run.mails[0].parsed.text).toContain('nas-1');
	});

	it('a field whose expression gives nothing falls back to what automatic mapping finds; the others keep their expressions', async () => {
		const run = await runNode(server, [{ body: { alertname: 'HighLatency', severity: 'warning', host: 'api-2' } }], {
			mapping: 'manual',
			eventType: '={{ $json.event }}',
			title: '=Latency high on {{ $json.body.host }}',
			source: '={{ $json.body.host }}',
		});
		expect(subjects(run.mails)).toEqual(['[Prod] [WARNING] Latency high on api-2']);
		expect(run.mails[0].parsed.text).toContain('Event: HighLatency');
	});

	it('reads the status from the Alert Status option', async () => {
		const run = await runNode(server, [{ kind: 'k', prio: 'P3', what: 'Queue long', where: 'mq', state: 'ok' }], {
			...parameters,
			options: { alertStatus: '={{ $json.state }}' },
		});
		expect(subjects(run.mails)).toEqual(['[Prod] [RESOLVED] Queue long on mq']);
	});
});
