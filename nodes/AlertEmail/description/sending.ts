import type { INodeProperties } from 'n8n-workflow';

export const sendingFields: INodeProperties[] = [
	{
		displayName: 'Send Interval (Minutes)',
		name: 'sendInterval',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description:
			'At most one email per event and source in this many minutes; repeats are counted and reported in the next email. 0 sends every alert.',
	},
	{
		displayName: 'Grouping',
		name: 'grouping',
		type: 'options',
		options: [
			{ name: 'One Email per Alert', value: 'perAlert' },
			{ name: 'Digest (One Email per Execution)', value: 'digest' },
		],
		default: 'perAlert',
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
		description: 'Language of the labels in the email',
	},
];
