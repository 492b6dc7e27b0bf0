import { runAlertWorkflow } from '../helpers/engine';
import { startSmtpServer, TEST_USER } from '../helpers/smtpServer';
import type { ServerSecurity, TestSmtpServer } from '../helpers/smtpServer';

describe.each<ServerSecurity>(['ssl', 'starttls', 'none'])('Alert Email through the engine over %s', (security) => {
	let server: TestSmtpServer;
	beforeAll(async () => {
		server = await startSmtpServer({ security });
	});
	afterAll(() => server.close());

	it('sends one mail per item with the prefix, sender and recipient', async () => {
		const before = server.messages.length;
		const items = [1, 2, 3].map((n) => ({ event: 'task.failed', severity: 'error', title: `Task ${n} failed`, source: `job-${n}` }));
		const result = await runAlertWorkflow({
			parameters: { toEmail: '={{ $json.source }}@example.com', subjectPrefix: '[Prod]' },
			credential: server.credential(),
			items,
		});

		expect(result.error).toBeUndefined();
		expect(result.sent).toHaveLength(3);
		const received = server.messages.slice(before);
		expect(received.map((mail) => mail.parsed.subject).sort()).toEqual([
			'[Prod] [ERROR] Task 1 failed',
			'[Prod] [ERROR] Task 2 failed',
			'[Prod] [ERROR] Task 3 failed',
		]);
		for (const mail of received) {
			expect(mail.parsed.from?.value[0]).toEqual({ address: TEST_USER, name: 'n8n Alerts' });
			expect(mail.envelope.from).toBe(TEST_USER);
			expect(mail.user).toBe(TEST_USER);
		}
		expect(received.map((mail) => mail.envelope.to[0]).sort()).toEqual(['job-1@example.com', 'job-2@example.com', 'job-3@example.com']);
		expect(result.sent.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.sent[0].json).toMatchObject({ accepted: ['job-1@example.com'], rejected: [], alertCount: 1 });
	});

	it("uses the credential's recipients and prefix when the node leaves them empty", async () => {
		const before = server.messages.length;
		const result = await runAlertWorkflow({
			parameters: { toEmail: '', subjectPrefix: '' },
			credential: server.credential({ toEmail: 'a@example.com, b@example.com', subjectPrefix: '[Cred]' }),
			items: [{ title: 'Disk full', severity: 'critical' }],
		});
		expect(result.error).toBeUndefined();
		const [mail] = server.messages.slice(before);
		expect(mail.parsed.subject).toBe('[Cred] [CRITICAL] Disk full');
		expect(mail.envelope.to).toEqual(['a@example.com', 'b@example.com']);
	});
});
