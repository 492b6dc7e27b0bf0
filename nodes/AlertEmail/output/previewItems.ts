/** Dry run: what each email would have been, on output 0, without any SMTP connection. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ComposedMail } from '../pipeline/composeJobs';

export function previewItems(composed: readonly ComposedMail[]): INodeExecutionData[] {
	return composed.map(({ job }) => {
		const { mail } = job;
		const links = job.itemIndexes.map((item) => ({ item }));
		return {
			json: {
				dryRun: true,
				subject: mail.subject,
				from: mail.from.name ? `${mail.from.name} <${mail.from.address}>` : mail.from.address,
				to: mail.to,
				cc: mail.cc ?? [],
				bcc: mail.bcc ?? [],
				replyTo: mail.replyTo ?? [],
				priority: mail.priority ?? 'normal',
				...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
				headers: mail.headers ?? {},
				alertCount: job.alertCount,
				...(job.droppedRecipients ? { droppedRecipients: job.droppedRecipients as unknown as IDataObject[] } : {}),
				html: mail.html,
				text: mail.text,
			},
			pairedItem: links.length === 1 ? links[0] : links,
		};
	});
}
