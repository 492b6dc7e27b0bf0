import { NodeApiError } from 'n8n-workflow';
import type { IDataObject, INode } from 'n8n-workflow';

import { deliveryItems } from '../../../nodes/AlertEmail/output/deliveryItems';
import { settingErrorItems } from '../../../nodes/AlertEmail/output/settingErrorItems';
import type { DeliveryOutcome } from '../../../nodes/AlertEmail/smtp/delivery';
import type { MailJob } from '../../../nodes/AlertEmail/model';
import { describeSmtpFailure } from '../../../nodes/AlertEmail/smtp/errors';

const node: INode = {
	id: '1',
	name: 'Alert Email',
	type: 'n8n-nodes-alert-email.alertEmail',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const job = (subject: string, itemIndexes: number[]): MailJob => ({
	mail: { from: { name: '', address: 'a@example.com' }, to: [{ name: '', address: 'ops@example.com' }], subject, text: '', html: '' },
	itemIndexes,
	alertCount: itemIndexes.length,
});
/**
 * WorkflowExecute.handleNodeErrorOutput decides what leaves on the error output. n8n 1.x and 2.x
 * before 2.35.3: `item.error`, or a json of `{ error }` or `{ error, message }` only. From 2.35.3
 * (n8n-io/n8n#35939, #36228): also `details`. Retry On Fail and "continue" checks read `json.error`.
 */
const routedBefore2353 = (json: IDataObject) =>
	Boolean(json.error) && (Object.keys(json).length === 1 || (Boolean(json.message) && Object.keys(json).length === 2));
const routedSince2353 = (json: IDataObject) =>
	Boolean(json.error) && Object.keys(json).every((key) => ['error', 'message', 'details'].includes(key));
const retriedByN8n = (json: IDataObject) => json.error !== undefined && json.error !== null && json.error !== false;

const receipt = { messageId: '<1@x>', accepted: ['ops@example.com'], rejected: [], response: '250 OK' };
const quota = describeSmtpFailure(
	Object.assign(new Error('x'), { responseCode: 550, response: '550 Sender frequency limited', command: 'DATA' }),
);

describe('delivery items', () => {
	const jobs = [job('digest', [0, 1, 2]), job('single', [3]), job('later', [4])];
	const outcomes: DeliveryOutcome[] = [
		{ status: 'sent', receipt, attempts: 1, earlierFailures: [] },
		{ status: 'failed', failure: quota, attempted: true, attempts: 1, retryAt: '2030-01-01T09:00:00.000Z' },
		{ status: 'failed', failure: quota, attempted: false, attempts: 0, retryAt: '2030-01-01T09:00:00.000Z' },
	];

	it('links a digest to every input it covers, and gives each failed input its own error item', () => {
		const items = deliveryItems(node, jobs, outcomes, true);
		expect(items.map((item) => item.pairedItem)).toEqual([[{ item: 0 }, { item: 1 }, { item: 2 }], { item: 3 }, { item: 4 }]);
		expect(items[0].json).toEqual({
			status: 'sent',
			messageId: '<1@x>',
			accepted: ['ops@example.com'],
			rejected: [],
			response: '250 OK',
			subject: 'digest',
			alertCount: 3,
			attempts: 1,
		});
		expect(Object.keys(items[1].json)).toEqual(['error']);
		expect(items[1].json.error).toMatchObject({
			message:
				'The mail server refused more mail for now (the SMTP server): 550 Sender frequency limited. Try again after 2030-01-01T09:00:00.000Z.',
			kind: 'quota',
			attempted: true,
			retryAt: '2030-01-01T09:00:00.000Z',
			subject: 'single',
		});
		expect((items[2].json.error as IDataObject).message).toMatch(
			/^Not sent: an earlier email in this execution failed, so sending stopped\. The mail server refused/,
		);
	});

	it('gives error items a shape every n8n version routes to the error output', () => {
		const errorItems = [
			...deliveryItems(node, jobs, outcomes, true).slice(1),
			...settingErrorItems(node, [{ itemIndex: 5, field: 'To Email', message: '"x@" is not an email address.' }], true),
		];
		expect(errorItems).toHaveLength(3);
		for (const { json } of errorItems) {
			expect([routedBefore2353(json), routedSince2353(json), retriedByN8n(json)]).toEqual([true, true, true]);
			expect(json.error).toMatchObject({ message: expect.any(String), kind: expect.any(String), hint: expect.any(String) });
		}
	});

	it('lists the sent items before the error items, so the first item is never an error when a mail went out', () => {
		const items = deliveryItems(node, [job('first', [0]), job('second', [1])], [outcomes[1], outcomes[0]], true);
		expect(items.map((item) => [item.pairedItem, item.json.error === undefined])).toEqual([
			[{ item: 1 }, true],
			[{ item: 0 }, false],
		]);
	});

	it('stops the node on the first failed mail, naming its item and how many were sent', () => {
		let thrown: unknown;
		try {
			deliveryItems(node, jobs, outcomes, false);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(NodeApiError);
		const error = thrown as NodeApiError;
		expect(error.context.itemIndex).toBe(3);
		expect(error.message).toMatch(/550 Sender frequency limited/);
		expect(error.description).toMatch(/1 of 3 emails were sent before the node stopped/);
	});

	it('keeps its own message for network failures, which NodeApiError would replace with a generic one', () => {
		const timeout = describeSmtpFailure(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }), {
			host: 'smtp.qq.com',
			port: 465,
			security: 'ssl',
		});
		const reset = describeSmtpFailure(Object.assign(new Error('read ECONNRESET'), { code: 'ESOCKET' }), {
			host: 'smtp.qq.com',
			port: 465,
			security: 'ssl',
		});
		for (const failure of [timeout, reset]) {
			let thrown: NodeApiError | undefined;
			try {
				deliveryItems(node, [job('t', [0])], [{ status: 'failed', failure, attempted: true, attempts: 1 }], false);
			} catch (error) {
				thrown = error as NodeApiError;
			}
			expect(thrown?.message).toBe(`${failure.message.replace(/\.$/, '')}.`);
			expect(thrown?.message).not.toMatch(/Retry on Fail|closed unexpectedly, perhaps/);
		}
	});

	it('reports a partial mail as sent output with its status, never as an error', () => {
		const rejected = [{ address: 'gone@example.com', reply: '550 no such user', responseCode: 550 }];
		const items = deliveryItems(
			node,
			[job('p', [0])],
			[{ status: 'partial', receipt: { ...receipt, rejected }, attempts: 1, earlierFailures: [] }],
			false,
		);
		expect(items[0].json).toMatchObject({ status: 'partial', accepted: ['ops@example.com'], rejected });
	});
});
