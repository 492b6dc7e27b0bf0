/**
 * The node's pipeline: item → alert → mail → delivery → outputs. Reads parameters at the edge,
 * hands plain data to the pure modules, and accounts for every input item.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SmtpAlertCredential } from '../../credentials/SmtpAlertApi.credentials';
import type { Alert } from './alert/alert';
import { mapFlatItem } from './alert/autoMapping';
import { normaliseSeverity } from './alert/severity';
import { ConfigurationError } from './configurationError';
import { renderAlertMail } from './render/renderMail';
import { failureContext, resolveConnection, resolveSenderDefaults } from './smtp/connectionSettings';
import { deliveryItems } from './output/deliveryItems';
import { deliverAll } from './smtp/delivery';
import type { MailJob } from './smtp/delivery';
import { SmtpSession } from './smtp/transport';
import { tuningFromOptions } from './smtp/tuning';
import type { DeliveryOptions } from './smtp/tuning';

const splitAddresses = (list: string) =>
	list
		.split(/[,;]/)
		.map((address) => address.trim())
		.filter(Boolean);

function readAlert(ctx: IExecuteFunctions, itemIndex: number, receivedAt: Date): Alert {
	const json = ctx.getInputData()[itemIndex].json;
	if (ctx.getNodeParameter('mapping', itemIndex, 'auto') === 'auto') return mapFlatItem(json, itemIndex, receivedAt)[0];
	const text = (name: string) => String(ctx.getNodeParameter(name, itemIndex, '') ?? '');
	return {
		event: text('eventType') || 'alert',
		severity: normaliseSeverity(ctx.getNodeParameter('severity', itemIndex, ''), 'warning'),
		title: text('title') || 'Alert',
		message: text('message'),
		source: text('source'),
		status: 'firing',
		time: receivedAt.toISOString(),
		fields: {},
		itemIndex,
	};
}

function asNodeError(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof ConfigurationError) {
		return new NodeOperationError(ctx.getNode(), `${error.field}: ${error.message}`, {
			description: 'Fix this field in the SMTP Alert credential.',
		});
	}
	return error as Error;
}

export async function executeAlertEmail(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const credential = await ctx.getCredentials<SmtpAlertCredential>('smtpAlertApi');
	let connection;
	try {
		connection = resolveConnection(credential);
	} catch (error) {
		throw asNodeError(ctx, error);
	}
	const sender = resolveSenderDefaults(credential);
	const options = ctx.getNodeParameter('options', 0, {}) as DeliveryOptions;
	const tuning = tuningFromOptions(options);
	const receivedAt = new Date();

	const jobs: MailJob[] = items.map((_item, itemIndex) => {
		const alert = readAlert(ctx, itemIndex, receivedAt);
		const to = splitAddresses(String(ctx.getNodeParameter('toEmail', itemIndex, '')) || sender.toEmail);
		if (to.length === 0) {
			throw new NodeOperationError(ctx.getNode(), 'No recipient: To Email is empty and the credential has no Default Recipients.', {
				itemIndex,
			});
		}
		const prefix = String(ctx.getNodeParameter('subjectPrefix', itemIndex, '')) || sender.subjectPrefix;
		const mail = { ...renderAlertMail(alert, prefix), from: { name: sender.fromName, address: sender.fromEmail }, to };
		return { mail, itemIndexes: [itemIndex], alertCount: 1 };
	});

	const session = new SmtpSession(connection, tuning);
	try {
		const outcomes = await deliverAll(
			session,
			jobs.map((job) => job.mail),
			{ concurrency: tuning.maxConnections, context: failureContext(connection), retry: tuning.retry, rateLimit: tuning.rateLimit },
		);
		return [deliveryItems(ctx.getNode(), jobs, outcomes, ctx.continueOnFail()), []];
	} finally {
		session.close();
	}
}
