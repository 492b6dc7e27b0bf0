/**
 * Bad addresses in the node and in the credential, through the real engine and a real SMTP server.
 * Each case names its outcome: refused (an error item naming the field and every bad entry, and
 * nothing sent for that item), sent to the valid ones (only under "Send to the Valid Ones", with
 * the dropped entries listed), or sent once per address. Every input ends as sent, skipped or error.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { errorIn } from '../helpers/errorItems';
import { testCredential } from '../helpers/credentialTest';
import { mailboxesOf, rawHeaderBlock, runNode } from '../helpers/nodeRun';
import type { NodeRun } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({ security: 'none' });
});
afterAll(() => server.close());

const ALERT = { title: 'Disk full', severity: 'error', source: 'db-1' };
const CONTINUE = { onError: 'continueRegularOutput' as const };
const errorsOf = (run: NodeRun) => run.sent.filter((item) => item.json.error !== undefined).map((item) => errorIn(item).message);
const sentOf = (run: NodeRun) => run.sent.filter((item) => item.json.status !== undefined);
const links = (items: INodeExecutionData[]) => items.map((item) => item.pairedItem);
const FORMAT =
	'Write name@example.com or Name <name@example.com>; a name with a comma goes in double quotes, e.g. "Doe, John" <john@example.com>.';

describe('invalid and empty addresses: the item is refused, nothing is sent for it', () => {
	it.each([
		['To Email', { toEmail: 'ops@' }, 'To Email: "ops@" is not an email address.'],
		[
			'To Email with a smuggled header line',
			{ toEmail: 'ops@example.com\rBcc: evil@attacker.example' },
			'To Email: "ops@example.com␤Bcc: evil@attacker.example" contains a line break or control character.',
		],
		['CC', { options: { cc: 'team at example.com' } }, 'Options › CC: "team at example.com" is not an email address.'],
		['BCC', { options: { bcc: 'audit@@example.com' } }, 'Options › BCC: "audit@@example.com" is not an email address.'],
		[
			'Reply To with CR/LF',
			{ options: { replyTo: 'noc@example.com\r\nX-Injected: 1' } },
			'Options › Reply To: "X-Injected: 1" is not an email address.',
		],
		[
			'Reply To with NUL',
			{ options: { replyTo: 'noc@example.com\u0000' } },
			'Options › Reply To: "noc@example.com␤" contains a line break or control character.',
		],
	])('%s', async (_field, parameters, message) => {
		const run = await runNode(server, [ALERT], parameters, CONTINUE);
		expect(errorsOf(run)).toEqual([expect.stringContaining(message)]);
		expect(links(run.sent)).toEqual([{ item: 0 }]);
		expect(run.mails).toEqual([]);
	});

	it('empty To and no Default Recipients: refused as "no recipient"', async () => {
		const run = await runNode(server, [ALERT], { toEmail: ' , ; ' }, { ...CONTINUE, credential: server.credential({ toEmail: '' }) });
		expect(errorsOf(run)).toEqual([
			expect.stringMatching(/^To Email: no recipient: it is empty and the credential has no Default Recipients/),
		]);
		expect(run.mails).toEqual([]);
	});

	it('an invalid Default Recipients entry in the credential: refused, naming the credential field', async () => {
		const run = await runNode(
			server,
			[ALERT],
			{ toEmail: '' },
			{ ...CONTINUE, credential: server.credential({ toEmail: 'ops@example.com; oncall' }) },
		);
		expect(errorsOf(run)).toEqual([
			`Default Recipients (credential): "oncall" is not an email address. The valid address (ops@example.com) did not get it either. ${FORMAT} Or set Options › Invalid Recipients to "Send to the Valid Ones".`,
		]);
		expect(run.mails).toEqual([]);
	});

	it('a To Email expression that gives an object: refused as "must be text"', async () => {
		const run = await runNode(server, [{ ...ALERT, to: { address: 'ops@example.com' } }], { toEmail: '={{ $json.to }}' }, CONTINUE);
		expect(errorsOf(run)).toEqual([
			expect.stringMatching(/^To Email: must be text \(comma-separated email addresses\) or a list of texts, not an object\.$/),
		]);
	});

	it('a To Email expression that gives a list of addresses: sent to each', async () => {
		const run = await runNode(server, [{ ...ALERT, to: ['a@example.com', 'B <b@example.com>'] }], { toEmail: '={{ $json.to }}' });
		expect(run.mails.map((mail) => mail.envelope.to)).toEqual([['a@example.com', 'b@example.com']]);
	});
});

describe('mixed valid and invalid entries', () => {
	const mixed = 'ops@example.com, x@, "Doe, John" <john@example.com>, nobody';

	it('by default: the item is refused, and the error says which entries are bad and which were fine', async () => {
		const run = await runNode(server, [ALERT], { toEmail: mixed }, CONTINUE);
		expect(errorsOf(run)).toEqual([
			`To Email: "x@" is not an email address; "nobody" is not an email address. The valid addresses (ops@example.com, john@example.com) did not get it either. ${FORMAT} Or set Options › Invalid Recipients to "Send to the Valid Ones".`,
		]);
		expect(run.mails).toEqual([]);
	});

	it('without continue: the node stops before sending anything, naming the field and the item', async () => {
		const run = await runNode(server, [{ ...ALERT, title: 'ok' }, ALERT], {
			toEmail: `={{ $json.title === "ok" ? "ops@example.com" : ${JSON.stringify(mixed)} }}`,
		});
		expect(run.mails).toEqual([]);
		expect(run.error?.message).toMatch(/^To Email: "x@" is not an email address; "nobody"/);
		expect(run.error?.description).toBe('Fix To Email for item 1. Nothing was sent for this item.');
	});

	it('with "Send to the Valid Ones": sent to the valid ones, the dropped ones listed on the Sent item', async () => {
		const run = await runNode(server, [ALERT], {
			toEmail: mixed,
			options: { invalidRecipients: 'sendToValid', cc: 'team@example.com, cc-bad' },
		});
		expect(run.mails).toHaveLength(1);
		expect(run.mails[0].envelope.to).toEqual(['ops@example.com', 'john@example.com', 'team@example.com']);
		expect(run.mails[0].parsed.to).toMatchObject({
			value: [{ address: 'ops@example.com' }, { address: 'john@example.com', name: 'Doe, John' }],
		});
		expect(run.sent[0].json).toMatchObject({
			status: 'sent',
			accepted: ['ops@example.com', 'john@example.com', 'team@example.com'],
			droppedRecipients: [
				{ field: 'To Email', entry: 'x@', reason: 'is not an email address' },
				{ field: 'To Email', entry: 'nobody', reason: 'is not an email address' },
				{ field: 'Options › CC', entry: 'cc-bad', reason: 'is not an email address' },
			],
		});
	});

	it('with "Send to the Valid Ones" and no valid To left: refused', async () => {
		const run = await runNode(server, [ALERT], { toEmail: 'x@, y', options: { invalidRecipients: 'sendToValid' } }, CONTINUE);
		expect(errorsOf(run)).toEqual([
			'To Email: no valid address left: "x@" is not an email address; "y" is not an email address. Enter at least one valid address.',
		]);
		expect(run.mails).toEqual([]);
	});
});

describe('duplicates are removed case-insensitively: each address gets the email once', () => {
	it('within To, and across To, CC and BCC', async () => {
		const run = await runNode(server, [ALERT], {
			toEmail: 'ops@example.com, OPS@Example.com, oncall@example.com',
			options: { cc: 'Ops@example.com, team@example.com, TEAM@example.com', bcc: 'oncall@EXAMPLE.com, audit@example.com' },
		});
		const [mail] = run.mails;
		expect(mail.envelope.to).toEqual(['ops@example.com', 'oncall@example.com', 'team@example.com', 'audit@example.com']);
		expect(mailboxesOf(mail.parsed.to).map(([, address]) => address)).toEqual(['ops@example.com', 'oncall@example.com']);
		expect(mailboxesOf(mail.parsed.cc).map(([, address]) => address)).toEqual(['team@example.com']);
		expect(run.sent[0].json.accepted).toEqual(['ops@example.com', 'oncall@example.com', 'team@example.com', 'audit@example.com']);
	});
});

describe('display names with quotes and commas', () => {
	it('in To: each name arrives whole and exact', async () => {
		const run = await runNode(server, [ALERT], {
			toEmail: '"Doe, John" <john@example.com>, "Say \\"hi\\", ok" <hi@example.com>, 值班，夜班 <duty@example.com>'.replace(
				'值班，夜班',
				'"值班，夜班"',
			),
		});
		expect(run.mails[0].parsed.to).toMatchObject({
			value: [
				{ address: 'john@example.com', name: 'Doe, John' },
				{ address: 'hi@example.com', name: 'Say "hi", ok' },
				{ address: 'duty@example.com', name: '值班，夜班' },
			],
		});
	});

	it('an unquoted name with a comma: refused, and the message says to quote it', async () => {
		const run = await runNode(server, [ALERT], { toEmail: 'Doe, John <john@example.com>' }, CONTINUE);
		expect(errorsOf(run)).toEqual([
			expect.stringMatching(
				/^To Email: "Doe" is not an email address\. The valid address \(john@example\.com\).*a name with a comma goes in double quotes/,
			),
		]);
	});

	it('credential From Name with quotes, commas, a line break and a bidi override: one safe name', async () => {
		const credential = server.credential({ fromName: 'Ops "Night", Team\r\nBcc: evil@attacker.example \u202Eexe' });
		const run = await runNode(server, [ALERT], {}, { credential });
		const [mail] = run.mails;
		expect(mail.parsed.from).toMatchObject({
			value: [{ address: 'alerts@example.com', name: 'Ops "Night", Team Bcc: evil@attacker.example exe' }],
		});
		expect(mail.envelope.to).toEqual(['ops@example.com']);
		expect(rawHeaderBlock(mail)).not.toMatch(/^bcc:/im);
	});
});

describe('the credential sender', () => {
	it.each([
		['From Email that is not an address', { fromEmail: 'alerts' }, 'fromEmail: From Email "alerts" is not an email address.'],
		[
			'From Email with a line break',
			{ fromEmail: 'alerts@example.com\r\nBcc: evil@attacker.example' },
			'fromEmail: From Email "alerts@example.com␤␤Bcc: evil@attacker.example" is not an email address.',
		],
		['two From addresses', { fromEmail: 'a@example.com, b@example.com' }, 'fromEmail: From Email holds 2 addresses.'],
		[
			'no From Email and a User that is not an address',
			{ fromEmail: '', user: 'apikey' },
			'fromEmail: From Email is empty, so the sender is User "apikey", which is not an email address.',
		],
	])('%s: every input is an error item, nothing is sent (or the node stops)', async (_case, fields, message) => {
		const credential = server.credential(fields);
		const connections = server.connections;
		const run = await runNode(server, [ALERT, ALERT], {}, { ...CONTINUE, credential });
		expect(errorsOf(run)).toEqual([expect.stringContaining(message), expect.stringContaining(message)]);
		expect(links(run.sent)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(server.connections).toBe(connections);

		const stopped = await runNode(server, [ALERT], {}, { credential });
		expect(stopped.error?.message).toContain(message);
		expect(stopped.error?.description).toBe('Fix this field in the SMTP Alert credential. Nothing was sent.');
	});

	it('From Email as "Name <address>" gives the name when From Name is empty', async () => {
		const run = await runNode(
			server,
			[ALERT],
			{},
			{ credential: server.credential({ fromEmail: '"Alerts, Prod" <alerts@example.com>', fromName: '' }) },
		);
		expect(run.mails[0].parsed.from).toMatchObject({ value: [{ address: 'alerts@example.com', name: 'Alerts, Prod' }] });
	});

	it('the credential test names bad Default Recipients and a bad sender', async () => {
		const badTo = await testCredential(server.credential({ sendTestEmail: true, toEmail: 'ops@example.com, oops' }));
		expect(badTo.status).toBe('Error');
		expect(badTo.message).toMatch(/Send Test Email is on, but Default Recipients: "oops" is not an email address/);
		const badFrom = await testCredential(server.credential({ fromEmail: 'not-an-address' }));
		expect(badFrom).toEqual({ status: 'Error', message: expect.stringMatching(/^From Email "not-an-address" is not an email address/) });
	});

	it('the credential test sends its test email once per address, with quoted names intact', async () => {
		const before = server.messages.length;
		const result = await testCredential(
			server.credential({ sendTestEmail: true, toEmail: '"Ops, Night" <ops@example.com>; OPS@example.com' }),
		);
		expect(result).toEqual({ status: 'OK', message: expect.stringContaining('Test email sent to ops@example.com') });
		const [mail] = server.messages.slice(before);
		expect(mail.envelope.to).toEqual(['ops@example.com']);
		expect(mail.parsed.to).toMatchObject({ value: [{ address: 'ops@example.com', name: 'Ops, Night' }] });
	});
});

describe('a server that only sends from the logged-in mailbox refuses another From Email at MAIL FROM', () => {
	let strict: TestSmtpServer;
	let reply = { code: 501, message: 'mail from address must be same as authorization user' };
	beforeAll(async () => {
		strict = await startSmtpServer({
			security: 'none',
			serverOptions: {
				onMailFrom(address, session, callback) {
					if (address.address === session.user) return callback();
					callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
				},
			},
		});
	});
	afterAll(() => strict.close());

	it.each([
		['QQ', 501, 'mail from address must be same as authorization user'],
		['163', 553, 'Mail from must equal authorized user'],
		['163, older', 553, 'Local user only'],
	])('%s (%d %s): the sender is named with a From Email hint, and the batch stops', async (_provider, code, message) => {
		reply = { code, message };
		const run = await runNode(
			strict,
			[ALERT, { ...ALERT, source: 'db-2' }],
			{},
			{ ...CONTINUE, credential: strict.credential({ fromEmail: 'noreply@example.com' }) },
		);

		expect(run.mails).toEqual([]);
		expect(run.sent.map((item) => [errorIn(item).kind, errorIn(item).attempted])).toEqual([
			['senderRejected', true],
			['senderRejected', false],
		]);
		expect(errorIn(run.sent[0]).message).toBe(`The server refused the sender address (127.0.0.1:${strict.port}): ${code} ${message}.`);
		expect(errorIn(run.sent[0]).hint).toMatch(/From Email/);
	});

	it('the logged-in mailbox as sender goes through', async () => {
		const run = await runNode(strict, [ALERT], {}, { credential: strict.credential({ fromEmail: '' }) });
		expect(run.mails.map((mail) => mail.envelope.from)).toEqual([strict.credential().user]);
	});
});

it('sentOf and errorsOf together account for every input of a mixed batch', async () => {
	const items = [ALERT, { ...ALERT, to: 'bad' }, { ...ALERT, to: 'a@example.com, A@example.com' }, {}];
	const run = await runNode(server, items, { toEmail: '={{ $json.to ?? "ops@example.com" }}' }, CONTINUE);
	const linked = [...sentOf(run), ...run.sent.filter((item) => item.json.error), ...run.skipped].map(
		(item) => (item.pairedItem as { item: number }).item,
	);
	expect(linked.sort()).toEqual([0, 1, 2, 3]);
});
