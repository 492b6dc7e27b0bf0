import type { INodeProperties } from 'n8n-workflow';

import { severityOptions } from './severityOptions';

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
		options: severityOptions,
		default: 'info',
		description: 'Alerts below this severity go to the Skipped output',
	},
];
