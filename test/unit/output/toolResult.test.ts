import { toolResult } from '../../../nodes/AlertEmail/output/toolResult';

describe('the answer an AI agent gets from a tool call', () => {
	it('says in one line per alert what was sent, skipped or failed, and counts them', () => {
		const [[item], skippedOutput] = toolResult([
			[
				{
					json: {
						status: 'sent',
						subject: '[Prod] [CRITICAL] Disk full',
						accepted: ['ops@example.com'],
						messageId: '<1@x>',
						alert: { title: 'Disk full' },
					},
				},
				{ json: { error: { message: 'Login failed (smtp.qq.com:465): 535 Login fail.', hint: 'Check the authorization code.' } } },
			],
			[{ json: { status: 'skipped', reason: 'throttled', detail: 'An email for "disk.full|db-1" went out at 2026-12-03T04:00:00.000Z.' } }],
		]);
		expect(skippedOutput).toEqual([]);
		expect(item.json).toEqual({
			result: [
				'Sent "[Prod] [CRITICAL] Disk full" to ops@example.com.',
				'Not sent: Login failed (smtp.qq.com:465): 535 Login fail. (Check the authorization code.)',
				'Not sent (throttled): An email for "disk.full|db-1" went out at 2026-12-03T04:00:00.000Z.',
			].join('\n'),
			sent: 1,
			notSent: 2,
		});
	});

	it('a dry run and an empty input say so', () => {
		expect(toolResult([[{ json: { status: 'preview', subject: 's', to: ['a@x.com'] } }], []])[0][0].json.result).toBe(
			'Dry run, not sent: "s" to a@x.com',
		);
		expect(toolResult([[], []])[0][0].json).toEqual({ result: 'Nothing to send: the input held no alert.', sent: 0, notSent: 0 });
	});
});
