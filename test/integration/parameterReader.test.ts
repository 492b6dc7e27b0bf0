/**
 * The node reads `={{ $json.path }}` parameters straight from the item and constant parameters
 * once (pipeline/parameterReader.ts). These tests run both that reader and n8n's own
 * getNodeParameter inside the real engine on arbitrary items and require the same answers, and
 * check what happens when an item's expression fails.
 */
import path from 'node:path';

import fc from 'fast-check';
import type { IDataObject, IExecuteFunctions, INodeType } from 'n8n-workflow';

import { PACKAGE_ROOT, registerNodeType, runAlertWorkflow } from '../helpers/engine';
import { errorIn } from '../helpers/errorItems';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the compiled reader under test, loaded as the node loads it
const { ParameterReader, jsonPathOf } = require(
	path.join(PACKAGE_ROOT, 'dist/nodes/AlertEmail/pipeline/parameterReader.js'),
) as typeof import('../../nodes/AlertEmail/pipeline/parameterReader');

const PROBE = 'test.parameterProbe';

/** Outputs, per item, what the reader and what n8n's getNodeParameter make of its parameters. */
const probe: INodeType = {
	description: {
		displayName: 'Parameter probe',
		name: 'parameterProbe',
		group: ['transform'],
		version: 1,
		description: 'Test node',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			{ displayName: 'Constant', name: 'constant', type: 'string', default: 'the default' },
		],
	},
	async execute(this: IExecuteFunctions) {
		const reader = new ParameterReader(this);
		const outcome = (read: () => unknown) => {
			try {
				return { value: read() ?? null };
			} catch (error) {
				return { threw: (error as Error).message };
			}
		};
		return [
			this.getInputData().map((_item, index) => ({
				json: {
					ours: outcome(() => reader.get('value', index, '')),
					n8n: outcome(() => this.getNodeParameter('value', index, '')),
					constantOurs: outcome(() => reader.get('constant', index, '')),
					constantN8n: outcome(() => this.getNodeParameter('constant', index, '')),
				},
				pairedItem: { item: index },
			})),
		];
	},
};

beforeAll(() => registerNodeType(PROBE, probe));

async function probeRun(value: string, items: IDataObject[], constant?: string) {
	const outcome = await runAlertWorkflow({
		node: { type: PROBE, typeVersion: 1, credentialType: 'none' },
		parameters: { value, ...(constant === undefined ? {} : { constant }) },
		credential: {},
		items,
	});
	if (outcome.error) throw outcome.error;
	return outcome.sent.map((item) => item.json);
}

describe('jsonPathOf', () => {
	it.each([
		['={{ $json.title }}', ['title']],
		['={{$json.body.alerts[0].labels["alert name"]}}', ['body', 'alerts', 0, 'labels', 'alert name']],
		["={{ $json['a \\'b'] }}", ["a 'b"]],
	])('reads %s as a path', (raw, expected) => expect(jsonPathOf(raw)).toEqual(expected));

	it.each([
		'={{ $json.title.toUpperCase() }}',
		'={{ $json.a }} and more',
		'={{ $json }}',
		'={{ $json.a + $json.b }}',
		'={{ $json["a\\nb"] }}',
		'$json.a',
		'={{ $input.item.json.a }}',
	])('leaves %s to n8n', (raw) => expect(jsonPathOf(raw)).toBeUndefined());
});

describe('ParameterReader agrees with getNodeParameter in the real engine', () => {
	const keyName = fc.oneof(
		fc.constantFrom('a', 'title', 'x_1', '$y', 'two words', 'dots.in.key', 'length', '0'),
		fc.string({ maxLength: 6 }),
	);

	/** A path into the first item, chosen by `picks` among the keys (and indexes) that exist, maybe with a missing key at the end. */
	function pathInto(item: unknown, picks: number[], missing: string | undefined): Array<string | number> {
		const path: Array<string | number> = [];
		let value = item;
		for (const pick of picks) {
			if (typeof value !== 'object' || value === null) break;
			const keys: Array<string | number> = Array.isArray(value) ? value.map((_v, index) => index) : Object.keys(value);
			if (keys.length === 0) break;
			const key = keys[pick % keys.length];
			path.push(key);
			value = (value as Record<string | number, unknown>)[key];
		}
		return missing === undefined ? path : [...path, missing];
	}

	it('for arbitrary items and $json paths, present or missing', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.dictionary(keyName, fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 4 }), { minLength: 1, maxLength: 3 }),
				fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
				fc.option(keyName, { freq: 4 }),
				async (items, picks, missing) => {
					const keys = pathInto(items[0], picks, missing ?? undefined);
					const expression = `={{ $json${keys.map((key) => `[${JSON.stringify(key)}]`).join('')} }}`;
					for (const row of await probeRun(expression, items)) expect(row.ours).toEqual(row.n8n);
				},
			),
			{ numRuns: 60 },
		);
	});

	it('for the path of a value that exists, taken from the item', async () => {
		const items = [{ title: 'Disk full', n: 3, flag: false, none: null, nested: { list: [{ x: 'deep' }] } }, { title: 'Other' }];
		const cases: Array<[string, unknown[]]> = [
			['={{ $json.title }}', ['Disk full', 'Other']],
			['={{ $json.n }}', [3]],
			['={{ $json.flag }}', [false]],
			['={{ $json.none }}', [null]],
			['={{ $json.nested.list[0].x }}', ['deep']],
		];
		for (const [expression, expected] of cases) {
			const rows = await probeRun(expression, items);
			expected.forEach((value, index) => {
				expect(rows[index].ours).toEqual({ value });
				expect(rows[index].n8n).toEqual({ value });
			});
		}
	});

	it('reads a parameter without expressions once, and its default when it is not set', async () => {
		const rows = await probeRun('plain text', [{}, {}], 'fixed');
		for (const row of rows) {
			expect(row.ours).toEqual({ value: 'plain text' });
			expect(row.constantOurs).toEqual(row.constantN8n);
			expect(row.constantOurs).toEqual({ value: 'fixed' });
		}
		const defaults = await probeRun('x', [{}]);
		expect(defaults[0].constantOurs).toEqual({ value: 'the default' });
	});
});

describe('an expression that fails for one item', () => {
	let server: TestSmtpServer;
	beforeAll(async () => {
		server = await startSmtpServer({ security: 'none' });
	});
	afterAll(() => server.close());

	// n8n's extension functions throw for a value they cannot take: here, item 1 has no `lines`.
	const items = [{ title: 'one', lines: ['trace 1'] }, { title: 'two' }, { title: 'three', lines: ['trace 3'] }];
	const parameters = { mapping: 'manual', title: '={{ $json.title }}', message: '={{ $json.lines.first() }}', toEmail: 'ops@example.com' };

	it("with continue, becomes that item's error item naming the field; the others are sent", async () => {
		const before = server.messages.length;
		const result = await runAlertWorkflow({ parameters, credential: server.credential(), items, onError: 'continueErrorOutput' });
		expect(result.error).toBeUndefined();
		expect(result.sent.map((item) => item.json.subject)).toEqual([expect.stringContaining('one'), expect.stringContaining('three')]);
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0].pairedItem).toEqual({ item: 1 });
		expect(errorIn(result.errors[0]).message).toMatch(/^Message: the expression failed for this item/);
		expect(server.messages.length - before).toBe(2);
	});

	it('without continue, stops the node before anything is sent, naming the item', async () => {
		const before = server.messages.length;
		const result = await runAlertWorkflow({ parameters, credential: server.credential(), items });
		expect(result.error?.message).toMatch(/Message: the expression failed for this item/);
		expect(server.messages.length - before).toBe(0);
	});
});

describe('Minimum Severity from an expression', () => {
	let server: TestSmtpServer;
	beforeAll(async () => {
		server = await startSmtpServer({ security: 'none' });
	});
	afterAll(() => server.close());

	it('understands aliases and names the field for a word that is no severity', async () => {
		const result = await runAlertWorkflow({
			parameters: { toEmail: 'ops@example.com', minSeverity: '={{ $json.threshold }}' },
			credential: server.credential(),
			items: [
				{ title: 'a', severity: 'warning', threshold: 'Error' },
				{ title: 'b', severity: 'critical', threshold: 'P2' },
				{ title: 'c', severity: 'info', threshold: 'warn' },
				{ title: 'd', severity: 'critical', threshold: 'whatever' },
			],
			onError: 'continueRegularOutput',
		});
		expect(result.skipped.map((item) => item.json.reason)).toEqual(['filtered', 'filtered']);
		expect(result.sent.filter((item) => item.json.subject).map((item) => item.json.subject)).toEqual([expect.stringContaining(' b')]);
		const failed = result.sent.filter((item) => item.json.error);
		expect(failed).toHaveLength(1);
		expect(errorIn(failed[0]).message).toMatch(/^Minimum Severity: "whatever" is not a severity/);
	});
});
