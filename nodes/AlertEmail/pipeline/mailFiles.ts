/**
 * The files of one email: each input item's files and left-out files once (several alerts of one item share them),
 * inline images with the Content-ID the HTML refers to (render/inlineImage.ts), and the size limit
 * for the whole email. Over the limit, "Refuse the Item" keeps the email from being sent (its items
 * become error items); "Send Without the File" leaves out the largest files until it fits and lists
 * them. The email is rendered from `entries`, whose files are the ones it carries, so a left-out
 * inline image is neither shown nor named. Pure.
 */
import type { AttachmentFile, DroppedAttachment, MailAttachment, PassedAlert } from '../model';
import { inlineImageOf } from '../render/inlineImage';
import { ATTACHMENTS_FIELD, sizeText } from './attachmentSettings';
import type { AttachmentSettings } from './attachmentSettings';

export interface MailFiles {
	attachments: MailAttachment[];
	/** What the outputs list: the files without their bytes. */
	listed: Array<Omit<AttachmentFile, 'base64'>>;
	dropped: DroppedAttachment[];
	refused?: { field: string; message: string };
	/** The entries with only the files the email carries: what it is rendered from. */
	entries: PassedAlert[];
}

/** The input item an entry comes from: several alerts of one item share its files. */
const itemOf = (entry: PassedAlert) => `${entry.handedBy ?? ''}:${entry.alert.itemIndex}`;
const originOf = (entry: PassedAlert, file: AttachmentFile) => `${itemOf(entry)}:${file.property}`;

export function mailFiles(entries: readonly PassedAlert[], limits: Pick<AttachmentSettings, 'maxBytes' | 'onProblem'>): MailFiles {
	const items = new Set<string>();
	const files: Array<{ file: AttachmentFile; origin: string; cid?: string }> = [];
	const dropped: DroppedAttachment[] = [];
	for (const entry of entries) {
		// Every alert of an item carries the item's files and problems: take them from its first alert.
		if (items.has(itemOf(entry))) continue;
		items.add(itemOf(entry));
		dropped.push(...(entry.droppedAttachments ?? []));
		for (const file of entry.files ?? [])
			files.push({ file, origin: originOf(entry, file), ...(file.inline ? { cid: inlineImageOf(entry)?.cid } : {}) });
	}
	let total = files.reduce((sum, { file }) => sum + file.size, 0);
	if (total > limits.maxBytes) {
		const overMessage = `the email's files add up to ${sizeText(total)}, over the Attachment Size Limit of ${sizeText(limits.maxBytes)} (${files
			.map(({ file }) => `"${file.fileName}" from "${file.property}", ${sizeText(file.size)}`)
			.join('; ')}).`;
		if (limits.onProblem === 'refuse')
			return { attachments: [], listed: [], dropped, refused: { field: ATTACHMENTS_FIELD, message: overMessage }, entries: [...entries] };
		// Largest first, until the rest fits.
		for (const candidate of [...files].sort((a, b) => b.file.size - a.file.size)) {
			if (total <= limits.maxBytes) break;
			files.splice(files.indexOf(candidate), 1);
			total -= candidate.file.size;
			dropped.push({
				property: candidate.file.property,
				fileName: candidate.file.fileName,
				size: candidate.file.size,
				reason: `left out: ${overMessage}`,
			});
		}
	}
	const kept = new Set(files.map(({ origin }) => origin));
	return {
		attachments: files.map(({ file, cid }) => ({
			fileName: file.fileName,
			mimeType: file.mimeType,
			base64: file.base64,
			...(cid ? { cid } : {}),
		})),
		listed: files.map(({ file }) => ({
			property: file.property,
			fileName: file.fileName,
			mimeType: file.mimeType,
			size: file.size,
			...(file.inline ? { inline: true } : {}),
		})),
		dropped,
		entries: entries.map((entry) =>
			entry.files ? { ...entry, files: entry.files.filter((file) => kept.has(originOf(entry, file))) } : entry,
		),
	};
}
