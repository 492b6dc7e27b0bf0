/**
 * Server faults through the real engine (runAlertWorkflow) against the scripted fault server:
 * for each, which mails arrived (exactly once: nothing is sent again after a 250), which items
 * came out as sent or error, and what the error says. Timeouts and backoff are short here.
 */
import dns from 'node:dns';

import { runAlertWorkflow } from '../helpers/engine';
import type { RunOutcome, RunOptions } from '../helpers/engine';
import { errorIn } from '../helpers/errorItems';
import { startFaultServer } from '../helpers/faultServer';
import type { FaultScript, FaultSecurity, FaultSmtpServer } from '../helpers/faultServer';
import { credentialFor, TEST_AUTH_CODE } from '../helpers/smtpServer';

const FAST = { connectionTimeout: 0.3, socketTimeout: 0.4, retryDelay: 10, maxRetries: 2, maxConnections: 1 };

const servers: FaultSmtpServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function faultServer(script: FaultScript, security: FaultSecurity = 'none'): Promise<FaultSmtpServer> {
	const server = await startFaultServer({ security, script });
	servers.push(server);
	return server;
}

const alerts = (count: number) => Array.from({ length: count }, (_v, n) => ({ title: `Alert ${n}`, severity: 'error' }));

function run(
	server: FaultSmtpServer,
	items: RunOptions['items'],
	extra: { options?: Record<string, unknown>; onError?: RunOptions['onError']; toEmail?: string } = {},
): Promise<RunOutcome> {
	return runAlertWorkflow({
		parameters: { toEmail: extra.toEmail ?? 'ops@example.com', subjectPrefix: '[Fault]', options: { ...FAST, ...extra.options } },
		credential: server.credential(),
		items,
		...(extra.onError ? { onError: extra.onError } : {}),
	});
}

/** The alert titles the server accepted (250), in order; fails on any mail delivered twice. */
function delivered(server: FaultSmtpServer): string[] {
	const titles = server.acceptedSubjects().map((subject) => /Alert \d+/.exec(subject)?.[0] ?? subject);
	expect(new Set(titles).size).toBe(titles.length);
	return titles;
}

function expectNoSecret(result: RunOutcome): void {
	const surfaced = JSON.stringify([result.sent, result.errors, result.error?.message, result.error?.description]);
	expect(surfaced).not.toContain(TEST_AUTH_CODE);
	expect(surfaced).not.toContain('"cert"');
}

const statusOf = (result: RunOutcome) => result.sent.map((item) => item.json.status);

describe('delivery faults through the engine', () => {
	it('server closes the connection mid-DATA: the mail is retried on a fresh connection and arrives once', async () => {
		const server = await faultServer({ data: (message) => (message === 1 ? 'dropMidData' : 'accept') });
		const result = await run(server, alerts(3));

		expect(result.error).toBeUndefined();
		expect(delivered(server)).toEqual(['Alert 0', 'Alert 1', 'Alert 2']);
		expect(statusOf(result)).toEqual(['sent', 'sent', 'sent']);
		expect(result.sent[1].json).toMatchObject({ attempts: 2, earlierFailures: [expect.stringMatching(/connection .* was lost/i)] });
		// The broken connection was replaced once, and each connection logged in once.
		expect(server.connections).toBe(2);
		expect(server.logins).toBe(2);
		expectNoSecret(result);
	});

	it('421 at the greeting: retried on a new connection, nothing lost', async () => {
		const server = await faultServer({
			greeting: (connection) => (connection === 0 ? { reply: '421 4.3.2 Service not available, try later' } : 'greet'),
		});
		const result = await run(server, alerts(3));

		expect(result.error).toBeUndefined();
		expect(delivered(server)).toEqual(['Alert 0', 'Alert 1', 'Alert 2']);
		expect(result.sent.map((item) => item.json.attempts)).toEqual([2, 1, 1]);
		expect(server.connections).toBe(2);
	});

	it('421 at every greeting: gives up after the retries and stops the batch', async () => {
		const server = await faultServer({ greeting: () => ({ reply: '421 4.3.2 Too busy' }) });
		const result = await run(server, alerts(3), { onError: 'continueRegularOutput' });

		expect(delivered(server)).toEqual([]);
		expect(server.connections).toBe(3); // one attempt and two retries, for the first mail only
		expect(result.sent.map((item) => [errorIn(item).attempted, errorIn(item).kind])).toEqual([
			[true, 'temporary'],
			[false, 'temporary'],
			[false, 'temporary'],
		]);
		expect(errorIn(result.sent[0]).message).toMatch(/421 4\.3\.2 Too busy \(after 3 attempts\)\.$/);
		expect(errorIn(result.sent[1]).message).toMatch(/^Not sent: an earlier email in this execution failed/);
		expect(result.sent.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('451 then success on retry: the same connection sends it again, once', async () => {
		const server = await faultServer({ data: (message) => (message === 0 ? { reply: '451 4.3.0 Temporary local problem' } : 'accept') });
		const result = await run(server, alerts(3));

		expect(result.error).toBeUndefined();
		expect(delivered(server)).toEqual(['Alert 0', 'Alert 1', 'Alert 2']);
		expect(server.received).toHaveLength(4);
		expect(result.sent[0].json).toMatchObject({ status: 'sent', attempts: 2 });
		expect(server.connections).toBe(1);
	});

	it('535: one login attempt for the whole batch, no retry, and the node error names the item', async () => {
		const server = await faultServer({ login: () => '535 Error: authentication failed' });
		const result = await run(server, alerts(4), { options: { maxConnections: 3 } });

		expect(server.failedLogins).toBe(1);
		expect(server.connections).toBe(1);
		expect(delivered(server)).toEqual([]);
		expect(result.sent).toEqual([]);
		expect(result.error?.message).toMatch(/Login failed .*535 Error: authentication failed/);
		expect(result.error?.context?.itemIndex).toBe(0);
		expectNoSecret(result);
	});

	it('535 with the error output: every item leaves on it, the first attempted, the rest not', async () => {
		const server = await faultServer({ login: () => '535 Error: authentication failed' });
		const result = await run(server, alerts(3), { onError: 'continueErrorOutput', options: { maxConnections: 3 } });

		expect(server.failedLogins).toBe(1);
		expect(result.error).toBeUndefined();
		expect(result.sent).toEqual([]);
		expect(result.errors.map((item) => [errorIn(item).kind, errorIn(item).attempted, item.json.title])).toEqual([
			['auth', true, 'Alert 0'],
			['auth', false, 'Alert 1'],
			['auth', false, 'Alert 2'],
		]);
		expectNoSecret(result);
	});

	it('550 on one recipient of three: a partial item with both lists and the reply for the refused one', async () => {
		const server = await faultServer({
			recipient: (address) => (address === 'gone@example.com' ? '550 5.1.1 <gone@example.com>: user unknown' : undefined),
		});
		const result = await run(server, alerts(1), { toEmail: 'a@example.com, gone@example.com, c@example.com' });

		expect(result.error).toBeUndefined();
		expect(server.accepted.map((message) => message.to)).toEqual([['a@example.com', 'c@example.com']]);
		expect(result.sent).toHaveLength(1);
		expect(result.sent[0].json).toMatchObject({
			status: 'partial',
			accepted: ['a@example.com', 'c@example.com'],
			rejected: [{ address: 'gone@example.com', reply: '550 5.1.1 <gone@example.com>: user unknown', responseCode: 550 }],
			attempts: 1,
		});
	});

	it("a refused recipient's GBK reply is decoded in the partial item", async () => {
		// "550 用户不存在" (no such user) in GBK, as older Chinese servers send it.
		const gbk = Buffer.concat([Buffer.from('550 '), Buffer.from([0xd3, 0xc3, 0xbb, 0xa7, 0xb2, 0xbb, 0xb4, 0xe6, 0xd4, 0xda])]);
		const server = await faultServer({ recipient: (address) => (address === 'gone@example.com' ? gbk : undefined) });
		const result = await run(server, alerts(1), { toEmail: 'a@example.com, gone@example.com' });

		expect(result.sent[0].json).toMatchObject({ status: 'partial', rejected: [{ address: 'gone@example.com', reply: '550 用户不存在' }] });
	});

	it('550 on every recipient: an error item, not retried', async () => {
		const server = await faultServer({ recipient: () => '550 5.1.1 user unknown' });
		const result = await run(server, alerts(2), { onError: 'continueRegularOutput' });

		expect(delivered(server)).toEqual([]);
		expect(server.dataCommands).toBe(0);
		expect(result.sent.map((item) => [errorIn(item).kind, errorIn(item).attempts])).toEqual([
			['recipientRejected', 1],
			['recipientRejected', 1],
		]);
	});

	it('greeting never arrives: the connect timeout is honoured, retried, then the batch stops without hanging', async () => {
		const server = await faultServer({ greeting: () => 'silent' });
		const started = Date.now();
		const result = await run(server, alerts(3), { onError: 'continueRegularOutput', options: { maxRetries: 1 } });
		const elapsed = Date.now() - started;

		// Two attempts of 0.3 s each: the option was used, not the 10 s default.
		expect(elapsed).toBeGreaterThanOrEqual(550);
		expect(elapsed).toBeLessThan(5000);
		expect(server.connections).toBe(2);
		expect(result.sent.map((item) => [errorIn(item).kind, errorIn(item).attempted])).toEqual([
			['timeout', true],
			['timeout', false],
			['timeout', false],
		]);
		expect(errorIn(result.sent[0]).message).toMatch(/never greeted/);
	});

	it('greeting missing once: the retry connects and everything is sent', async () => {
		const server = await faultServer({ greeting: (connection) => (connection === 0 ? 'silent' : 'greet') });
		const result = await run(server, alerts(2));

		expect(result.error).toBeUndefined();
		expect(delivered(server)).toEqual(['Alert 0', 'Alert 1']);
		expect(result.sent[0].json.attempts).toBe(2);
	});

	it('server stalls after DATA: the socket timeout ends the wait and the retry delivers', async () => {
		const server = await faultServer({ data: (message) => (message === 0 ? 'stall' : 'accept') });
		const result = await run(server, alerts(3));

		expect(result.error).toBeUndefined();
		expect(delivered(server)).toEqual(['Alert 0', 'Alert 1', 'Alert 2']);
		// The stalled copy reached the server but was never answered: the item says it was retried.
		expect(server.received.map((message) => /Alert \d+/.exec(message.subject)?.[0])).toEqual(['Alert 0', 'Alert 0', 'Alert 1', 'Alert 2']);
		expect(result.sent[0].json).toMatchObject({ attempts: 2, earlierFailures: [expect.stringMatching(/stopped answering/)] });
		expect(server.connections).toBe(2);
	});

	it('TLS handshake failure: not retried, every item is an error that says so', async () => {
		const server = await faultServer({}, 'handshakeFailure');
		const result = await run(server, alerts(2), { onError: 'continueErrorOutput' });

		expect(server.connections).toBe(1);
		expect(result.errors.map((item) => [errorIn(item).kind, errorIn(item).attempted])).toEqual([
			['tlsHandshake', true],
			['tlsHandshake', false],
		]);
		expect(errorIn(result.errors[0]).message).toMatch(/TLS handshake .* failed: sslv3 alert handshake failure/);
		expectNoSecret(result);
	});

	it('QQ quota reply mid-batch: sending stops, the rest are errors that say when to try again', async () => {
		const server = await faultServer({ data: (message) => (message === 2 ? { reply: '550 Sender frequency limited' } : 'accept') });
		const before = Date.now();
		const result = await run(server, alerts(5), { onError: 'continueErrorOutput' });

		expect(delivered(server)).toEqual(['Alert 0', 'Alert 1']);
		expect(server.dataCommands).toBe(3);
		expect(result.sent.map((item) => item.json.status)).toEqual(['sent', 'sent']);
		expect(result.errors.map((item) => [item.json.title, errorIn(item).kind, errorIn(item).attempted])).toEqual([
			['Alert 2', 'quota', true],
			['Alert 3', 'quota', false],
			['Alert 4', 'quota', false],
		]);
		for (const item of result.errors) {
			const retryAt = Date.parse(String(errorIn(item).retryAt));
			expect(retryAt - before).toBeGreaterThanOrEqual(60 * 60_000 - 1000);
			expect(retryAt - before).toBeLessThan(60 * 60_000 + 60_000);
			expect(errorIn(item).message).toMatch(/550 Sender frequency limited.*Try again after/);
		}
	});

	it('an option out of range stops the node with an error naming it, before anything is sent', async () => {
		const server = await faultServer({});
		const result = await run(server, alerts(1), { options: { maxConnections: 0 } });

		expect(result.error?.message).toMatch(/Connections must be a whole number from 1 to 10, not "0"/);
		expect(server.connections).toBe(0);
	});

	it('163 quota reply mid-batch without continuing: the node stops naming the item and the 15-minute wait', async () => {
		const server = await faultServer({ data: (message) => (message === 1 ? { reply: '451 MI:SFQ 163 smtp10, sender quota' } : 'accept') });
		const result = await run(server, alerts(3));

		expect(delivered(server)).toEqual(['Alert 0']);
		expect(server.dataCommands).toBe(2);
		const retryAt = /Try again after (\S+)\.$/.exec(result.error?.message ?? '')?.[1];
		expect(result.error?.message).toMatch(/451 MI:SFQ 163 smtp10, sender quota\. Try again after/);
		expect(Date.parse(String(retryAt)) - Date.now()).toBeGreaterThan(14 * 60_000);
		expect(Date.parse(String(retryAt)) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(result.error?.description).toMatch(/1 of 3 emails were sent/);
	});
});

describe('a host name that does not resolve', () => {
	const host = 'smtp.no-such-host.invalid';
	/** The resolver fails locally with `code`, as a DNS server would: no query leaves this machine. */
	function failLookups(code: string): jest.SpyInstance {
		const failure = (name: string) => Object.assign(new Error(`getaddrinfo ${code} ${name}`), { code, hostname: name });
		const fail = (name: string, callback: (error: Error) => void) => process.nextTick(callback, failure(name));
		jest.spyOn(dns.Resolver.prototype, 'resolve4').mockImplementation(fail as never);
		jest.spyOn(dns.Resolver.prototype, 'resolve6').mockImplementation(fail as never);
		return jest
			.spyOn(dns, 'lookup')
			.mockImplementation(((name: string, _options: unknown, callback: (error: Error) => void) => fail(name, callback)) as never);
	}
	afterEach(() => jest.restoreAllMocks());

	const runAgainst = (items: number) =>
		runAlertWorkflow({
			parameters: { toEmail: 'ops@example.com', options: FAST },
			credential: credentialFor({ host, port: 25, security: 'none' }),
			items: alerts(items),
			onError: 'continueRegularOutput',
		});

	it('ENOTFOUND (no such name) is not retried: one lookup, and the batch stops', async () => {
		const lookup = failLookups('ENOTFOUND');
		const result = await runAgainst(2);

		expect(lookup).toHaveBeenCalledTimes(1);
		expect(result.sent.map((item) => [errorIn(item).kind, errorIn(item).attempts, errorIn(item).attempted])).toEqual([
			['dns', 1, true],
			['dns', 0, false],
		]);
		expect(errorIn(result.sent[0]).message).toBe(`The host name ${host} could not be resolved (DNS).`);
	});

	it('EAI_AGAIN (the resolver failed for now) is retried', async () => {
		const lookup = failLookups('EAI_AGAIN');
		const result = await runAgainst(1);

		expect(lookup).toHaveBeenCalledTimes(3);
		expect(errorIn(result.sent[0])).toMatchObject({ kind: 'dns', attempts: 3 });
		expect(errorIn(result.sent[0]).message).toMatch(/could not be resolved for now \(DNS: EAI_AGAIN\)/);
	});
});
