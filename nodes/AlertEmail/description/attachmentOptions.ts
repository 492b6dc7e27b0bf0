import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_ATTACHMENT_MAX_MB, MAX_ATTACHMENT_MB } from '../pipeline/attachmentSettings';

/** Entries of the `options` collection for files from the items' binary data (see docs/parameters.md). */
export const attachmentOptions: INodeProperties[] = [
	{
		displayName: 'Attachments',
		name: 'attachments',
		type: 'string',
		default: '',
		placeholder: 'data, logs',
		description:
			"Names of the items' binary properties to attach, comma-separated, as in Send Email. A per-alert email attaches its own item's files; a digest attaches the files of every alert in it.",
	},
	{
		displayName: 'Inline Image',
		name: 'inlineImage',
		type: 'string',
		default: '',
		placeholder: 'chart',
		description:
			"The binary property of an image (PNG, JPEG, GIF or WebP) to show inside the email under the alert's title, e.g. a Grafana panel. Custom HTML templates place it with {image}.",
	},
	{
		displayName: 'Attachment Size Limit (MB)',
		name: 'attachmentMaxSize',
		type: 'number',
		default: DEFAULT_ATTACHMENT_MAX_MB,
		typeOptions: { minValue: 0.001, maxValue: MAX_ATTACHMENT_MB, numberPrecision: 3 },
		description:
			'The most all files of one email may add up to. QQ Mail and 163 accept about 50 MB, Gmail 25 MB, Outlook 20 MB (Microsoft 365 up to 150 MB when the admin allows it).',
	},
	{
		displayName: 'Attachment Problems',
		name: 'attachmentProblems',
		type: 'options',
		options: [
			{
				name: 'Refuse the Item',
				value: 'refuse',
				description:
					'A missing property, a file that is not an image where one is expected, or an email over the size limit: an error item naming the property and the size; nothing is sent for it',
			},
			{
				name: 'Send Without the File',
				value: 'sendWithout',
				description: 'Send the email without the files that cannot go, and list them on the Sent item as droppedAttachments',
			},
		],
		default: 'refuse',
	},
];
