/**
 * The node's pipeline, one way through:
 *   items → alerts (readItems) → filter + sending interval (screenAlerts) → mail groups (groupForMail,
 *   and group windows across executions) → rendered MailJobs (composeJobs) → deliver → Sent /
 *   Skipped / error items.
 * Parameters are read at the edge; everything between is plain data through pure modules. Every
 * input ends in Sent (via the emails that carry its alerts), Skipped or an error item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { GroupWindows } from './groupWindow/groupWindows';
import { senderDomain } from './mail/threading';
import type { MailGroup, PassedAlert, SkippedEntry } from './model';
import { previewItems } from './output/previewItems';
import { settingErrorItems, settingFailureItems } from './output/settingErrorItems';
import { skippedItems } from './output/skippedItems';
import { attachFiles } from './pipeline/attachFiles';
import { composeJobs } from './pipeline/composeJobs';
import type { ComposeSettings } from './pipeline/composeJobs';
import { CREDENTIAL_HINT, deliver, OPTION_HINT } from './pipeline/deliver';
import { gatherInWindows } from './pipeline/groupWindows';
import { readNodeSettings } from './pipeline/nodeSettings';
import type { NodeSettings } from './pipeline/nodeSettings';
import { readItems } from './pipeline/readItems';
import { screenAlerts } from './pipeline/screenAlerts';
import { groupForMail } from './policy/grouping';
import { resolveConnection, resolveSenderDefaults } from './smtp/connectionSettings';
import type { SenderDefaults } from './smtp/connectionSettings';
import type { SmtpAlertCredential } from './smtp/credential';
import { sessionKey } from './smtp/sharedSessions';
import { openExecutionState } from './pipeline/sharedState';
import { releaseSlots } from './throttle/intervalStore';

function composeSettings(ctx: IExecuteFunctions, settings: NodeSettings, sender: SenderDefaults): ComposeSettings {
	return {
		...settings,
		from: { name: sender.fromName, address: sender.fromEmail },
		files: settings.attachments,
		...(sender.dkim ? { dkim: sender.dkim } : {}),
		thread: settings.threadRepeats
			? { workflowId: ctx.getWorkflow().id ?? 'unsaved', nodeId: ctx.getNode().id, domain: senderDomain(sender.fromEmail) }
			: undefined,
	};
}

/**
 * The mail groups this execution sends. With a Group Window (digest only, never in a dry run) a
 * group joins the window other executions opened, or opens one and waits for it to close.
 */
async function groupsToSend(
	ctx: IExecuteFunctions,
	passed: readonly PassedAlert[],
	settings: NodeSettings,
	credential: SmtpAlertCredential,
	windows: GroupWindows,
	now: number,
): Promise<{ groups: MailGroup[]; grouped: SkippedEntry[] }> {
	const groups = groupForMail(passed, settings.grouping);
	if (settings.groupWindowMs <= 0 || settings.dryRun || groups.length === 0) return { groups, grouped: [] };
	let connectionKey: string;
	try {
		connectionKey = sessionKey(resolveConnection(credential));
	} catch {
		// The credential is wrong: nothing will go out, and delivery says why for every item.
		return { groups, grouped: [] };
	}
	const kind = ctx.getMode() === 'manual' ? 'manual' : 'production';
	const { mine, grouped } = await gatherInWindows(groups, {
		windows,
		executionId: ctx.getExecutionId(),
		scope: `${ctx.getWorkflow().id ?? 'unsaved'}:${ctx.getNode().id}:${kind}`,
		connectionKey,
		windowMs: settings.groupWindowMs,
		now,
	});
	return { groups: mine, grouped };
}

export async function executeAlertEmail(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const now = Date.now();
	const credential = await ctx.getCredentials<SmtpAlertCredential>('smtpAlertApi');
	const inputs = ctx.getInputData().map((_item, itemIndex) => ({ itemIndex }));
	const failSetting = (error: unknown, hint: string) => [settingFailureItems(ctx.getNode(), ctx.continueOnFail(), error, hint, inputs), []];
	let sender: SenderDefaults;
	let settings: NodeSettings;
	try {
		sender = resolveSenderDefaults(credential);
	} catch (error) {
		return failSetting(error, CREDENTIAL_HINT);
	}
	try {
		settings = readNodeSettings(ctx);
	} catch (error) {
		return failSetting(error, OPTION_HINT);
	}

	const { plans, errors } = readItems(ctx, settings, sender, new Date(now));
	// Wrong settings stop the node here, before anything is sent, unless it continues on fail.
	const errorItems = settingErrorItems(ctx.getNode(), errors, ctx.continueOnFail());

	const state = await openExecutionState(ctx, settings.sharedState, settings.sendIntervalMs, settings.dryRun);
	const { interval } = state;
	let sent: INodeExecutionData[];
	let skipped: SkippedEntry[];
	try {
		const screened = await screenAlerts(plans, interval, now, settings.sendIntervalMs);
		const attached = await attachFiles(ctx, screened.passed, settings.attachments);
		// Items refused for their files send nothing, and without "continue" nothing is sent at all: slots go back.
		const stopping = attached.errors.length > 0 && !ctx.continueOnFail();
		const unsent = stopping ? screened.passed : attached.refused;
		await releaseSlots(interval, unsent);
		errorItems.push(...settingErrorItems(ctx.getNode(), attached.errors, ctx.continueOnFail()));
		const { groups, grouped } = await groupsToSend(ctx, attached.passed, settings, credential, state.windows, now);
		skipped = [...screened.skipped, ...grouped];
		const composed = composeJobs(groups, composeSettings(ctx, settings, sender));
		sent = settings.dryRun
			? await previewItems(composed, (html, fileName) => ctx.helpers.prepareBinaryData(Buffer.from(html, 'utf8'), fileName, 'text/html'))
			: await deliver(ctx, credential, settings.delivery, composed, interval, state.breaker);
	} finally {
		await interval.save(Date.now());
	}
	return [[...sent, ...errorItems], skippedItems(skipped)];
}
