/** The one error copy the pool (waiters of a refused login) and the login breaker (paused sends) hand out. */
import { errorCopy } from '../../../nodes/AlertEmail/shared/errorCopy';
import { pausedLoginError } from '../../../nodes/AlertEmail/smtp/loginBreaker';

class SmtpFailure extends Error {
	readonly responseCode = 535;
}

describe('errorCopy', () => {
	it('keeps the class, fields, message and stack, adds the given fields, and leaves the original alone', () => {
		const marker = Symbol('marker');
		const original = Object.assign(new SmtpFailure('535 login fail'), { code: 'EAUTH' });
		const copy = errorCopy(original, { [marker]: true, retryAt: 5 });
		expect(copy).not.toBe(original);
		expect(copy).toBeInstanceOf(SmtpFailure);
		expect(copy).toMatchObject({ message: '535 login fail', code: 'EAUTH', responseCode: 535, retryAt: 5, [marker]: true });
		expect(copy.stack).toBe(original.stack);
		expect(original).not.toHaveProperty('retryAt');
		expect((original as unknown as Record<symbol, unknown>)[marker]).toBeUndefined();
	});

	it('gives anything that is not an Error back as it is', () => {
		expect(errorCopy('refused', { retryAt: 5 })).toBe('refused');
	});

	it('is what a paused send fails with: the refusal, with when the next login is tried', () => {
		const refusal = Object.assign(new Error('535 login fail'), { code: 'EAUTH' });
		const paused = pausedLoginError({ until: 1_000, error: refusal });
		expect(paused).toMatchObject({ message: '535 login fail', code: 'EAUTH', pausedUntil: 1_000 });
		expect(refusal).not.toHaveProperty('pausedUntil');
	});
});
