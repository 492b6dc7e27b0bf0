import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { attachmentOptions } from './description/attachmentOptions';
import { deliveryOptions } from './description/deliveryOptions';
import { filterFields } from './description/filters';
import { mappingFields } from './description/mapping';
import { messageOptions } from './description/messageOptions';
import { recipientFields } from './description/recipients';
import { sendingFields } from './description/sending';
import { executeAlertEmail } from './execute';
import { smtpAlertConnectionTest } from './methods/credentialTest';
import { toolResult } from './output/toolResult';

const byName = (a: { displayName: string }, b: { displayName: string }) => a.displayName.localeCompare(b.displayName);

export class AlertEmail implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alert Email',
		name: 'alertEmail',
		icon: { light: 'file:alertEmail.svg', dark: 'file:alertEmail.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["grouping"] === "digest" ? "digest" : "per alert" }}',
		description: 'Turn any item into a clear alert email: filter, throttle, digest and send over SMTP',
		defaults: { name: 'Alert Email' },
		usableAsTool: true,
		inputs: ['main'],
		// eslint-disable-next-line n8n-nodes-base/node-class-description-outputs-wrong -- the public contract has two outputs: Sent and Skipped
		outputs: ['main', 'main'],
		outputNames: ['Sent', 'Skipped'],
		credentials: [
			{ name: 'smtpAlertApi', required: true, testedBy: 'smtpAlertConnectionTest' },
			// n8n's own Redis credential (n8n-nodes-base names it without "Api"), only when Shared State says so.
			// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed -- a built-in credential type, not ours to rename
			{ name: 'redis', required: true, displayOptions: { show: { sharedState: ['redis'] } } },
		],
		properties: [
			...recipientFields,
			...mappingFields,
			...filterFields,
			...sendingFields,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [...deliveryOptions, ...messageOptions, ...attachmentOptions].sort(byName),
			},
		],
	};

	methods = { credentialTest: { smtpAlertConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const outputs = await executeAlertEmail(this);
		// Called by an AI agent: one short result it can read, instead of the workflow's items. n8n 1.x has no
		// isToolExecution(); there the node runs as a tool only as its tool variant (type "…alertEmailTool").
		const asTool = (this as { isToolExecution?: () => boolean }).isToolExecution?.() || this.getNode().type.endsWith('Tool');
		return asTool ? toolResult(outputs) : outputs;
	}
}
