/**
 * Dry run: what each email would have been, on output 0 with `status: "preview"`, without any SMTP
 * connection. The rendered HTML is also attached as a binary file on the output's Binary tab, so the
 * email can be opened as it will look (n8n offers Download for it: its panel does not display HTML
 * files, on purpose), not only read as escaped source in the JSON.
 */
import type { IBinaryData, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { formatMailbox } from '../mail/addresses';
import type { ComposedMail } from '../model';
import { alertFields } from './alertFields';
import { filesOf } from './deliveryItems';

/** Stores the rendered email as n8n binary data (the node passes n8n's prepareBinaryData). */
export type HtmlFile = (html: string, fileName: string) => Promise<IBinaryData>;

/** The binary property that holds the rendered email. */
export const PREVIEW_PROPERTY = 'email';

export async function previewItems(composed: readonly ComposedMail[], htmlFile: HtmlFile): Promise<INodeExecutionData[]> {
	return Promise.all(
		composed.map(async ({ job }, index) => {
			const { mail } = job;
			const links = job.itemIndexes.map((item) => ({ item }));
			const fileName = `alert-email-preview-${index + 1}.html`;
			return {
				json: {
					status: 'preview',
					dryRun: true,
					subject: mail.subject,
					from: mail.from.name ? `${mail.from.name} <${mail.from.address}>` : mail.from.address,
					to: mail.to.map(formatMailbox),
					cc: (mail.cc ?? []).map(formatMailbox),
					bcc: (mail.bcc ?? []).map(formatMailbox),
					replyTo: (mail.replyTo ?? []).map(formatMailbox),
					priority: mail.priority ?? 'normal',
					...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
					headers: mail.headers ?? {},
					alertCount: job.alertCount,
					...(job.droppedRecipients ? { droppedRecipients: job.droppedRecipients as unknown as IDataObject[] } : {}),
					...alertFields(job.alerts),
					...filesOf(job),
					// A real run would not send it: its files add up over the size limit ("Refuse the Item").
					...(job.refused ? { refused: { field: job.refused.field, message: job.refused.message } } : {}),
					html: mail.html,
					text: mail.text,
				},
				binary: { [PREVIEW_PROPERTY]: await htmlFile(mail.html, fileName) },
				pairedItem: links.length === 1 ? links[0] : links,
			};
		}),
	);
}
