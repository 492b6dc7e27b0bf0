/**
 * Property: for any mix of items (alerts of any severity, repeats, empty items, good, bad, duplicate
 * and refused recipients), filters, sending interval, grouping, invalid-recipient choice, error
 * output, and server faults (a refused message, a temporary 451, a provider quota, a connection cut
 * mid-DATA, a 421 greeting, a refused login), every input ends in exactly one place: Sent (counted
 * in that item's alertCount), Skipped, or an error item. So sent + skipped + errors = inputs, as
 * docs/outputs.md ("Accounting") states for inputs that carry one alert or none. And no email is accepted twice.
 */
import fc from 'fast-check';
import type { INodeExecutionData } from 'n8n-workflow';

import { runAlertWorkflow } from '../helpers/engine';
import { startFaultServer } from '../helpers/faultServer';
import type { FaultScript, FaultSmtpServer } from '../helpers/faultServer';
import { processMemory } from '../helpers/nodeRun';
import { startSmtpServer } from '../helpers/smtpServer';
import type { TestSmtpServer } from '../helpers/smtpServer';

const RECIPIENTS = {
	ok: 'ops@example.com',
	duplicates: 'team@example.com, TEAM@example.com, ops@example.com',
	invalid: 'x@',
	mixed: 'ops@example.com, x@',
	bounce: 'bounce@example.com',
	partial: 'ops@example.com, bounce@example.com',
} as const;

type Fault = 'none' | 'rejectMessage' | 'temporary' | 'quota' | 'dropMidData' | 'greeting421' | 'login';

const alertItem = fc.record({
	event: fc.constantFrom('disk.full', 'cpu.hot', 'job.heartbeat'),
	severity: fc.constantFrom('info', 'warning', 'error', 'critical', 'P1', 'bogus'),
	source: fc.constantFrom('db-1', 'db-2'),
	status: fc.constantFrom('firing', 'firing', 'resolved'),
	to: fc.constantFrom(...(Object.keys(RECIPIENTS) as Array<keyof typeof RECIPIENTS>)),
});
const items = fc.array(fc.oneof({ weight: 6, arbitrary: alertItem }, { weight: 1, arbitrary: fc.constant({}) }), {
	minLength: 1,
	maxLength: 8,
});
const settings = fc.record({
	minSeverity: fc.constantFrom('info', 'warning', 'error'),
	excludeEvents: fc.constantFrom('', '*.heartbeat'),
	sendInterval: fc.constantFrom(0, 0, 5),
	grouping: fc.constantFrom('perAlert', 'perAlert', 'digest'),
	onError: fc.constantFrom('continueRegularOutput' as const, 'continueErrorOutput' as const),
	invalidRecipients: fc.constantFrom('refuse', 'sendToValid'),
});
const fault = fc.record({
	kind: fc.constantFrom<Fault>('none', 'rejectMessage', 'temporary', 'quota', 'dropMidData', 'greeting421', 'login'),
	at: fc.nat(3),
});

const FAST = { connectionTimeout: 0.5, socketTimeout: 0.5, retryDelay: 5, maxRetries: 1, maxConnections: 2 };
const bounce = (address: string) => (address.toLowerCase() === 'bounce@example.com' ? '550 5.1.1 user unknown' : undefined);

function faultScript(kind: Fault, at: number): FaultScript {
	switch (kind) {
		case 'temporary':
			return { recipient: bounce, data: (message) => (message === at ? { reply: '451 4.3.0 try again' } : 'accept') };
		case 'quota':
			return { recipient: bounce, data: (message) => (message === at ? { reply: '550 Sender frequency limited' } : 'accept') };
		case 'dropMidData':
			return { recipient: bounce, data: (message) => (message === at ? 'dropMidData' : 'accept') };
		case 'greeting421':
			return { recipient: bounce, greeting: (connection) => (connection === 0 ? { reply: '421 4.3.2 busy' } : 'greet') };
		case 'login':
			return { recipient: bounce, login: () => '535 Error: authentication failed' };
		default:
			return { recipient: bounce };
	}
}

type Category = 'sent' | 'skipped' | 'error';

function linksOf(item: INodeExecutionData): number[] {
	const links = Array.isArray(item.pairedItem) ? item.pairedItem : [item.pairedItem];
	return links.map((link) => (typeof link === 'number' ? link : (link as { item: number }).item));
}

describe('property: every input ends in exactly one of sent, skipped or error', () => {
	let smtp: TestSmtpServer;
	beforeAll(async () => {
		smtp = await startSmtpServer({ security: 'none' });
		smtp.rejectedRecipients.set('bounce@example.com', { code: 550, message: 'Mailbox unavailable' });
	});
	afterAll(() => smtp.close());

	it('for arbitrary mixes of items, filters and faults', async () => {
		let run = 0;
		await fc.assert(
			fc.asyncProperty(items, settings, fault, async (inputs, chosen, { kind, at }) => {
				run++;
				processMemory().forgetMemoryTables();
				let faultServer: FaultSmtpServer | undefined;
				if (kind !== 'none' && kind !== 'rejectMessage') faultServer = await startFaultServer({ script: faultScript(kind, at) });
				smtp.rejectMessage =
					kind === 'rejectMessage'
						? (_mail, index) => (index % 4 === at ? { code: 554, message: 'DT:SPM judged as spam' } : undefined)
						: undefined;
				const acceptedBefore = faultServer ? 0 : smtp.messages.length;
				try {
					const result = await runAlertWorkflow({
						parameters: {
							toEmail: '={{ $json.to }}',
							subjectPrefix: `[run ${run}]`,
							minSeverity: chosen.minSeverity,
							excludeEvents: chosen.excludeEvents,
							sendInterval: chosen.sendInterval,
							grouping: chosen.grouping,
							options: { ...FAST, invalidRecipients: chosen.invalidRecipients },
						},
						credential: (faultServer ?? smtp).credential(),
						items: inputs.map((input) => ('to' in input ? { ...input, title: `alert ${input.event}`, to: RECIPIENTS[input.to] } : input)),
						onError: chosen.onError,
						workflowId: `accounting-${run}`,
					});
					expect(result.error).toBeUndefined();

					const outputs: Array<[Category, INodeExecutionData]> = [
						...result.sent.map((item): [Category, INodeExecutionData] => [item.json.error === undefined ? 'sent' : 'error', item]),
						...result.errors.map((item): [Category, INodeExecutionData] => ['error', item]),
						...result.skipped.map((item): [Category, INodeExecutionData] => ['skipped', item]),
					];
					const seen = inputs.map(() => [] as Category[]);
					for (const [category, item] of outputs) for (const index of linksOf(item)) seen[index].push(category);
					expect(seen.map((categories, index) => ({ index, categories: categories.length }))).toEqual(
						inputs.map((_input, index) => ({ index, categories: 1 })),
					);

					const sentItems = outputs.filter(([category]) => category === 'sent').map(([, item]) => item);
					for (const item of sentItems) expect(item.json.alertCount).toBe(linksOf(item).length);
					const count = (category: Category) => outputs.filter(([which]) => which === category).length;
					const sentAlerts = sentItems.reduce((sum, item) => sum + Number(item.json.alertCount), 0);
					expect(sentAlerts + count('skipped') + count('error')).toBe(inputs.length);

					// One accepted email per Sent item: nothing lost between server and output, nothing sent twice.
					const accepted = faultServer ? faultServer.accepted.length : smtp.messages.length - acceptedBefore;
					expect(accepted).toBe(sentItems.length);
				} finally {
					smtp.rejectMessage = undefined;
					await faultServer?.close();
				}
			}),
			{ numRuns: 40 },
		);
	}, 60_000);
});
