import type { INodeProperties } from 'n8n-workflow';

export const filterFields: INodeProperties[] = [
	{
		displayName: 'Include Events',
		name: 'includeEvents',
		type: 'string',
		default: '',
		placeholder: 'task.*, sync.failed',
		description: 'Comma-separated event patterns (* matches anything, case-insensitive). Empty includes every event.',
	},
	{
		displayName: 'Exclude Events',
		name: 'excludeEvents',
		type: 'string',
		default: '',
		placeholder: '*.heartbeat',
		description: 'Comma-separated event patterns to skip, checked after Include Events',
	},
	{
		displayName: 'Minimum Severity',
		name: 'minSeverity',
		type: 'options',
		options: [
			{ name: 'Info', value: 'info' },
			{ name: 'Warning', value: 'warning' },
			{ name: 'Error', value: 'error' },
			{ name: 'Critical', value: 'critical' },
		],
		default: 'info',
		description: 'Alerts below this severity go to the Skipped output',
	},
];
