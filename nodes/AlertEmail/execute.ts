/**
 * The node's pipeline, one way through:
 *   items → alerts (readItems) → filter + sending interval (screenAlerts) → mail groups (groupForMail)
 *   → rendered MailJobs (composeJobs) → deliverAll → Sent / Skipped / error items.
 * Parameters are read at the edge; everything between is plain data through pure modules. Every
 * input ends in Sent (via the emails that carry its alerts), Skipped or an error item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { SmtpAlertCredential } from './smtp/credential';
import { ConfigurationError } from './shared/configurationError';
import { deliveryItems } from './output/deliveryItems';
import { settingErrorItems } from './output/settingErrorItems';
import { previewItems } from './output/previewItems';
import { skippedItems } from './output/skippedItems';
import type { ComposedMail } from './model';
import type { ComposeSettings } from './pipeline/composeJobs';
import { composeJobs } from './pipeline/composeJobs';
import { screenAlerts } from './pipeline/screenAlerts';
import type { NodeSettings } from './pipeline/nodeSettings';
import { readNodeSettings } from './pipeline/nodeSettings';
import { readItems } from './pipeline/readItems';
import type { IntervalStore } from './throttle/intervalStore';
import { openIntervalStore } from './throttle/openIntervalStore';
import { groupForMail } from './policy/grouping';
import { senderDomain } from './mail/threading';
import { failureContext, resolveConnection, resolveSenderDefaults } from './smtp/connectionSettings';
import type { ConnectionSettings, SenderDefaults } from './smtp/connectionSettings';
import { deliverAll } from './smtp/delivery';
import { SmtpSession } from './smtp/transport';
import { readDeliveryOptions } from './smtp/readDeliveryOptions';
import type { DeliveryOptions, SendingTuning } from './smtp/readDeliveryOptions';

const CREDENTIAL_HINT = 'Fix this field in the SMTP Alert credential. Nothing was sent.';
const OPTION_HINT = 'Fix this option of the Alert Email node. Nothing was sent.';

/**
 * A setting that is wrong for the whole execution. Without "continue" the node stops naming it;
 * with "continue" every input it keeps from being sent becomes an error item (n8n itself would pass
 * the inputs through unmarked, as if sent).
 */
function settingFailure(ctx: IExecuteFunctions, error: unknown, hint: string, itemIndexes: readonly number[]): INodeExecutionData[] {
	if (!(error instanceof ConfigurationError)) throw error;
	const errors = itemIndexes.map((itemIndex) => ({ itemIndex, field: error.field, message: error.message, hint }));
	return settingErrorItems(ctx.getNode(), errors, ctx.continueOnFail());
}

function composeSettings(ctx: IExecuteFunctions, settings: NodeSettings, sender: SenderDefaults): ComposeSettings {
	return {
		...settings,
		from: { name: sender.fromName, address: sender.fromEmail },
		thread: settings.threadRepeats
			? { workflowId: ctx.getWorkflow().id ?? 'unsaved', nodeId: ctx.getNode().id, domain: senderDomain(sender.fromEmail) }
			: undefined,
	};
}

/** Sends the emails; an email that was not delivered gives its sending-interval slots back. No email, no connection. */
async function deliver(
	ctx: IExecuteFunctions,
	credential: SmtpAlertCredential,
	delivery: DeliveryOptions,
	composed: readonly ComposedMail[],
	interval: IntervalStore,
): Promise<INodeExecutionData[]> {
	if (composed.length === 0) return [];
	const jobs = composed.map(({ job }) => job);
	const releaseWhere = (failed: (index: number) => boolean) =>
		Promise.all(
			composed.flatMap(({ entries }, index) => (failed(index) ? entries.flatMap(({ reservation }) => (reservation ? [interval.release(reservation)] : [])) : [])),
		);
	let connection: ConnectionSettings;
	let tuning: SendingTuning;
	let hint = CREDENTIAL_HINT;
	try {
		connection = resolveConnection(credential);
		hint = OPTION_HINT;
		tuning = readDeliveryOptions(delivery);
	} catch (error) {
		await releaseWhere(() => true);
		return settingFailure(ctx, error, hint, jobs.flatMap((job) => job.itemIndexes));
	}
	const session = new SmtpSession(connection, tuning);
	let outcomes;
	try {
		outcomes = await deliverAll(
			session,
			jobs.map((job) => job.mail),
			{
				concurrency: tuning.maxConnections,
				context: failureContext(connection),
				retry: tuning.retry,
				rateLimit: tuning.rateLimit,
				// Stop Workflow means stop: no further mail after a final failure, so n8n's Retry On Fail cannot resend what went out.
				stopOnFirstFailure: !ctx.continueOnFail(),
			},
		);
	} catch (error) {
		await releaseWhere(() => true);
		throw error;
	} finally {
		session.close();
	}
	// A mail accepted for at least some recipients counts as sent; only a failed one gives its slots back.
	await releaseWhere((index) => outcomes[index].status === 'failed');
	return deliveryItems(ctx.getNode(), jobs, outcomes, ctx.continueOnFail());
}

export async function executeAlertEmail(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const now = Date.now();
	const credential = await ctx.getCredentials<SmtpAlertCredential>('smtpAlertApi');
	const inputs = ctx.getInputData().map((_item, index) => index);
	let sender: SenderDefaults;
	let settings: NodeSettings;
	try {
		sender = resolveSenderDefaults(credential);
	} catch (error) {
		return [settingFailure(ctx, error, CREDENTIAL_HINT, inputs), []];
	}
	try {
		settings = readNodeSettings(ctx);
	} catch (error) {
		return [settingFailure(ctx, error, OPTION_HINT, inputs), []];
	}

	const { plans, errors } = readItems(ctx, settings, sender, new Date(now));
	// Wrong settings stop the node here, before anything is sent, unless it continues on fail.
	const errorItems = settingErrorItems(ctx.getNode(), errors, ctx.continueOnFail());

	const interval = openIntervalStore(ctx, settings.sendIntervalMs, settings.dryRun);
	const { passed, skipped } = await screenAlerts(plans, interval, now, settings.sendIntervalMs);
	const composed = composeJobs(groupForMail(passed, settings.grouping), composeSettings(ctx, settings, sender));

	let sent: INodeExecutionData[];
	try {
		sent = settings.dryRun
			? await previewItems(composed, (html, fileName) => ctx.helpers.prepareBinaryData(Buffer.from(html, 'utf8'), fileName, 'text/html'))
			: await deliver(ctx, credential, settings.delivery, composed, interval);
	} finally {
		await interval.save(Date.now());
	}
	return [[...sent, ...errorItems], skippedItems(skipped)];
}
