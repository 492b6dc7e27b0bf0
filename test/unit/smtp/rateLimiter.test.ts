import fc from 'fast-check';

import { RateLimiter } from '../../../nodes/AlertEmail/smtp/rateLimiter';
import { FakeClock } from './fakeClock';

describe('rate limiter', () => {
	it('lets a burst through at once, then waits for the window to slide', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter({ mails: 3, windowMs: 1000 }, clock);
		const starts: number[] = [];
		for (let i = 0; i < 7; i++) {
			await limiter.acquire();
			starts.push(clock.now());
		}
		expect(starts).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
	});

	it('serves callers that ask at the same time in order, without exceeding the limit', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter({ mails: 2, windowMs: 500 }, clock);
		const starts: number[] = [];
		await Promise.all(Array.from({ length: 5 }, () => limiter.acquire().then(() => starts.push(clock.now()))));
		expect(starts).toEqual([0, 0, 500, 500, 1000]);
	});

	it('does not wait without a limit', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter(undefined, clock);
		await Promise.all(Array.from({ length: 100 }, () => limiter.acquire()));
		expect(clock.sleeps).toEqual([]);
	});

	it('never starts more than the limit in any window, whatever the arrival times', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: 5 }),
				fc.integer({ min: 10, max: 1000 }),
				fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 30 }),
				async (mails, windowMs, gaps) => {
					const clock = new FakeClock();
					const limiter = new RateLimiter({ mails, windowMs }, clock);
					const starts: number[] = [];
					for (const gap of gaps) {
						clock.time += gap;
						await limiter.acquire();
						starts.push(clock.now());
					}
					for (const start of starts) {
						const inWindow = starts.filter((other) => other >= start && other < start + windowMs);
						expect(inWindow.length).toBeLessThanOrEqual(mails);
					}
				},
			),
		);
	});
});
