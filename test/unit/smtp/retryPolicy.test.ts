import fc from 'fast-check';

import { describeSmtpFailure } from '../../../nodes/AlertEmail/smtp/errors';
import { DEFAULT_RETRY, retryDelayMs, shouldRetry } from '../../../nodes/AlertEmail/smtp/retryPolicy';

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'x')), fields);

describe('retry policy', () => {
	it('doubles the delay from the first one, with jitter between half and all of it', () => {
		const policy = { maxRetries: 5, firstDelayMs: 1000, maxDelayMs: 30_000 };
		expect([1, 2, 3, 4].map((retry) => retryDelayMs(retry, policy, () => 0))).toEqual([500, 1000, 2000, 4000]);
		expect([1, 2, 3, 4].map((retry) => retryDelayMs(retry, policy, () => 0.999999))).toEqual([1000, 2000, 4000, 8000]);
	});

	it('never waits longer than the cap, nor less than half of it once the cap is reached', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (retry, chance) => {
				const delay = retryDelayMs(retry, DEFAULT_RETRY, () => chance);
				expect(delay).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs);
				expect(delay).toBeGreaterThanOrEqual(Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.firstDelayMs * 2 ** (retry - 1)) / 2);
			}),
		);
	});

	it('retries a lost connection until the budget is spent, and never a login failure or a 5xx', () => {
		const lost = describeSmtpFailure(smtpError({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }));
		expect([0, 1, 2, 3].map((done) => shouldRetry(lost, done, DEFAULT_RETRY))).toEqual([true, true, true, false]);
		const login = describeSmtpFailure(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 Error: authentication failed' }));
		const rejected = describeSmtpFailure(smtpError({ code: 'EMESSAGE', responseCode: 554, response: '554 DT:SPM 163 smtp' }));
		expect(shouldRetry(login, 0, DEFAULT_RETRY)).toBe(false);
		expect(shouldRetry(rejected, 0, DEFAULT_RETRY)).toBe(false);
		expect(shouldRetry(lost, 0, { ...DEFAULT_RETRY, maxRetries: 0 })).toBe(false);
	});
});
