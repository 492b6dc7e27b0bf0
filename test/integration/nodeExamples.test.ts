/**
 * Every example workflow uses only real parameter and option names; the shape examples
 * (examples/shape-*.json, one per payload shape) also turn their pinned payloads into real emails
 * through the engine, with their own parameters.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeProperties, INodeType } from 'n8n-workflow';

import { ALERT_NODE_TYPE, loadPackage, PACKAGE_ROOT } from '../helpers/engine';
import { processMemory, runNode } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

interface ExampleWorkflow {
	name: string;
	nodes: Array<{ name: string; type: string; parameters: IDataObject }>;
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	pinData: Record<string, Array<{ json: IDataObject }>>;
	settings: { timezone?: string };
}

const EXAMPLES_DIR = path.join(PACKAGE_ROOT, 'examples');
const allFiles = fs.readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
const files = allFiles.filter((file) => file.startsWith('shape-'));
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow;

let server: TestSmtpServer;
let properties: INodeProperties[];
beforeAll(async () => {
	server = await startSmtpServer({ security: 'ssl' });
	const loader = await loadPackage();
	properties = (loader.nodeTypes.alertEmail.type as INodeType).description.properties;
});
afterAll(() => server.close());
beforeEach(() => processMemory().forgetMemoryTables());

it('has one example per payload shape', () => {
	expect(files.sort()).toEqual([
		'shape-alertmanager.json',
		'shape-flat.json',
		'shape-grafana.json',
		'shape-uptime-kuma.json',
		'shape-webhook-body.json',
	]);
});

it.each(allFiles)('%s uses only parameters and options the node has', (file) => {
	const alertNodes = read(file).nodes.filter((node) => node.type === ALERT_NODE_TYPE);
	expect(alertNodes.length).toBeGreaterThan(0);
	const names = properties.map((property) => property.name);
	const optionNames = (properties.find((property) => property.name === 'options')?.options as INodeProperties[]).map(
		(option) => option.name,
	);
	for (const node of alertNodes) {
		for (const name of Object.keys(node.parameters)) expect(names).toContain(name);
		for (const name of Object.keys((node.parameters.options as IDataObject) ?? {})) expect(optionNames).toContain(name);
	}
});

describe.each(files)('%s', (file) => {
	const workflow = read(file);
	const alertNode = workflow.nodes.find((node) => node.type === ALERT_NODE_TYPE);
	const feeder = Object.entries(workflow.connections).find(([, output]) =>
		output.main[0].some((link) => link.node === alertNode?.name),
	)?.[0];

	it('turns its pinned payload into emails', async () => {
		const items = (workflow.pinData[feeder ?? ''] ?? []).map((item) => item.json);
		expect(items.length).toBeGreaterThan(0);
		const run = await runNode(server, items, alertNode?.parameters ?? {}, { timezone: workflow.settings.timezone });
		expect(run.error).toBeUndefined();
		expect(run.mails.length).toBeGreaterThan(0);
		expect(run.sent.every((item) => item.json.error === undefined)).toBe(true);
		for (const mail of run.mails) expect(mail.parsed.subject).toContain(String(alertNode?.parameters.subjectPrefix));
	});
});
