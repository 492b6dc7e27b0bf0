import type { INodeProperties } from 'n8n-workflow';

const manual = { show: { mapping: ['manual'] } };

export const mappingFields: INodeProperties[] = [
	{
		displayName: 'Mapping',
		name: 'mapping',
		type: 'options',
		options: [
			{
				name: 'Automatic',
				value: 'auto',
				description:
					'Recognise flat items, Webhook bodies, Prometheus Alertmanager, Grafana and Uptime Kuma payloads (one alert per entry of alerts[])',
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'Set each alert field with an expression',
			},
		],
		default: 'auto',
	},
	{
		displayName: 'Event Type',
		name: 'eventType',
		type: 'string',
		default: '={{ $json.event }}',
		description: 'What happened, e.g. task.failed. Used by the event filters and the throttle key.',
		displayOptions: manual,
	},
	{
		displayName: 'Severity',
		name: 'severity',
		type: 'string',
		default: '={{ $json.severity }}',
		description:
			'Info, warning, error or critical; aliases such as warn, fatal, P1 or 严重 are understood. Unknown values use Options › Default Severity.',
		displayOptions: manual,
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '={{ $json.title }}',
		displayOptions: manual,
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '={{ $json.message }}',
		displayOptions: manual,
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: '={{ $json.source }}',
		description: 'The system, host or job the alert is about',
		displayOptions: manual,
	},
];
