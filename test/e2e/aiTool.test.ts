// The node as an AI agent's tool in a real n8n (2.x, or 1.x with E2E_N8N=1), with no language model:
// n8n registers the tool variant `n8n-nodes-alert-email.alertEmailTool` (the node is usableAsTool).
// A published workflow connects the Alert Email Tool to an MCP Server Trigger (an ai_tool
// connection, as a tool is connected to an AI Agent), with Manual mapping whose five fields are
// $fromAI() expressions. An MCP client from the npm registry (@modelcontextprotocol/sdk) then does
// what an agent's MCP client does: lists the tools, reads the input schema n8n derived from the
// $fromAI() calls, and calls the tool with arguments for it, over Streamable HTTP and over SSE.
// n8n runs the node the way it runs any tool of an agent (n8n-core's createNodeAsTool), so this is
// the agent's path minus the model.
//
// The MCP Server Trigger needs nothing unusual: Authentication None (its default), a Path, a
// webhookId, typeVersion 2 (one URL, /mcp/<path>, for both transports; 1.x and 2.x have it), and a
// published workflow (the production URL; it is registered a moment after publishing).
import { randomUUID } from 'node:crypto';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import type { ReceivedMail } from '../../scripts/lib/mailbox.cjs';
import type { CreatedWorkflow, ExecutionSummary } from '../../scripts/lib/n8n-rest.cjs';
import { CREDENTIAL_TYPE, NODE_TYPE } from '../../scripts/lib/stack.cjs';
import type { Stack } from '../../scripts/lib/stack.cjs';
import { eventually, startE2eStack } from './helpers/e2eStack';
import { N8N_LABEL } from './helpers/n8nLine';

jest.setTimeout(15 * 60 * 1000); // the first run installs n8n into the cache

const TOOL_TYPE = `${NODE_TYPE}Tool`;
const MCP_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.mcpTrigger';
const TOOL_NODE = 'Alert Email';
/** n8n names a tool after its node: nodeNameToToolName('Alert Email'). */
const TOOL_NAME = 'Alert_Email';
const TOOL_DESCRIPTION = 'Send an alert email to the on-call team. Use it when something is broken and people must act.';
const AGENT_TO = 'agent-alerts@example.com';
const SEND_INTERVAL_MINUTES = 30;

/** What the model is asked for, field by field: $fromAI(key, description, type). */
const FROM_AI = {
	eventType: 'Dotted name of what happened, e.g. disk.full',
	severity: 'One of critical, error, warning, info',
	title: 'One line naming the problem and where it is',
	message: 'What happened and what is affected, in two or three sentences',
	source: 'The host or service that has the problem',
} as const;
type AlertArgs = Record<keyof typeof FROM_AI, string>;

const fromAI = (key: keyof typeof FROM_AI) => `={{ $fromAI('${key}', '${FROM_AI[key]}', 'string') }}`;

let stack: Stack;
let workflow: CreatedWorkflow;
let mcpUrl: URL;

beforeAll(async () => {
	stack = await startE2eStack('ai-tool', { bootstrap: true });
	const credential = stack.credential!;
	const path = `alert-email-tools-${randomUUID().slice(0, 8)}`;
	workflow = await stack.rest.createWorkflow({
		name: 'e2e: MCP Server Trigger → Alert Email Tool',
		nodes: [
			{
				id: 'a1e7c0de-0000-4000-8000-000000000001',
				name: 'MCP Server Trigger',
				type: MCP_TRIGGER_TYPE,
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { path, authentication: 'none' },
			},
			{
				id: 'a1e7c0de-0000-4000-8000-000000000002',
				name: TOOL_NODE,
				type: TOOL_TYPE,
				typeVersion: 1,
				position: [0, 240],
				credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
				parameters: {
					toolDescription: TOOL_DESCRIPTION,
					toEmail: AGENT_TO,
					subjectPrefix: '[agent]',
					mapping: 'manual',
					eventType: fromAI('eventType'),
					severity: fromAI('severity'),
					title: fromAI('title'),
					message: fromAI('message'),
					source: fromAI('source'),
					sendInterval: SEND_INTERVAL_MINUTES,
					language: 'en',
				},
			},
		],
		// A tool hangs below the node that uses it: the connection goes from the tool to the trigger.
		connections: { [TOOL_NODE]: { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await stack.rest.activateWorkflow(workflow.id, workflow.versionId);
	mcpUrl = new URL(`${stack.n8n.url}/mcp/${path}`);
});

afterAll(async () => {
	await stack?.stop();
});

type Transport = 'streamable HTTP' | 'SSE';

/** An MCP client connected to the trigger; the production URL is registered a moment after publishing. */
async function connect(transport: Transport): Promise<Client> {
	return eventually(
		async () => {
			const client = new Client({ name: 'alert-email-e2e', version: '1.0.0' });
			try {
				await client.connect(transport === 'SSE' ? new SSEClientTransport(mcpUrl) : new StreamableHTTPClientTransport(mcpUrl));
				return client;
			} catch (error) {
				await client.close().catch(() => undefined);
				throw error;
			}
		},
		20000,
		`MCP client connected over ${transport} to ${mcpUrl.pathname}`,
	);
}

/** Calls the Alert Email tool as an agent would; returns the text n8n answers with. */
async function callAlertTool(client: Client, args: AlertArgs): Promise<string> {
	const result = await client.callTool({ name: TOOL_NAME, arguments: args });
	expect(result.isError ?? false).toBe(false);
	const content = result.content as Array<{ type: string; text?: string }>;
	expect(content).toEqual([{ type: 'text', text: expect.any(String) }]);
	return content[0].text!;
}

const agentMails = () => stack.mailbox.messages().filter((m) => m.envelope.to.includes(AGENT_TO));

async function mailTitled(title: string): Promise<ReceivedMail> {
	const all = await stack.mailbox.waitForMessages((mails) => mails.some((m) => m.subject.includes(title)), 10000);
	return all.find((m) => m.subject.includes(title))!;
}

const diskFull: AlertArgs = {
	eventType: 'disk.full',
	severity: 'critical',
	title: 'Disk full on db-7 (/var/lib/postgresql 100%)',
	message: 'PostgreSQL on db-7 stopped accepting writes: /var/lib/postgresql is 100% full.',
	source: 'db-7',
};

describe(`${N8N_LABEL}: Alert Email as an AI agent's tool`, () => {
	it('registers the tool variant n8n-nodes-alert-email.alertEmailTool beside the node, and the MCP Server Trigger', async () => {
		const types = await stack.rest.nodeTypes();
		const tool = types.find((type) => type.name === TOOL_TYPE);
		expect(tool).toMatchObject({ displayName: 'Alert Email Tool', inputs: [], outputs: ['ai_tool'] });
		const parameters = (tool!.properties as Array<{ name: string }>).map((p) => p.name);
		expect(parameters).toEqual(
			expect.arrayContaining(['toolDescription', 'mapping', 'eventType', 'severity', 'title', 'message', 'source']),
		);
		expect(types.find((type) => type.name === NODE_TYPE)).toBeDefined();

		const trigger = types.find((type) => type.name === MCP_TRIGGER_TYPE);
		expect(trigger).toBeDefined();
		expect(trigger!.version).toEqual(expect.arrayContaining([2]));
	});

	it('an MCP client lists it (streamable HTTP) with the five $fromAI() fields as its input schema', async () => {
		const client = await connect('streamable HTTP');
		try {
			const { tools } = await client.listTools();
			expect(tools.map((t) => t.name)).toEqual([TOOL_NAME]);
			const [tool] = tools;
			expect(tool.description).toBe(TOOL_DESCRIPTION);
			expect(tool.inputSchema).toMatchObject({
				type: 'object',
				properties: Object.fromEntries(Object.entries(FROM_AI).map(([key, description]) => [key, { type: 'string', description }])),
			});
			expect([...(tool.inputSchema.required ?? [])].sort()).toEqual(Object.keys(FROM_AI).sort());
		} finally {
			await client.close();
		}
	});

	let firstAnswer: string;
	let firstMail: ReceivedMail;

	it('a call with the fields an agent fills sends the email to the mailbox, and its run shows up as an execution', async () => {
		const before = agentMails().length;
		const client = await connect('streamable HTTP');
		try {
			firstAnswer = await callAlertTool(client, diskFull);
		} finally {
			await client.close();
		}
		firstMail = await mailTitled(diskFull.title);
		expect(agentMails()).toHaveLength(before + 1);
		expect(firstMail.subject).toMatch(/^\[agent\] .*critical/i);
		expect(firstMail.subject).toContain(diskFull.title);
		expect(firstMail.envelope.to).toEqual([AGENT_TO]);
		expect(firstMail.text).toContain(diskFull.message);
		expect(firstMail.text).toContain(diskFull.source);
		expect(firstMail.text).toContain(diskFull.eventType);
		// Whatever its form, the answer names the email it sent.
		expect(firstAnswer).toContain(JSON.stringify(firstMail.subject).slice(1, -1));

		const executions = await eventually<ExecutionSummary[]>(
			async () => {
				const all = await stack.rest.listExecutions(workflow.id);
				return all.length > 0 && all.every((e) => e.status === 'success') ? all : undefined;
			},
			20000,
			'the MCP call recorded as a successful execution',
		);
		expect(executions.map((e) => e.mode)).toContain('webhook');
	});

	// n8n 1.x has no isToolExecution() on the context a tool runs in: there the node knows it runs as
	// a tool by its type, the tool variant's.
	it('the answer is the short result for the agent: { result: \'Sent "…" to …\', sent: 1, notSent: 0 }', () => {
		expect(JSON.parse(firstAnswer)).toEqual([{ result: `Sent "${firstMail.subject}" to ${AGENT_TO}.`, sent: 1, notSent: 0 }]);
	});

	let repeatAnswer: string;

	it("the same alert again, inside the tool's Send Interval, sends nothing (over SSE)", async () => {
		const before = stack.mailbox.messages().length;
		const client = await connect('SSE');
		try {
			const { tools } = await client.listTools();
			expect(tools.map((t) => t.name)).toEqual([TOOL_NAME]);
			repeatAnswer = await callAlertTool(client, diskFull);
		} finally {
			await client.close();
		}
		await new Promise((resolve) => setTimeout(resolve, 1500)); // a mail would be a bug
		expect(stack.mailbox.messages()).toHaveLength(before);
	});

	// n8n hands an agent only the node's first output; the short result is on it, so a throttled alert
	// (on Skipped otherwise) still answers why.
	it('and answers why: "Not sent (throttled): …", sent 0, notSent 1', () => {
		const [answer] = JSON.parse(repeatAnswer) as Array<{ result: string; sent: number; notSent: number }>;
		expect(answer).toMatchObject({ sent: 0, notSent: 1 });
		expect(answer.result).toMatch(/^Not sent \(throttled\): .*Send Interval 30 min/);
	});
});
