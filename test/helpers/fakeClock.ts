/**
 * Fakes only Date: timers, ticks and sockets stay real, so real SMTP servers keep talking while a
 * test moves the wall clock (the breaker's minute, a Send Interval) with jest.setSystemTime.
 */
const REAL_TIMERS = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
] as const;

export function fakeDateOnly(now: number): void {
	jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now });
}
