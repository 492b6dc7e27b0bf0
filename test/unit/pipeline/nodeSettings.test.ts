import { MAX_SEND_INTERVAL_MINUTES, sendIntervalMs } from '../../../nodes/AlertEmail/pipeline/nodeSettings';

describe('Send Interval', () => {
	it.each([
		[0, 0],
		['', 0],
		[undefined, 0],
		[10, 600_000],
		['2.5', 150_000],
		[MAX_SEND_INTERVAL_MINUTES, MAX_SEND_INTERVAL_MINUTES * 60_000],
	])('%j minutes → %j ms', (value, ms) => expect(sendIntervalMs(value)).toBe(ms));

	it.each([[-1], [-0.5], ['ten'], [NaN], [Infinity], [1e300], [MAX_SEND_INTERVAL_MINUTES + 1], [true], [{ minutes: 5 }]])(
		'refuses %j, naming the field and the range',
		(value) => {
			expect(() => sendIntervalMs(value)).toThrow(
				expect.objectContaining({
					field: 'Send Interval',
					message: expect.stringMatching(/is not a number of minutes from 0 to 525600 \(a year\)\. Use 0 to send every alert\.$/),
				}),
			);
		},
	);
});
