import { DEFAULT_TUNING } from './transport';
import type { TransportTuning } from './transport';

/** The delivery entries of the node's `options` collection (see description/deliveryOptions.ts). */
export interface DeliveryOptions {
	maxConnections?: number;
	connectionTimeout?: number;
	socketTimeout?: number;
}

const seconds = (value: number | undefined, fallbackMs: number) => (value && value > 0 ? value * 1000 : fallbackMs);

export function tuningFromOptions(options: DeliveryOptions): TransportTuning {
	return {
		...DEFAULT_TUNING,
		maxConnections: options.maxConnections ?? DEFAULT_TUNING.maxConnections,
		connectionTimeoutMs: seconds(options.connectionTimeout, DEFAULT_TUNING.connectionTimeoutMs),
		greetingTimeoutMs: seconds(options.connectionTimeout, DEFAULT_TUNING.greetingTimeoutMs),
		socketTimeoutMs: seconds(options.socketTimeout, DEFAULT_TUNING.socketTimeoutMs),
	};
}
