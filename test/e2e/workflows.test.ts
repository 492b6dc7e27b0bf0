// Workflows in a real n8n deliver to the local mailbox: a published Webhook → Alert Email workflow
// takes Alertmanager and flat payloads, throttles a repeat through static data that n8n itself
// persists between production executions, and the example workflow runs from its manual trigger.
// First use: Manual mapping with every field left at its default sends what a Webhook received,
// and a dry run hands back the rendered email as an HTML file.
import { nodeOutputs } from '../../scripts/lib/n8n-rest.cjs';
import type { CreatedWorkflow, Execution, ExecutionSummary } from '../../scripts/lib/n8n-rest.cjs';
import type { ReceivedMail } from '../../scripts/lib/mailbox.cjs';
import { CREDENTIAL_TYPE, NODE_TYPE, loadExamples } from '../../scripts/lib/stack.cjs';
import type { Stack } from '../../scripts/lib/stack.cjs';
import { eventually, postToWebhook, startE2eStack } from './helpers/e2eStack';
import {
	ALERT_NODE,
	MANUAL_FIELDS,
	MANUAL_TRIGGER_NODE,
	dryRunWorkflow,
	firstAlert,
	manualMappingWebhookWorkflow,
	nodeItems,
} from './helpers/firstUse';

jest.setTimeout(15 * 60 * 1000); // the first run installs n8n into the cache

const WEBHOOK_PATH = 'e2e-alerts';
const SEND_INTERVAL_MINUTES = 30;

const alertmanagerPayload = {
	version: '4',
	status: 'firing',
	receiver: 'email',
	groupKey: '{}:{alertname=~".*"}',
	groupLabels: {},
	commonLabels: { job: 'node' },
	commonAnnotations: {},
	externalURL: 'http://alertmanager.local:9093',
	alerts: [
		{
			status: 'firing',
			labels: { alertname: 'HighCpuLoad', severity: 'critical', instance: 'web-1', job: 'node' },
			annotations: { summary: 'CPU load above 95%', description: 'web-1 has been above 95% for 10 minutes' },
			startsAt: '2026-11-29T09:50:00Z',
			endsAt: '0001-01-01T00:00:00Z',
			generatorURL: 'http://prometheus.local:9090/graph',
			fingerprint: 'a1b2c3d4e5f60001',
		},
		{
			status: 'firing',
			labels: { alertname: 'DiskAlmostFull', severity: 'warning', instance: 'db-1', job: 'node' },
			annotations: { summary: 'Disk 91% full', description: '/var/lib/postgresql has 9% left' },
			startsAt: '2026-11-29T09:55:00Z',
			endsAt: '0001-01-01T00:00:00Z',
			generatorURL: 'http://prometheus.local:9090/graph',
			fingerprint: 'a1b2c3d4e5f60002',
		},
	],
};

const flatPayload = {
	event: 'backup.failed',
	severity: 'error',
	title: 'Nightly backup failed',
	message: 'pg_dump exited with code 1: no space left on device',
	source: 'backup-runner-7',
};

let stack: Stack;
let webhookWorkflow: CreatedWorkflow;

beforeAll(async () => {
	stack = await startE2eStack('workflows', { bootstrap: true });
	const credential = stack.credential!;
	webhookWorkflow = await stack.rest.createWorkflow({
		name: 'e2e: webhook → alert email',
		nodes: [
			{
				id: 'b0f4f1d2-0000-4000-8000-000000000001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: 'b0f4f1d2-0000-4000-8000-0000000000aa',
				parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'b0f4f1d2-0000-4000-8000-000000000002',
				name: 'Alert Email',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [260, 0],
				credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
				parameters: {
					toEmail: 'sre@example.com',
					subjectPrefix: '[e2e]',
					mapping: 'auto',
					sendInterval: SEND_INTERVAL_MINUTES,
					grouping: 'perAlert',
					language: 'en',
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Alert Email', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await stack.rest.activateWorkflow(webhookWorkflow.id, webhookWorkflow.versionId);
});

afterAll(async () => {
	await stack?.stop();
});

/** POSTs to the production webhook; registration lags activation, so a first 404 is retried. */
async function postAlert(body: unknown, webhookPath = WEBHOOK_PATH): Promise<void> {
	await eventually(
		async () => {
			const res = await postToWebhook(stack, webhookPath, body);
			if (res.status === 404) return undefined;
			if (!res.ok) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
			return true;
		},
		20000,
		'production webhook registered',
	);
}

const lastSeenExecutionId = new Map<string, number>();

/** Waits for the workflow's next execution to finish (by default the webhook workflow's); returns it with its run data. */
async function nextFinishedExecution(workflowId = webhookWorkflow.id): Promise<Execution> {
	const summary = await eventually<ExecutionSummary>(async () => {
		const executions = await stack.rest.listExecutions(workflowId);
		const lastSeen = lastSeenExecutionId.get(workflowId) ?? 0;
		const newer = executions.filter((e) => Number(e.id) > lastSeen).sort((a, b) => Number(a.id) - Number(b.id));
		const next = newer[0];
		return next && !['new', 'running', 'waiting'].includes(next.status) ? next : undefined;
	}, 30000, 'next execution finished');
	lastSeenExecutionId.set(workflowId, Number(summary.id));
	const execution = await stack.rest.getExecution(summary.id);
	expect(execution.status).toBe('success');
	return execution;
}

const mailsTo = (address: string) => stack.mailbox.messages().filter((m) => m.envelope.to.includes(address));
const wholeMail = (m: ReceivedMail) => `${m.subject}\n${m.text}`;

describe('published Webhook → Alert Email workflow', () => {
	it('turns an Alertmanager notification into one email per alert', async () => {
		const before = mailsTo('sre@example.com').length;
		await postAlert(alertmanagerPayload);
		await nextFinishedExecution();
		await stack.mailbox.waitForMessages(() => mailsTo('sre@example.com').length >= before + 2, 5000);
		const mails = mailsTo('sre@example.com').slice(before);
		expect(mails).toHaveLength(2);

		const cpu = mails.find((m) => /HighCpuLoad|CPU load above 95%/.test(m.subject));
		const disk = mails.find((m) => /DiskAlmostFull|Disk 91% full/.test(m.subject));
		expect(cpu).toBeDefined();
		expect(disk).toBeDefined();
		expect(cpu!.subject).toMatch(/^\[e2e\]/);
		expect(cpu!.subject).toMatch(/critical/i);
		expect(wholeMail(cpu!)).toContain('web-1');
		expect(disk!.subject).toMatch(/warning/i);
		expect(wholeMail(disk!)).toContain('db-1');
		for (const mail of mails) {
			expect(mail.envelope.from).toBe(stack.mailbox.user);
			expect(mail.login).toBe(stack.mailbox.user);
		}
	});

	it('sends a flat alert (Webhook body) with its title, severity and message', async () => {
		const before = mailsTo('sre@example.com').length;
		await postAlert(flatPayload);
		const execution = await nextFinishedExecution();
		await stack.mailbox.waitForMessages(() => mailsTo('sre@example.com').length >= before + 1, 5000);
		const [sent, skipped] = nodeOutputs(execution, 'Alert Email')!;
		expect(sent).toHaveLength(1);
		expect(skipped ?? []).toHaveLength(0);

		const mail = mailsTo('sre@example.com')
			.slice(before)
			.find((m) => m.subject.includes('Nightly backup failed'));
		expect(mail).toBeDefined();
		expect(mail!.subject).toMatch(/^\[e2e\].*error/i);
		expect(mail!.text).toContain('no space left on device');
		expect(mail!.text).toContain('backup-runner-7');
		expect(sent[0]).toMatchObject({ messageId: mail!.messageId, subject: mail!.subject });
		// The Sent item carries the alert for the nodes after it.
		expect(sent[0]).toMatchObject({
			status: 'sent',
			event: flatPayload.event,
			severity: flatPayload.severity,
			title: flatPayload.title,
			source: flatPayload.source,
			alertStatus: 'firing',
			alert: { event: flatPayload.event, title: flatPayload.title, message: flatPayload.message, source: flatPayload.source },
		});
	});

	it('skips the same alert inside the send interval: no second email, and the execution shows it as throttled', async () => {
		const before = stack.mailbox.messages().length;
		await postAlert(flatPayload);
		const execution = await nextFinishedExecution();

		const [sent, skipped] = nodeOutputs(execution, 'Alert Email')!;
		expect(sent ?? []).toHaveLength(0);
		expect(skipped).toHaveLength(1);
		// A Skipped item says so and carries the alert, like a Sent one.
		expect(skipped[0]).toMatchObject({
			status: 'skipped',
			reason: 'throttled',
			event: flatPayload.event,
			severity: flatPayload.severity,
			title: flatPayload.title,
			source: flatPayload.source,
			alert: { title: flatPayload.title, message: flatPayload.message },
		});

		// The execution is over, so any mail would have been handed over by now; give SMTP a moment anyway.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(stack.mailbox.messages()).toHaveLength(before);

		// The throttle state lives in the workflow's static data, saved by n8n between executions.
		const saved = await stack.rest.getWorkflow(webhookWorkflow.id);
		const nodeState = (saved.staticData ?? {})['node:Alert Email'];
		expect(Object.keys(nodeState ?? {}).length).toBeGreaterThan(0);
	});
});

describe('first use: Manual mapping left at its defaults, and a dry run', () => {
	const FIRST_USE_PATH = 'first-alert';
	const FIRST_USE_TO = 'first-use@example.com';
	let manualWorkflow: CreatedWorkflow;

	beforeAll(async () => {
		manualWorkflow = await stack.rest.createWorkflow(
			manualMappingWebhookWorkflow(stack.credential!, {
				name: 'e2e: webhook → alert email, manual mapping at its defaults',
				path: FIRST_USE_PATH,
				toEmail: FIRST_USE_TO,
			}),
		);
		await stack.rest.activateWorkflow(manualWorkflow.id, manualWorkflow.versionId);
	});

	it('a Webhook POST of {event, severity, title, message, source} is sent under its title; the Sent item carries the alert', async () => {
		// The workflow sets none of the five fields, and the node n8n loaded defaults each to empty.
		const saved = await stack.rest.getWorkflow(manualWorkflow.id);
		const node = saved.nodes.find((n) => n.name === ALERT_NODE) as { parameters: Record<string, unknown> };
		expect(node.parameters.mapping).toBe('manual');
		expect(Object.keys(node.parameters).filter((name) => (MANUAL_FIELDS as readonly string[]).includes(name))).toEqual([]);
		const types = (await stack.rest.nodeTypes()) as Array<{ name: string; properties: Array<{ name: string; default: unknown }> }>;
		const description = types.find((t) => t.name === NODE_TYPE)!;
		for (const field of MANUAL_FIELDS) {
			expect({ field, default: description.properties.find((p) => p.name === field)?.default }).toEqual({ field, default: '' });
		}

		const before = mailsTo(FIRST_USE_TO).length;
		await postAlert(firstAlert, FIRST_USE_PATH);
		const execution = await nextFinishedExecution(manualWorkflow.id);
		await stack.mailbox.waitForMessages(() => mailsTo(FIRST_USE_TO).length > before, 5000);
		const mails = mailsTo(FIRST_USE_TO).slice(before);
		expect(mails).toHaveLength(1);
		const [mail] = mails;
		expect(mail.subject).toContain(firstAlert.title);
		expect(mail.subject).toMatch(/critical/i);
		expect(mail.text).toContain(firstAlert.message);
		expect(mail.text).toContain(firstAlert.source);
		expect(mail.text).toContain(firstAlert.event);
		expect(wholeMail(mail)).not.toMatch(/undefined/);

		// GET /rest/executions/:id (flatted): the Sent item names the email and the alert it carried.
		const [sent, skipped] = nodeOutputs(execution, ALERT_NODE)!;
		expect(skipped ?? []).toHaveLength(0);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			status: 'sent',
			messageId: mail.messageId,
			subject: mail.subject,
			event: firstAlert.event,
			severity: firstAlert.severity,
			title: firstAlert.title,
			source: firstAlert.source,
			alertStatus: 'firing',
			alert: { ...firstAlert, status: 'firing' },
		});
	});

	it('a manual run with Dry Run gives status "preview" and the rendered email as binary "email" (text/html), and sends nothing', async () => {
		const workflow = await stack.rest.createWorkflow(dryRunWorkflow(stack.credential!, { name: 'e2e: dry run', alert: firstAlert }));
		const before = stack.mailbox.messages().length;
		const execution = await stack.rest.waitForExecution(await stack.rest.runWorkflow(workflow.id, MANUAL_TRIGGER_NODE));
		expect(execution.status).toBe('success');

		const [previews, skipped] = nodeItems(execution, ALERT_NODE)!;
		expect(skipped ?? []).toHaveLength(0);
		expect(previews).toHaveLength(1);
		const [preview] = previews;
		expect(preview.json).toMatchObject({
			status: 'preview',
			dryRun: true,
			to: ['oncall@example.com'],
			event: firstAlert.event,
			severity: firstAlert.severity,
			title: firstAlert.title,
			source: firstAlert.source,
			alert: { title: firstAlert.title, message: firstAlert.message },
		});
		expect(preview.json.subject).toContain(firstAlert.title);
		expect(preview.binary?.email).toMatchObject({ mimeType: 'text/html', fileName: 'alert-email-preview-1.html', fileExtension: 'html' });

		// The file is the rendered email: what n8n's Download button serves (filesystem mode, n8n's
		// default), or base64 in the execution when n8n keeps binary data in memory.
		const file = preview.binary!.email;
		const html = file.id
			? await stack.rest.request<string>('GET', `/rest/binary-data?id=${encodeURIComponent(file.id)}&action=download`)
			: Buffer.from(file.data!, 'base64').toString('utf8');
		expect(html).toBe(preview.json.html);
		expect(html).toMatch(/^<!DOCTYPE html>/i);
		expect(html).toContain(firstAlert.title);
		expect(html).toContain(firstAlert.message);

		await new Promise((resolve) => setTimeout(resolve, 1500)); // a mail would be a bug
		expect(stack.mailbox.messages()).toHaveLength(before);
	});
});

describe('example workflows', () => {
	it('were all imported with the local mailbox credential, the ones marked active published', async () => {
		const examples = loadExamples();
		expect(stack.workflows!.map((w) => w.file)).toEqual(examples.map((e) => e.file));
		for (const imported of stack.workflows!) {
			const saved = await stack.rest.getWorkflow(imported.id);
			const example = examples.find((e) => e.file === imported.file)!;
			expect({ file: imported.file, active: saved.active }).toEqual({ file: imported.file, active: Boolean(example.active) });
		}
		const webhookExample = stack.workflows!.find((w) => w.file === 'webhook-to-alert-email.json')!;
		expect(webhookExample.active).toBe(true);
		const saved = await stack.rest.getWorkflow(webhookExample.id);
		const alertNode = saved.nodes.find((n) => n.type === NODE_TYPE) as { credentials: Record<string, { id: string }> };
		expect(alertNode.credentials[CREDENTIAL_TYPE].id).toBe(stack.credential!.id);
	});

	it('every example with a sample payload pinned on its trigger runs from it and sends', async () => {
		const pinned = loadExamples().filter((e) => e.pinData && Object.keys(e.pinData).length > 0);
		expect(pinned.length).toBeGreaterThan(0);
		for (const example of pinned) {
			const imported = stack.workflows!.find((w) => w.file === example.file)!;
			const [trigger] = Object.keys(example.pinData!);
			const before = stack.mailbox.messages().length;
			const execution = await stack.rest.waitForExecution(await stack.rest.runWorkflow(imported.id, trigger));
			const [sent] = nodeOutputs(execution, 'Alert Email') ?? [[]];
			expect({ file: example.file, status: execution.status, sent: sent.length > 0 }).toEqual({
				file: example.file,
				status: 'success',
				sent: true,
			});
			await stack.mailbox.waitForMessages((all) => all.length >= before + sent.length, 5000);
		}
	});

	it('the Alertmanager example sends one digest email with every alert of the notification', async () => {
		const before = mailsTo('oncall@example.com').length;
		const res = await postToWebhook(stack, 'alertmanager', alertmanagerPayload);
		expect(res.status).toBe(200);
		await stack.mailbox.waitForMessages(() => mailsTo('oncall@example.com').length > before);
		await new Promise((resolve) => setTimeout(resolve, 1500)); // a second email would be a bug
		const mails = mailsTo('oncall@example.com').slice(before);
		expect(mails).toHaveLength(1);
		expect(mails[0].subject).toMatch(/^\[Prometheus\]/);
		expect(mails[0].text).toContain('web-1');
		expect(mails[0].text).toContain('db-1');
	});

	it('the daily report runs from its manual trigger and delivers to the credential’s recipient', async () => {
		const example = stack.workflows!.find((w) => w.file === 'daily-report-schedule.json')!;
		const before = mailsTo('oncall@example.com').length;
		const executionId = await stack.rest.runWorkflow(example.id, 'When clicking ‘Execute workflow’');
		const execution = await stack.rest.waitForExecution(executionId);
		expect(execution.status).toBe('success');
		const [sent] = nodeOutputs(execution, 'Alert Email')!;
		expect(sent).toHaveLength(1);

		await stack.mailbox.waitForMessages(() => mailsTo('oncall@example.com').length > before, 5000);
		const [mail] = mailsTo('oncall@example.com').slice(before);
		expect(mail.subject).toMatch(/^\[n8n\].*Daily report for \d{4}-\d{2}-\d{2}/);
		expect(mail.from).toContain('n8n alerts');
	});
});
