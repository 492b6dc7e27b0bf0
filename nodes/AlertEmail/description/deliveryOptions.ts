import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_RETRY } from '../smtp/retryPolicy';

/** Entries of the `options` collection that tune SMTP delivery (defaults in docs/delivery.md). */
export const deliveryOptions: INodeProperties[] = [
	{
		displayName: 'Connections',
		name: 'maxConnections',
		type: 'number',
		default: 2,
		typeOptions: { minValue: 1, maxValue: 10 },
		description:
			'Parallel SMTP connections, shared by every execution that uses the same credential; each logs in once and sends many emails. Microsoft 365 allows at most 3.',
	},
	{
		displayName: 'Keep Alive (Seconds)',
		name: 'keepAlive',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 0, maxValue: 3600 },
		description:
			'How long the logged-in SMTP session stays open after an execution, so the next executions (an alert storm arrives as many) send without connecting and logging in again. 0 closes it when each execution ends.',
	},
	{
		displayName: 'Connect Timeout (Seconds)',
		name: 'connectionTimeout',
		type: 'number',
		default: 10,
		typeOptions: { minValue: 1, maxValue: 300 },
		description: 'How long to wait for the connection and the server greeting',
	},
	{
		displayName: 'Socket Timeout (Seconds)',
		name: 'socketTimeout',
		type: 'number',
		default: 30,
		typeOptions: { minValue: 1, maxValue: 600 },
		description: 'How long an open connection may stay silent while sending',
	},
	{
		displayName: 'Retries',
		name: 'maxRetries',
		type: 'number',
		default: 3,
		typeOptions: { minValue: 0, maxValue: 10 },
		description:
			'How often to try an email again after a dropped connection, a timeout or a temporary (4xx) reply. Never after a rejected login or a permanent (5xx) reply.',
	},
	{
		displayName: 'First Retry Delay (Ms)',
		name: 'retryDelay',
		type: 'number',
		default: 1000,
		// No wait is longer than the cap, so neither is the first one.
		typeOptions: { minValue: 0, maxValue: DEFAULT_RETRY.maxDelayMs },
		description: 'Wait before the first retry; each further retry waits about twice as long, at most 30 seconds',
	},
	{
		displayName: 'Rate Limit (Emails per Minute)',
		name: 'rateLimit',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description: "At most this many emails in any 60 seconds, so an alert storm cannot trip the provider's quota. 0 means no limit.",
	},
];
