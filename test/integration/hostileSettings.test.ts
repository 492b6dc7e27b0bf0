/**
 * Settings that are wrong for the whole execution (node options, credential fields), through the
 * real engine. Without "continue" the node stops before connecting, naming the field; with it,
 * a setting needed before filtering (sender, Send Interval, Time Zone) makes every input an error
 * item, and one needed only to send (connection, proxy, delivery options) every input that would
 * have been emailed (filtered ones stay Skipped); no sending-interval slot is used up by an email
 * that never left.
 */
import type { IDataObject } from 'n8n-workflow';

import { errorIn } from '../helpers/errorItems';
import { processMemory, runNode } from '../helpers/nodeRun';
import type { NodeRun } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({ security: 'none' });
});
afterAll(() => server.close());
beforeEach(() => processMemory().forgetMemoryTables());

const ITEMS = [
	{ event: 'disk.full', severity: 'error', title: 'Disk full', source: 'db-1' },
	{ event: 'cpu.hot', severity: 'info', title: 'CPU warm', source: 'db-2' },
];
/** Item 1 is filtered (below Minimum Severity), so only item 0 would be emailed. */
const BASE: IDataObject = { minSeverity: 'warning' };
const errorsOf = (run: NodeRun) => run.sent.map((item) => [item.pairedItem, errorIn(item).message, errorIn(item).field]);

async function expectRefused(parameters: IDataObject, credential: IDataObject, message: string, field: string, erroredItems: number[]) {
	const connections = server.connections;
	const stopped = await runNode(server, ITEMS, { ...BASE, ...parameters }, { credential: server.credential(credential) });
	expect(stopped.error?.message).toBe(`${field}: ${message}`);
	expect(stopped.mails).toEqual([]);

	const continued = await runNode(
		server,
		ITEMS,
		{ ...BASE, ...parameters },
		{ credential: server.credential(credential), onError: 'continueErrorOutput' },
	);
	expect(continued.error).toBeUndefined();
	expect(continued.sent).toEqual([]);
	expect(continued.errors.map((item) => [item.pairedItem, errorIn(item).message, errorIn(item).field])).toEqual(
		erroredItems.map((item) => [{ item }, `${field}: ${message}`, field]),
	);
	expect(continued.mails).toEqual([]);
	expect(server.connections).toBe(connections);
	return continued;
}

describe('Send Interval negative or absurd: refused before anything, naming the field', () => {
	it.each([
		[-5, '-5'],
		[1e12, '1000000000000'],
		['={{ "every hour" }}', '"every hour"'],
	])('%j', async (sendInterval, shown) => {
		const run = await expectRefused(
			{ sendInterval },
			{},
			`${shown} is not a number of minutes from 0 to 525600 (a year). Use 0 to send every alert.`,
			'Send Interval',
			[0, 1],
		);
		expect(run.skipped).toEqual([]);
	});

	it('a large but valid interval (a year) works', async () => {
		const run = await runNode(server, ITEMS, { ...BASE, sendInterval: 525_600 });
		expect(run.mails).toHaveLength(1);
		expect(run.skipped.map((item) => item.json.reason)).toEqual(['filtered']);
	});
});

describe('credential fields out of range', () => {
	const proxy = (proxyPort: number | string) => ({ proxyType: 'http', proxyHost: '127.0.0.1', proxyPort });

	it.each([0, 70_000, -1, 1.5, 'abc'])('proxy port %j: the emailed item is an error, the filtered one stays Skipped', async (port) => {
		const run = await expectRefused(
			{},
			proxy(port),
			`Proxy Port ${port} is not valid. Use 1–65535 (often 3128 or 8080 for HTTP, 1080 for SOCKS5).`,
			'proxyPort',
			[0],
		);
		expect(run.skipped.map((item) => [item.pairedItem, item.json.reason])).toEqual([[{ item: 1 }, 'filtered']]);
	});

	it.each([70_000, -5, 2.5, 'smtp'])('a QQ preset with port override %j', async (port) => {
		await expectRefused(
			{},
			{ provider: 'qq', host: '', port },
			`Port ${port} is not valid. Use 1–65535, or 0 for the provider's port.`,
			'port',
			[0],
		);
	});

	it('a From Email that is not an address: needed before filtering, so every input is an error item, the filtered one too', async () => {
		const run = await expectRefused(
			{},
			{ fromEmail: 'alerts' },
			'From Email "alerts" is not an email address. Enter the sender address in From Email, e.g. alerts@example.com (QQ and 163 want the logged-in mailbox).',
			'fromEmail',
			[0, 1],
		);
		expect(run.skipped).toEqual([]);
	});

	it('a connection option out of range: needed only to send, so the filtered input stays Skipped', async () => {
		const run = await expectRefused(
			{ options: { maxConnections: 0 } },
			{},
			'Connections must be a whole number from 1 to 10, not "0".',
			'maxConnections',
			[0],
		);
		expect(run.skipped.map((item) => [item.pairedItem, item.json.reason])).toEqual([[{ item: 1 }, 'filtered']]);
	});

	it('the error descriptions say where to fix it', async () => {
		const run = await runNode(server, ITEMS, BASE, { credential: server.credential(proxy(0)) });
		expect(run.error?.description).toBe('Fix this field in the SMTP Alert credential. Nothing was sent.');
		const option = await runNode(server, ITEMS, { ...BASE, options: { rateLimit: -1 } });
		expect(option.error?.message).toBe('rateLimit: Rate Limit must be a whole number from 0 to 1000000, not "-1".');
		expect(option.error?.description).toBe('Fix this option of the Alert Email node. Nothing was sent.');
	});
});

describe('nothing lost', () => {
	it('an email kept back by a wrong setting does not use up its sending-interval slot', async () => {
		const staticData: IDataObject = {};
		const broken = await runNode(
			server,
			ITEMS,
			{ ...BASE, sendInterval: 60 },
			{
				credential: server.credential({ proxyType: 'socks5', proxyHost: '127.0.0.1', proxyPort: 0 }),
				staticData,
				onError: 'continueRegularOutput',
			},
		);
		expect(broken.sent.map((item) => errorIn(item).message)).toEqual([expect.stringMatching(/^proxyPort: /)]);

		const fixed = await runNode(server, ITEMS, { ...BASE, sendInterval: 60 }, { staticData });
		expect(fixed.mails.map((mail) => mail.parsed.subject)).toEqual(['[Prod] [ERROR] Disk full']);
		expect(fixed.skipped.map((item) => item.json.reason)).toEqual(['filtered']);
	});

	it('a wrong time zone with continue: every input is an error item, not passed through as if sent', async () => {
		const run = await runNode(server, ITEMS, { ...BASE, options: { timeZone: 'Mars/Olympus' } }, { onError: 'continueRegularOutput' });
		expect(errorsOf(run)).toEqual([
			[{ item: 0 }, expect.stringMatching(/^Options › Time Zone: "Mars\/Olympus" is not a time zone/), 'Options › Time Zone'],
			[{ item: 1 }, expect.stringMatching(/^Options › Time Zone: /), 'Options › Time Zone'],
		]);
		expect(run.mails).toEqual([]);
	});
});
