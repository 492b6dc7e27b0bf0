import type { INodeProperties } from 'n8n-workflow';

export const recipientFields: INodeProperties[] = [
	{
		displayName: 'To Email',
		name: 'toEmail',
		type: 'string',
		default: '',
		placeholder: 'ops@example.com, oncall@example.com',
		description: "Comma-separated recipients. Empty uses the credential's Default Recipients.",
	},
	{
		displayName: 'Subject Prefix',
		name: 'subjectPrefix',
		type: 'string',
		default: '',
		placeholder: '[Prod]',
		description: "Put in front of every subject. Empty uses the credential's Subject Prefix.",
	},
];
