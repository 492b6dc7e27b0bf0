import type { INodeProperties } from 'n8n-workflow';

const manual = { show: { mapping: ['manual'] } };

// Every field: "Empty: found in the item as Automatic mapping finds it" (alert/manualMapping.ts), so
// the defaults work behind a Webhook, whose data is under `body`.

export const mappingFields: INodeProperties[] = [
	{
		displayName:
			"As an AI agent's tool: set Mapping to Manual and let the model define Event Type, Severity, Title, Message and Source (the ✨ button next to a field writes $fromAI() for it, e.g. {{ $fromAI('title', 'One line naming the problem and where it is', 'string') }}). The agent gets back one line saying what was sent, or why not.",
		name: 'toolNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { '@tool': [true] } },
	},
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
		default: '',
		placeholder: 'e.g. {{ $json.body.event }} → backup.failed',
		description:
			"What happened, e.g. task.failed. Used by the event filters and the throttle key. Empty: found in the item as Automatic mapping finds it (also under a Webhook's body).",
		displayOptions: manual,
	},
	{
		displayName: 'Severity',
		name: 'severity',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.body.level }} → critical',
		description:
			"Info, warning, error or critical; aliases such as warn, fatal, P1 or 严重 are understood. Unknown values use Options › Default Severity. Empty: found in the item as Automatic mapping finds it (also under a Webhook's body).",
		displayOptions: manual,
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		placeholder: 'e.g. Nightly backup failed on {{ $json.body.host }}',
		description: "The subject line of the alert. Empty: found in the item as Automatic mapping finds it (also under a Webhook's body).",
		displayOptions: manual,
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'e.g. {{ $json.body.error }} → disk full on /var',
		description: "The details shown in the email. Empty: found in the item as Automatic mapping finds it (also under a Webhook's body).",
		displayOptions: manual,
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.body.host }} → db-1',
		description:
			"The system, host or job the alert is about. Empty: found in the item as Automatic mapping finds it (also under a Webhook's body).",
		displayOptions: manual,
	},
];
