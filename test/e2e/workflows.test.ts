// Workflows in a real n8n (2.x, or 1.x with E2E_N8N=1) deliver to the local mailbox: a published
// Webhook → Alert Email workflow takes Alertmanager and flat payloads, throttles a repeat through
// static data that n8n itself persists between production executions, a refused login leaves on the
// error output with "Continue (using error output)", and the example workflow runs from its manual
// trigger. First use: Manual mapping with every field left at its default sends what a Webhook
// received, and a dry run hands back the rendered email as an HTML file. A Group Window turns a
// storm of 50 webhook calls into one digest, sent by one execution over one login (2.x only).
import { startMailbox } from '../../scripts/lib/mailbox.cjs';
import type { Mailbox, ReceivedMail } from '../../scripts/lib/mailbox.cjs';
import { nodeOutputs } from '../../scripts/lib/n8n-rest.cjs';
import type { CreatedWorkflow, Execution, ExecutionSummary } from '../../scripts/lib/n8n-rest.cjs';
import { CREDENTIAL_TYPE, NODE_TYPE, loadExamples, mailboxCredentialData } from '../../scripts/lib/stack.cjs';
import { alertEmailNode, webhookNode } from './helpers/workflowNodes';
import type { Stack } from '../../scripts/lib/stack.cjs';
import { eventually, postToWebhook, startE2eStack, waitForProductionWebhook } from './helpers/e2eStack';
import { N8N_LABEL, describe2x } from './helpers/n8nLine';
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
// The group-window storm's own mailbox; closed after n8n, whose shared SMTP session keeps its
// connection open for Keep Alive (30 s).
let stormMailbox: Mailbox | undefined;

beforeAll(async () => {
	stack = await startE2eStack('workflows', { bootstrap: true });
	const credential = stack.credential!;
	webhookWorkflow = await stack.rest.createWorkflow({
		name: 'e2e: webhook → alert email',
		nodes: [
			webhookNode(WEBHOOK_PATH),
			alertEmailNode(credential, {
				toEmail: 'sre@example.com',
				subjectPrefix: '[e2e]',
				mapping: 'auto',
				sendInterval: SEND_INTERVAL_MINUTES,
				grouping: 'perAlert',
				language: 'en',
			}),
		],
		connections: { Webhook: { main: [[{ node: 'Alert Email', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await stack.rest.activateWorkflow(webhookWorkflow.id, webhookWorkflow.versionId);
});

afterAll(async () => {
	await stack?.stop();
	await stormMailbox?.close();
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
	const summary = await eventually<ExecutionSummary>(
		async () => {
			const executions = await stack.rest.listExecutions(workflowId);
			const lastSeen = lastSeenExecutionId.get(workflowId) ?? 0;
			const newer = executions.filter((e) => Number(e.id) > lastSeen).sort((a, b) => Number(a.id) - Number(b.id));
			const next = newer[0];
			return next && !['new', 'running', 'waiting'].includes(next.status) ? next : undefined;
		},
		30000,
		'next execution finished',
	);
	lastSeenExecutionId.set(workflowId, Number(summary.id));
	// Read through waitForExecution: on n8n 1.x the run data is saved a moment after the status.
	const execution = await stack.rest.waitForExecution(summary.id);
	expect(execution.status).toBe('success');
	return execution;
}

const mailsTo = (address: string) => stack.mailbox.messages().filter((m) => m.envelope.to.includes(address));
const wholeMail = (m: ReceivedMail) => `${m.subject}\n${m.text}`;

describe(`${N8N_LABEL}: published Webhook → Alert Email workflow`, () => {
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

describe('error output: "Continue (using error output)"', () => {
	const ERROR_TO = 'error-output@example.com';

	it('a refused login (535) puts the alert on the error output with the hint; nothing on Sent or Skipped, no email', async () => {
		const wrongCode = await stack.rest.createCredential({
			name: 'SMTP Alert (wrong code)',
			type: CREDENTIAL_TYPE,
			data: mailboxCredentialData(stack.mailbox, { password: 'my-mailbox-login-password' }),
		});
		const workflow = await stack.rest.createWorkflow({
			name: 'e2e: error output',
			nodes: [
				{
					id: 'e7a0c3d1-0000-4000-8000-000000000001',
					name: MANUAL_TRIGGER_NODE,
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				alertEmailNode(
					wrongCode,
					{ toEmail: ERROR_TO, subjectPrefix: '[e2e]', mapping: 'auto', sendInterval: 0, language: 'en' },
					{ onError: 'continueErrorOutput' },
				),
			],
			connections: { [MANUAL_TRIGGER_NODE]: { main: [[{ node: ALERT_NODE, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			pinData: { [MANUAL_TRIGGER_NODE]: [{ json: { ...firstAlert, title: 'Error output: backup failed' } }] },
		});
		const loginsBefore = stack.mailbox.logins().length;
		const execution = await stack.rest.waitForExecution(await stack.rest.runWorkflow(workflow.id, MANUAL_TRIGGER_NODE));

		// The run succeeds; the node has a third output (Error) after Sent and Skipped.
		expect(execution.status).toBe('success');
		const [sent, skipped, errors] = nodeOutputs(execution, ALERT_NODE)!;
		expect(sent ?? []).toEqual([]);
		expect(skipped ?? []).toEqual([]);
		expect(errors).toHaveLength(1);
		const error = errors[0].error as { kind: string; message: string; hint: string; attempted: boolean };
		expect(error).toMatchObject({ kind: 'auth', attempted: true });
		expect(error.message).toMatch(/535/);
		expect(error.hint).toMatch(/authorization code/i);

		// The mailbox refused the login and received nothing.
		expect(stack.mailbox.logins().slice(loginsBefore)).toEqual([expect.objectContaining({ accepted: false })]);
		expect(mailsTo(ERROR_TO)).toEqual([]);
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

// 2.x only: on n8n 1.123 on 2 cores the 50 executions reached the node over about 9 s, longer than a
// 5 s window, so the storm became two digests (measured: 15 and 35 alerts), as the window says.
describe2x('group window: a storm of 50 webhook calls within the window', () => {
	const STORM_PATH = 'e2e-group-window';
	const STORM_TO = 'storm@example.com';
	const STORM = 50;
	// 10 s, not 5: on 2 loaded cores n8n itself took up to ~5 s to bring the 50 calls to the node, and the
	// 51st call then (rightly) opened a second window; the case is about the window, not n8n's intake speed.
	const WINDOW_SECONDS = 10;
	const WINDOW_MS = WINDOW_SECONDS * 1000;
	let stormWorkflow: CreatedWorkflow;

	// Distinct alerts (no sending interval, so none is throttled); two-digit hosts, so that no title
	// is part of another one in the digest's text.
	const stormAlert = (n: number) => {
		const host = `db-${String(n).padStart(2, '0')}`;
		return {
			event: `disk.full.${host}`,
			severity: n % 5 === 0 ? 'critical' : 'warning',
			title: `Disk full on ${host}`,
			message: `/var/lib/postgresql on ${host} has 1% left`,
			source: host,
		};
	};

	beforeAll(async () => {
		// A mailbox of its own: n8n shares one logged-in SMTP session per connection settings across
		// executions, so with the stack's mailbox a session left open by the tests above could carry
		// the digest, and their mails and logins would mix with the storm's.
		stormMailbox = await startMailbox();
		const credential = await stack.rest.createCredential({
			name: 'SMTP Alert (group window mailbox)',
			type: CREDENTIAL_TYPE,
			data: mailboxCredentialData(stormMailbox),
		});
		stormWorkflow = await stack.rest.createWorkflow({
			name: 'e2e: webhook storm → one digest (group window)',
			nodes: [
				// Answers when the workflow ends, so each caller's wait is its execution's length.
				// allEntries: the Sent items, [] for a handed-over alert. The default firstEntryJson
				// answers those 49 callers HTTP 500 "No item to return was found" (measured).
				webhookNode(STORM_PATH, { responseMode: 'lastNode', responseData: 'allEntries' }),
				alertEmailNode(credential, {
					toEmail: STORM_TO,
					subjectPrefix: '[storm]',
					mapping: 'auto',
					sendInterval: 0,
					grouping: 'digest',
					groupWindow: WINDOW_SECONDS,
					language: 'en',
				}),
			],
			connections: { Webhook: { main: [[{ node: 'Alert Email', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		await stack.rest.activateWorkflow(stormWorkflow.id, stormWorkflow.versionId);
		// Registered before the storm: a 404 would have to be retried, outside the window.
		await waitForProductionWebhook(stack, STORM_PATH);
	});

	interface StormCall {
		n: number;
		status: number;
		body: Array<Record<string, unknown>>;
		/** From the request to the end of the answer. */
		ms: number;
		answeredAt: number;
	}
	interface StormRun {
		id: string;
		status: string;
		sent: Array<Record<string, unknown>>;
		skipped: Array<Record<string, unknown>>;
		/** The Alert Email node's own run time, as n8n recorded it. */
		nodeMs: number;
	}
	let calls: StormCall[];
	let runs: StormRun[];

	/** The storm: 50 concurrent webhook calls, one alert each; then every execution, read back. */
	async function fireStorm(): Promise<void> {
		calls = await Promise.all(
			Array.from({ length: STORM }, async (_v, n) => {
				const started = performance.now();
				const res = await postToWebhook(stack, STORM_PATH, stormAlert(n));
				const body = (await res.json()) as Array<Record<string, unknown>>;
				return { n, status: res.status, body, ms: Math.round(performance.now() - started), answeredAt: Date.now() };
			}),
		);
		const summaries = await eventually(
			async () => {
				const all = await stack.rest.listExecutions(stormWorkflow.id, { limit: 100 });
				return all.length >= STORM && all.every((e) => !['new', 'running', 'waiting'].includes(e.status)) ? all : undefined;
			},
			30000,
			`${STORM} executions finished`,
		);
		runs = [];
		for (const summary of summaries) {
			const execution = await stack.rest.getExecution(summary.id);
			const [sent = [], skipped = []] = nodeOutputs(execution, 'Alert Email') ?? [];
			const nodeRuns = execution.data.resultData.runData['Alert Email'] as Array<{ executionTime?: number }> | undefined;
			runs.push({ id: String(execution.id), status: execution.status, sent, skipped, nodeMs: nodeRuns?.[0]?.executionTime ?? NaN });
		}
	}

	const senderCall = () => calls.filter((call) => call.body.length > 0);
	const senderRun = () => runs.filter((run) => run.sent.length > 0);

	it('fires 50 concurrent webhook calls, each answered 200', async () => {
		await fireStorm();
		expect(calls.map((call) => call.status)).toEqual(Array(STORM).fill(200));
		expect(runs).toHaveLength(STORM);
		expect(runs.every((run) => run.status === 'success')).toBe(true);
	});

	it('the mailbox gets one digest listing all 50 alerts, over one login', async () => {
		await stormMailbox!.waitForMessages((all) => all.length > 0, 10000);
		await new Promise((resolve) => setTimeout(resolve, 1500)); // a second email would be a bug
		const mails = stormMailbox!.messages();
		expect(mails).toHaveLength(1);
		const [mail] = mails;
		expect(mail.subject).toBe(`[storm] ${STORM} alerts: 10 critical, 40 warning`);
		expect(mail.envelope.to).toEqual([STORM_TO]);
		for (let n = 0; n < STORM; n++) expect(mail.text).toContain(stormAlert(n).title);
		expect(stormMailbox!.logins()).toEqual([expect.objectContaining({ user: stormMailbox!.user, accepted: true })]);

		// The sender's webhook call answers with its Sent item (responseData allEntries), the others with none.
		expect(senderCall()).toHaveLength(1);
		expect(senderCall()[0].body).toEqual([expect.objectContaining({ status: 'sent', alertCount: STORM, messageId: mail.messageId })]);
		expect(calls.filter((call) => call.body.length === 0)).toHaveLength(STORM - 1);
	});

	it('one execution sent it; the other 49 show their alert on Skipped as "grouped", naming that execution', () => {
		expect(senderRun()).toHaveLength(1);
		const [sender] = senderRun();
		const grouped = runs.filter((run) => run !== sender);
		expect(sender.sent).toEqual([expect.objectContaining({ status: 'sent', alertCount: STORM })]);
		expect(sender.skipped).toEqual([]);
		// The Sent item names the executions that handed their alerts in.
		expect([...(sender.sent[0].handedBy as string[])].sort()).toEqual(grouped.map((run) => run.id).sort());

		expect(grouped).toHaveLength(STORM - 1);
		for (const run of grouped) {
			expect(run.sent).toEqual([]);
			expect(run.skipped).toEqual([
				expect.objectContaining({
					status: 'skipped',
					reason: 'grouped',
					groupedInto: sender.id,
					detail: expect.stringContaining(`Handed to execution ${sender.id}, which sends one digest`),
				}),
			]);
		}
		// One window: every handed-over alert names the same closing time, and with the sender's own
		// alert they are the 50 alerts of the storm.
		expect(new Set(grouped.map((run) => run.skipped[0].windowClosesAt)).size).toBe(1);
		const titles = [stormAlert(senderCall()[0].n).title, ...grouped.map((run) => run.skipped[0].title as string)].sort();
		expect(titles).toEqual(Array.from({ length: STORM }, (_v, n) => stormAlert(n).title).sort());
	});

	it("the 49 handed-over calls are answered before the window closes; only the sender's waits for it", () => {
		const [sender] = senderRun();
		const [senderAnswer] = senderCall();
		const handed = calls.filter((call) => call !== senderAnswer);
		const grouped = runs.filter((run) => run !== sender);
		const closesAt = Date.parse(String(grouped[0].skipped[0].windowClosesAt));
		const spread = (values: number[]) => {
			const sorted = [...values].sort((a, b) => a - b);
			return `${sorted[0]}–${sorted[sorted.length - 1]} ms (median ${sorted[Math.floor(sorted.length / 2)]} ms)`;
		};
		process.stderr.write(
			`[group window] ${handed.length} handed-over calls answered in ${spread(handed.map((call) => call.ms))}, ` +
				`the last ${closesAt - Math.max(...handed.map((call) => call.answeredAt))} ms before the window closed; ` +
				`their Alert Email runs took ${spread(grouped.map((run) => run.nodeMs))}. ` +
				`The sender's call took ${senderAnswer.ms} ms, its Alert Email run ${sender.nodeMs} ms (window ${WINDOW_MS} ms).\n`,
		);
		// What n8n itself adds: 50 executions at once on 2 cores take seconds to start and save (the
		// same storm without a window answers in 1–5.5 s), so "at once" is measured on the node's own
		// run and against the window's closing time, not as a fixed HTTP latency.
		for (const run of grouped) expect(run.nodeMs).toBeLessThan(WINDOW_MS / 5);
		for (const call of handed) expect(call.answeredAt).toBeLessThan(closesAt);
		expect(sender.nodeMs).toBeGreaterThanOrEqual(WINDOW_MS - 50);
		expect(senderAnswer.ms).toBeGreaterThanOrEqual(WINDOW_MS - 50);
		expect(senderAnswer.answeredAt).toBeGreaterThanOrEqual(closesAt);
	});
});
