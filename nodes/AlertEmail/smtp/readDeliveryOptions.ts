/**
 * The node's delivery options → what the transport and the delivery layer are told. Options come
 * from expressions too, so values outside the UI's range get an error that names the option.
 */
import { ConfigurationError } from '../shared/configurationError';
import { isBlank } from '../shared/json';
import type { RateLimit } from './rateLimiter';
import { DEFAULT_RETRY } from './retryPolicy';
import type { RetryPolicy } from './retryPolicy';
import { DEFAULT_TUNING } from './transport';
import type { TransportTuning } from './transport';

/** The delivery entries of the node's `options` collection (see description/deliveryOptions.ts). */
export interface DeliveryOptions {
	maxConnections?: number;
	connectionTimeout?: number;
	socketTimeout?: number;
	maxRetries?: number;
	retryDelay?: number;
	rateLimit?: number;
	keepAlive?: number;
}

/** How long a session stays open after its last execution, unless the Keep Alive option says otherwise. */
export const DEFAULT_KEEP_ALIVE_MS = 30_000;

export interface SendingTuning extends TransportTuning {
	/** How long the shared session stays open after its last execution; 0: close it then. */
	keepAliveMs: number;
	retry: RetryPolicy;
	/** Undefined: no limit. */
	rateLimit?: RateLimit;
}

/** The window the provider quotas are counted in; "per minute" is what the option says. */
export const RATE_WINDOW_MS = 60_000;

function numberOption(options: DeliveryOptions, name: keyof DeliveryOptions, label: string, min: number, max: number, whole: boolean) {
	const value = options[name];
	if (isBlank(value)) return undefined;
	const number = Number(value);
	if (!Number.isFinite(number) || number < min || number > max || (whole && !Number.isInteger(number))) {
		throw new ConfigurationError(
			name,
			`${label} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}, not "${String(value)}".`,
		);
	}
	return number;
}

export function readDeliveryOptions(options: DeliveryOptions): SendingTuning {
	const connections = numberOption(options, 'maxConnections', 'Connections', 1, 10, true);
	const connectSeconds = numberOption(options, 'connectionTimeout', 'Connect Timeout', 0.1, 300, false);
	const socketSeconds = numberOption(options, 'socketTimeout', 'Socket Timeout', 0.1, 600, false);
	const retries = numberOption(options, 'maxRetries', 'Retries', 0, 10, true);
	const retryDelay = numberOption(options, 'retryDelay', 'First Retry Delay', 0, DEFAULT_RETRY.maxDelayMs, false);
	const perMinute = numberOption(options, 'rateLimit', 'Rate Limit', 0, 1_000_000, true);
	const keepAliveSeconds = numberOption(options, 'keepAlive', 'Keep Alive', 0, 3600, false);
	return {
		keepAliveMs: keepAliveSeconds === undefined ? DEFAULT_KEEP_ALIVE_MS : keepAliveSeconds * 1000,
		maxConnections: connections ?? DEFAULT_TUNING.maxConnections,
		connectionTimeoutMs: connectSeconds ? connectSeconds * 1000 : DEFAULT_TUNING.connectionTimeoutMs,
		greetingTimeoutMs: connectSeconds ? connectSeconds * 1000 : DEFAULT_TUNING.greetingTimeoutMs,
		socketTimeoutMs: socketSeconds ? socketSeconds * 1000 : DEFAULT_TUNING.socketTimeoutMs,
		retry: {
			...DEFAULT_RETRY,
			maxRetries: retries ?? DEFAULT_RETRY.maxRetries,
			firstDelayMs: retryDelay ?? DEFAULT_RETRY.firstDelayMs,
		},
		...(perMinute ? { rateLimit: { mails: perMinute, windowMs: RATE_WINDOW_MS } } : {}),
	};
}
