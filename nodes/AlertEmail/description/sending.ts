import type { INodeProperties } from 'n8n-workflow';

import { MAX_GROUP_WINDOW_SECONDS, MAX_SEND_INTERVAL_MINUTES } from '../pipeline/nodeSettings';

export const sendingFields: INodeProperties[] = [
	{
		displayName: 'Send Interval (Minutes)',
		name: 'sendInterval',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: MAX_SEND_INTERVAL_MINUTES },
		description:
			'At most one email per throttle key (event + source, or Options › Throttle Key) in this many minutes. Repeats go to Skipped and are reported in the next email; resolved alerts always go through. 0 sends every alert.',
	},
	{
		displayName: 'Grouping',
		name: 'grouping',
		type: 'options',
		options: [
			{ name: 'One Email per Alert', value: 'perAlert', description: 'Each alert that passes gets its own email' },
			{
				name: 'Digest (One Email per Execution)',
				value: 'digest',
				description: 'One email listing every alert that passed, most severe first, e.g. "12 alerts: 3 critical, 9 warning"',
			},
		],
		default: 'perAlert',
	},
	{
		displayName: 'Group Window (Seconds)',
		name: 'groupWindow',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, maxValue: MAX_GROUP_WINDOW_SECONDS },
		description:
			'Wait this long after the first alert of a group (same recipients and credential), so that alerts arriving in other executions meanwhile (one webhook call each) join one digest, like Alertmanager\'s group_wait. Those executions end at once, their alerts on Skipped as "grouped". 0 sends each execution\'s digest at once.',
		displayOptions: { show: { grouping: ['digest'] } },
	},
	{
		displayName: 'Shared State',
		name: 'sharedState',
		type: 'options',
		options: [
			{
				name: 'Automatic',
				value: 'auto',
				description: "In queue mode, n8n's own queue Redis, shared by all workers; otherwise this n8n instance",
			},
			{
				name: 'Redis Credential',
				value: 'redis',
				description: "A Redis server of your choice (n8n's Redis credential), shared by every n8n process that uses it",
			},
			{
				name: 'This Instance Only',
				value: 'instance',
				description: "This process's memory and the workflow's static data, as without queue mode",
			},
		],
		default: 'auto',
		description:
			'Where the Send Interval, group windows and the login breaker are kept. In queue mode, a shared store makes them hold across workers: an alert is sent once, however many workers see it.',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: [
			{ name: 'English', value: 'en' },
			{ name: '中文', value: 'zh' },
		],
		default: 'en',
		description: 'Language of the labels, severity tags and digest subject in the email',
	},
];
