import type { INodeProperties } from 'n8n-workflow';

import { severityOptions } from './severityOptions';

const PLACEHOLDERS =
	'Placeholders: {title} {message} {event} {severity} {status} {source} {time} {prefix} {tag} {suppressed} {workflow} {image} {fields.NAME}';

/** Entries of the `options` collection that shape the alert and its email (see docs/parameters.md). */
export const messageOptions: INodeProperties[] = [
	{
		displayName: 'Alert Status (Manual Mapping)',
		name: 'alertStatus',
		type: 'string',
		default: '',
		placeholder: '={{ $json.state }}',
		description:
			'With manual mapping: "resolved", "ok", "up" or "恢复" mark the problem as over, anything else is firing. Empty reads the item\'s status or state field.',
		displayOptions: { show: { '/mapping': ['manual'] } },
	},
	{
		displayName: 'BCC',
		name: 'bcc',
		type: 'string',
		default: '',
		placeholder: 'audit@example.com',
		description: 'Comma-separated blind-copy recipients',
	},
	{
		displayName: 'CC',
		name: 'cc',
		type: 'string',
		default: '',
		placeholder: 'team@example.com',
		description: 'Comma-separated copy recipients',
	},
	{
		displayName: 'Custom Headers',
		name: 'customHeaders',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Header',
		default: {},
		description:
			'Extra headers on every email, e.g. X-Alert-Team for mail rules. Names the node sets (From, To, CC, Subject, Message-ID, Content-*, …) are refused, and so are values with a line break.',
		options: [
			{
				name: 'header',
				displayName: 'Header',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'X-Alert-Team' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'database' },
				],
			},
		],
	},
	{
		displayName: 'Default Severity',
		name: 'defaultSeverity',
		type: 'options',
		options: severityOptions,
		default: 'warning',
		description: 'Severity of an alert whose payload has none, or one that no known alias matches',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description:
			'Whether to only render the emails and output subject, HTML and text without connecting to the SMTP server. Dry runs change no sending-interval state.',
	},
	{
		displayName: 'High Priority for Critical',
		name: 'highPriority',
		type: 'boolean',
		default: true,
		description: 'Whether emails with a firing critical alert carry high-priority headers (X-Priority 1, Importance: High)',
	},
	{
		displayName: 'HTML Template',
		name: 'htmlTemplate',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		placeholder: '<h2>{title}</h2><p>{message}</p>',
		description: `Replaces the built-in HTML of per-alert emails; values are HTML-escaped. ${PLACEHOLDERS}.`,
	},
	{
		displayName: 'Invalid Recipients',
		name: 'invalidRecipients',
		type: 'options',
		options: [
			{
				name: 'Refuse the Item',
				value: 'refuse',
				description: 'Send nothing for the item; its error names every entry that is not an address',
			},
			{
				name: 'Send to the Valid Ones',
				value: 'sendToValid',
				description: 'Leave the bad entries out and list them in the output as droppedRecipients',
			},
		],
		default: 'refuse',
		description: 'What to do when To Email, CC, BCC or Reply To holds an entry that is not an email address',
	},
	{
		displayName: 'Reply To',
		name: 'replyTo',
		type: 'string',
		default: '',
		placeholder: 'oncall@example.com',
		description: 'Comma-separated addresses that replies go to',
	},
	{
		displayName: 'Subject Template',
		name: 'subjectTemplate',
		type: 'string',
		default: '',
		placeholder: '{prefix} {tag} {source}: {title}',
		description: `Replaces the built-in subject of per-alert emails. ${PLACEHOLDERS}.`,
	},
	{
		displayName: 'Text Template',
		name: 'textTemplate',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		placeholder: '{title}\n{message}',
		description: `Replaces the built-in plain-text part of per-alert emails. ${PLACEHOLDERS}.`,
	},
	{
		displayName: 'Thread Repeats',
		name: 'threadRepeats',
		type: 'boolean',
		default: true,
		description: 'Whether emails for the same throttle key show as one conversation in mail clients (In-Reply-To and References headers)',
	},
	{
		displayName: 'Throttle Key',
		name: 'throttleKey',
		type: 'string',
		default: '{event}|{source}',
		description: 'What counts as "the same alert" for Send Interval and threading. Placeholders as in the templates, and n8n expressions.',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'Asia/Shanghai',
		description: "IANA time zone for times in the email. Empty uses the workflow's time zone (Settings), else the instance's.",
	},
];
