/**
 * deliverAll's decisions with a scripted sender and a fake clock: what is retried, what stops the
 * batch, how many mails are in flight. The same paths run against real servers in
 * test/integration/deliveryFaults.test.ts.
 */
import { deliverAll } from '../../../nodes/AlertEmail/smtp/delivery';
import type { DeliveryOutcome, MailSender } from '../../../nodes/AlertEmail/smtp/delivery';
import type { OutgoingMail, SendReceipt } from '../../../nodes/AlertEmail/model';
import { FakeClock } from './fakeClock';

const mails: OutgoingMail[] = Array.from({ length: 6 }, (_v, n) => ({
	from: { name: 'n8n', address: 'alerts@example.com' },
	to: [{ name: '', address: 'ops@example.com' }],
	subject: `mail ${n}`,
	text: '',
	html: '',
}));

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.response ?? fields.message)), fields);
const LOST = () => smtpError({ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' });
const LOGIN = () => smtpError({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 Error: authentication failed' });
const QUOTA = () => smtpError({ code: 'EMESSAGE', responseCode: 550, command: 'DATA', response: '550 Sender frequency limited' });
const REJECTED = () => smtpError({ code: 'EMESSAGE', responseCode: 554, command: 'DATA', response: '554 DT:SPM' });

type Step = Error | Partial<SendReceipt> | undefined;

/** Answers each mail (by subject) with its scripted steps in turn; counts calls and concurrency. */
class ScriptedSender implements MailSender {
	calls: string[] = [];
	inFlight = 0;
	maxInFlight = 0;
	constructor(private readonly script: Record<string, Step[]> = {}) {}
	async send(mail: OutgoingMail): Promise<SendReceipt> {
		this.calls.push(mail.subject);
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		await new Promise((resolve) => setImmediate(resolve));
		this.inFlight--;
		const step = this.script[mail.subject]?.shift();
		if (step instanceof Error) throw step;
		return {
			messageId: `<${mail.subject}>`,
			accepted: mail.to.map((mailbox) => mailbox.address),
			rejected: [],
			response: '250 OK',
			...step,
		};
	}
}

const policy = (clock: FakeClock, overrides = {}) => ({
	concurrency: 2,
	context: { host: 'smtp.example.com', port: 465 },
	retry: { maxRetries: 3, firstDelayMs: 100, maxDelayMs: 1000 },
	clock,
	...overrides,
});
const statuses = (outcomes: DeliveryOutcome[]) => outcomes.map((outcome) => outcome.status);

describe('deliverAll', () => {
	it('sends every mail once, at most as many at a time as the pool has connections', async () => {
		const sender = new ScriptedSender();
		const outcomes = await deliverAll(sender, mails, policy(new FakeClock(), { concurrency: 3 }));
		expect(statuses(outcomes)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'sent']);
		expect([...sender.calls].sort()).toEqual(mails.map((mail) => mail.subject));
		expect(sender.maxInFlight).toBe(3);
	});

	it('sends the first mail alone, so a bad login is tried once and nothing else is attempted', async () => {
		const sender = new ScriptedSender({ 'mail 0': [LOGIN()] });
		const outcomes = await deliverAll(sender, mails, policy(new FakeClock()));
		expect(sender.calls).toEqual(['mail 0']);
		expect(outcomes[0]).toMatchObject({ status: 'failed', attempted: true, attempts: 1, failure: { kind: 'auth' } });
		for (const outcome of outcomes.slice(1)) {
			expect(outcome).toMatchObject({ status: 'failed', attempted: false, attempts: 0, failure: { kind: 'auth' } });
		}
	});

	it('retries a lost connection with growing delays and reports the attempts', async () => {
		const clock = new FakeClock(0);
		const sender = new ScriptedSender({ 'mail 0': [LOST(), LOST()] });
		const outcomes = await deliverAll(sender, mails.slice(0, 1), policy(clock));
		expect(outcomes[0]).toMatchObject({ status: 'sent', attempts: 3 });
		expect(outcomes[0].status === 'sent' && outcomes[0].earlierFailures).toHaveLength(2);
		expect(clock.sleeps).toEqual([50, 100]);
		expect(sender.calls).toEqual(['mail 0', 'mail 0', 'mail 0']);
	});

	it('gives up after the retries and stops the batch when the server keeps dropping the connection', async () => {
		const sender = new ScriptedSender({ 'mail 0': [LOST(), LOST(), LOST(), LOST()] });
		const outcomes = await deliverAll(sender, mails, policy(new FakeClock()));
		expect(outcomes[0]).toMatchObject({ status: 'failed', attempted: true, attempts: 4, failure: { kind: 'connectionLost' } });
		expect(outcomes.slice(1).every((outcome) => outcome.status === 'failed' && !outcome.attempted)).toBe(true);
		expect(sender.calls).toHaveLength(4);
	});

	it('does not retry a permanent rejection, and goes on with the other mails', async () => {
		const sender = new ScriptedSender({ 'mail 2': [REJECTED()] });
		const outcomes = await deliverAll(sender, mails, policy(new FakeClock()));
		expect(statuses(outcomes)).toEqual(['sent', 'sent', 'failed', 'sent', 'sent', 'sent']);
		expect(sender.calls.filter((subject) => subject === 'mail 2')).toHaveLength(1);
	});

	it('with stopOnFirstFailure, stops at any final failure: nothing after it is attempted', async () => {
		const sender = new ScriptedSender({ 'mail 2': [REJECTED()] });
		const outcomes = await deliverAll(sender, mails, policy(new FakeClock(), { concurrency: 1, stopOnFirstFailure: true }));
		expect(statuses(outcomes)).toEqual(['sent', 'sent', 'failed', 'failed', 'failed', 'failed']);
		expect(outcomes[2]).toMatchObject({ attempted: true, failure: { kind: 'messageRejected' } });
		expect(outcomes.slice(3).every((outcome) => outcome.status === 'failed' && !outcome.attempted)).toBe(true);
		expect(sender.calls).toEqual(['mail 0', 'mail 1', 'mail 2']);
	});

	it('stops at a quota reply mid-batch and says when to try again', async () => {
		const clock = new FakeClock();
		clock.time = Date.parse('2030-01-01T08:00:00Z');
		const sender = new ScriptedSender({ 'mail 2': [QUOTA()] });
		const outcomes = await deliverAll(sender, mails, policy(clock, { concurrency: 1 }));
		expect(statuses(outcomes)).toEqual(['sent', 'sent', 'failed', 'failed', 'failed', 'failed']);
		expect(outcomes[2]).toMatchObject({ attempted: true, retryAt: '2030-01-01T09:00:00.000Z', failure: { kind: 'quota' } });
		expect(outcomes[5]).toMatchObject({ attempted: false, retryAt: '2030-01-01T09:00:00.000Z' });
		expect(sender.calls).toEqual(['mail 0', 'mail 1', 'mail 2']);
	});

	it('reports a mail some recipients refused as partial, not as sent or failed', async () => {
		const rejected = [{ address: 'gone@example.com', reply: '550 5.1.1 no such user', responseCode: 550 }];
		const sender = new ScriptedSender({ 'mail 0': [{ accepted: ['ops@example.com'], rejected }] });
		const [outcome] = await deliverAll(sender, mails.slice(0, 1), policy(new FakeClock()));
		expect(outcome).toMatchObject({ status: 'partial', receipt: { accepted: ['ops@example.com'], rejected } });
	});

	it('counts retries against the rate limit', async () => {
		const clock = new FakeClock(0);
		const sender = new ScriptedSender({ 'mail 0': [LOST()] });
		await deliverAll(sender, mails.slice(0, 2), policy(clock, { rateLimit: { mails: 2, windowMs: 10_000 }, concurrency: 1 }));
		// mail 0, its retry (after 50 ms), then mail 1 has to wait for the window: 10 s after the first start.
		expect(clock.sleeps).toEqual([50, 9950]);
	});
});
