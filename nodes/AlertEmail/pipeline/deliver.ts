/**
 * Sends the composed emails through the session this process shares for the credential's settings
 * (smtp/sharedSessions.ts), and turns the outcomes into output items. An email that was not
 * delivered gives its sending-interval slots back. No email, no connection.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ComposedMail, MailJob } from '../model';
import { deliveryItems } from '../output/deliveryItems';
import { handedNote, unsentInputs } from '../output/handedAlerts';
import { settingErrorItems, settingFailureItems } from '../output/settingErrorItems';
import { failureContext, resolveConnection } from '../smtp/connectionSettings';
import type { ConnectionSettings } from '../smtp/connectionSettings';
import type { SmtpAlertCredential } from '../smtp/credential';
import { deliverAll } from '../smtp/delivery';
import type { DeliveryOutcome } from '../smtp/delivery';
import { readDeliveryOptions } from '../smtp/readDeliveryOptions';
import type { DeliveryOptions, SendingTuning } from '../smtp/readDeliveryOptions';
import { hookShutdown, sharedSessions } from '../smtp/sharedSessions';
import type { LoginBreaker } from '../smtp/loginBreaker';
import { releaseSlots } from '../throttle/intervalStore';
import type { IntervalStore } from '../throttle/intervalStore';

export const CREDENTIAL_HINT = 'Fix this field in the SMTP Alert credential. Nothing was sent.';
export const OPTION_HINT = 'Fix this option of the Alert Email node. Nothing was sent.';

/** An email refused for its files ("Refuse the Item"): `job.refused` says why. */
type RefusedMail = ComposedMail & { job: Required<Pick<MailJob, 'refused'>> };
const isRefused = (mail: ComposedMail): mail is RefusedMail => mail.job.refused !== undefined;

export async function deliver(
	ctx: IExecuteFunctions,
	credential: SmtpAlertCredential,
	delivery: DeliveryOptions,
	composedMails: readonly ComposedMail[],
	interval: IntervalStore,
	breaker: LoginBreaker,
): Promise<INodeExecutionData[]> {
	// An email whose files exceed the size limit ("Refuse the Item") is not sent: its items become errors.
	const refused = composedMails.filter(isRefused);
	// Without "continue" the node stops at the refusal and sends nothing: every slot goes back.
	const refusedItems = await refuseOversized(ctx, ctx.continueOnFail() ? refused : composedMails, refused, interval);
	const composed = composedMails.filter((mail) => !isRefused(mail));
	if (composed.length === 0) return refusedItems;
	const jobs = composed.map(({ job }) => job);
	const releaseWhere = (failed: (index: number) => boolean) =>
		releaseSlots(
			interval,
			composed.flatMap(({ entries }, index) => (failed(index) ? entries : [])),
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
		return settingFailureItems(ctx.getNode(), ctx.continueOnFail(), error, hint, jobs.flatMap(unsentInputs), handedNote(jobs));
	}
	hookShutdown();
	const lease = sharedSessions.lease(connection, {
		tuning,
		credentialId: ctx.getNode().credentials?.smtpAlertApi?.id ?? undefined,
		breaker,
	});
	let outcomes: DeliveryOutcome[];
	try {
		outcomes = await deliverAll(
			lease.session,
			jobs.map((job) => job.mail),
			{
				concurrency: tuning.maxConnections,
				context: failureContext(connection),
				retry: tuning.retry,
				// One limit for every execution that shares the session.
				limiter: lease.session.limiter,
				// Stop Workflow means stop: no further mail after a final failure, so n8n's Retry On Fail cannot resend what went out.
				stopOnFirstFailure: !ctx.continueOnFail(),
			},
		);
	} catch (error) {
		await releaseWhere(() => true);
		throw error;
	} finally {
		lease.release();
	}
	// A mail accepted for at least some recipients counts as sent; only a failed one gives its slots back.
	await releaseWhere((index) => outcomes[index].status === 'failed');
	return [...deliveryItems(ctx.getNode(), jobs, outcomes, ctx.continueOnFail()), ...refusedItems];
}

async function refuseOversized(
	ctx: IExecuteFunctions,
	unsent: readonly ComposedMail[],
	refused: readonly RefusedMail[],
	interval: IntervalStore,
): Promise<INodeExecutionData[]> {
	if (refused.length === 0) return [];
	await releaseSlots(
		interval,
		unsent.flatMap(({ entries }) => entries),
	);
	const errors = refused.flatMap(({ job }) =>
		unsentInputs(job).map(({ itemIndex, details }) => ({
			itemIndex,
			field: job.refused.field,
			message: job.refused.message,
			hint: 'Nothing was sent for this email. Raise Options › Attachment Size Limit, attach fewer files, or set Options › Attachment Problems to "Send Without the File".',
			details,
		})),
	);
	// Stopping sends none of the emails: the note names the handed alerts of all of them.
	return settingErrorItems(ctx.getNode(), errors, ctx.continueOnFail(), handedNote(unsent.map(({ job }) => job)));
}
