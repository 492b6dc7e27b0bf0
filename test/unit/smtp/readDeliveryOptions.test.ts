import { ConfigurationError } from '../../../nodes/AlertEmail/shared/configurationError';
import { deliveryOptions } from '../../../nodes/AlertEmail/description/deliveryOptions';
import { DEFAULT_RETRY } from '../../../nodes/AlertEmail/smtp/retryPolicy';
import { DEFAULT_TUNING } from '../../../nodes/AlertEmail/smtp/transport';
import { RATE_WINDOW_MS, readDeliveryOptions } from '../../../nodes/AlertEmail/smtp/readDeliveryOptions';

describe('delivery options', () => {
	it('defaults to 2 connections, 10 s to connect and greet, 30 s socket, 3 retries from 1 s, no rate limit, 30 s keep-alive', () => {
		const tuning = readDeliveryOptions({});
		expect(tuning).toEqual({
			keepAliveMs: 30_000,
			maxConnections: 2,
			connectionTimeoutMs: 10_000,
			greetingTimeoutMs: 10_000,
			socketTimeoutMs: 30_000,
			retry: { maxRetries: 3, firstDelayMs: 1000, maxDelayMs: 30_000 },
		});
		expect(tuning).toMatchObject(DEFAULT_TUNING);
		expect(tuning.retry).toEqual(DEFAULT_RETRY);
	});

	it('maps every option', () => {
		expect(
			readDeliveryOptions({
				maxConnections: 4,
				connectionTimeout: 0.5,
				socketTimeout: 2,
				maxRetries: 0,
				retryDelay: 20,
				rateLimit: 30,
				keepAlive: 0,
			}),
		).toEqual({
			keepAliveMs: 0,
			maxConnections: 4,
			connectionTimeoutMs: 500,
			greetingTimeoutMs: 500,
			socketTimeoutMs: 2000,
			retry: { maxRetries: 0, firstDelayMs: 20, maxDelayMs: 30_000 },
			rateLimit: { mails: 30, windowMs: RATE_WINDOW_MS },
		});
		expect(RATE_WINDOW_MS).toBe(60_000);
	});

	it('offers in the node panel the ranges it accepts', () => {
		const firstDelay = deliveryOptions.find((option) => option.name === 'retryDelay');
		expect(firstDelay?.typeOptions).toEqual({ minValue: 0, maxValue: DEFAULT_RETRY.maxDelayMs });
		expect(readDeliveryOptions({ retryDelay: DEFAULT_RETRY.maxDelayMs }).retry.firstDelayMs).toBe(30_000);
	});

	it.each([
		[{ maxConnections: 0 }, 'maxConnections', /Connections must be a whole number from 1 to 10/],
		[{ maxConnections: 2.5 }, 'maxConnections', /whole number/],
		[{ maxRetries: -1 }, 'maxRetries', /Retries/],
		[{ rateLimit: Number.NaN }, 'rateLimit', /Rate Limit/],
		[{ socketTimeout: 0 }, 'socketTimeout', /Socket Timeout/],
		[{ keepAlive: -1 }, 'keepAlive', /Keep Alive must be a number from 0 to 3600/],
		// Waits are capped at 30 s: a longer first delay would not be what it says.
		[{ retryDelay: 45_000 }, 'retryDelay', /First Retry Delay must be a number from 0 to 30000, not "45000"/],
	])('names the option when %j is out of range', (options, field, message) => {
		let thrown: unknown;
		try {
			readDeliveryOptions(options);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(ConfigurationError);
		expect((thrown as ConfigurationError).field).toBe(field);
		expect((thrown as Error).message).toMatch(message);
	});
});
