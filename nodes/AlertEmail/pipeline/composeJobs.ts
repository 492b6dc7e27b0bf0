/**
 * Mail groups → the delivery layer's MailJobs: rendered content, envelope, threading and priority
 * headers, and the input items each email speaks for. Pure.
 */
import type { ComposedMail, DkimKey, Mailbox, MailGroup, MailJob } from '../model';
import { digestThreadHeaders, threadHeaders } from '../mail/threading';
import type { ThreadScope } from '../mail/threading';
import { renderAlertMail, renderDigestMail } from '../render/renderMail';
import type { MailSettings } from '../render/renderMail';
import type { AttachmentSettings } from './attachmentSettings';
import { mailFiles } from './mailFiles';

export interface ComposeSettings extends MailSettings {
	from: Mailbox;
	/** The size limit and what to do over it (Options › Attachment Size Limit and Attachment Problems). */
	files: Pick<AttachmentSettings, 'maxBytes' | 'onProblem'>;
	/** The credential's DKIM key: every email is signed with it. */
	dkim?: DkimKey;
	/** Undefined when threading is off. */
	thread?: ThreadScope;
}

/** RFC 3834 and Exchange's hint: this is machine mail, so no out-of-office replies to it. */
const AUTOMATED_HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

const listOrUndefined = (list: Mailbox[]) => (list.length > 0 ? list : undefined);

export function composeJobs(groups: readonly MailGroup[], settings: ComposeSettings): ComposedMail[] {
	return groups.map((group) => {
		const { envelope, entries } = group;
		// Files first: the email is rendered from the files it carries, so a left-out inline image is not referenced.
		const files = mailFiles(entries, settings.files);
		const shown = files.entries;
		const rendered = group.kind === 'digest' ? renderDigestMail(shown, envelope.prefix, settings) : renderAlertMail(shown[0], settings);
		const thread =
			settings.thread &&
			(group.kind === 'digest' ? digestThreadHeaders(settings.thread) : threadHeaders(settings.thread, entries[0].throttleKey));
		// Alerts handed over by other executions (group window) speak for items of those executions.
		const own = entries.filter((entry) => entry.handedBy === undefined);
		const handed = entries.filter((entry) => entry.handedBy !== undefined);
		const itemIndexes = [...new Set(own.map((entry) => entry.alert.itemIndex))].sort((a, b) => a - b);
		const unchecked = entries.filter((entry) => entry.intervalUnchecked).length;
		const job: MailJob = {
			mail: {
				from: settings.from,
				...(settings.dkim ? { dkim: settings.dkim } : {}),
				to: envelope.to,
				cc: listOrUndefined(envelope.cc),
				bcc: listOrUndefined(envelope.bcc),
				replyTo: listOrUndefined(envelope.replyTo),
				subject: rendered.subject,
				html: rendered.html,
				text: rendered.text,
				priority: rendered.priority,
				// The user's headers cannot replace these: customHeaders.ts refuses reserved names.
				headers: { ...envelope.headers, ...AUTOMATED_HEADERS },
				...(thread ? { inReplyTo: thread.inReplyTo, references: thread.references } : {}),
				...(files.attachments.length > 0 ? { attachments: files.attachments } : {}),
			},
			itemIndexes,
			alertCount: entries.length,
			alerts: entries.map((entry) => entry.alert),
			...(envelope.dropped ? { droppedRecipients: envelope.dropped } : {}),
			...(files.listed.length > 0 ? { attachments: files.listed } : {}),
			...(files.dropped.length > 0 ? { droppedAttachments: files.dropped } : {}),
			...(files.refused ? { refused: files.refused } : {}),
			...(unchecked > 0 ? { intervalUnchecked: unchecked } : {}),
			...(handed.length > 0
				? { handedAlerts: handed.map((entry) => ({ executionId: entry.handedBy as string, alert: entry.alert })) }
				: {}),
		};
		return { job, entries };
	});
}
