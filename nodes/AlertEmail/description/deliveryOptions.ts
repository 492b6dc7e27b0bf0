import type { INodeProperties } from 'n8n-workflow';

/** Entries of the `options` collection that tune the SMTP transport. */
export const deliveryOptions: INodeProperties[] = [
	{
		displayName: 'Connections',
		name: 'maxConnections',
		type: 'number',
		default: 2,
		typeOptions: { minValue: 1, maxValue: 10 },
		description: 'Parallel SMTP connections per execution; each logs in once',
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
];
