/**
 * The inline image of an alert (Options › Inline Image): which file, and the Content-ID the HTML
 * refers to it by. The same function names it for the HTML (here) and for the attachment
 * (pipeline/mailFiles.ts), so the two always agree. A `cid:` image in a multipart/related part
 * is what QQ Mail, Outlook and Gmail all show inline; data: URLs are blocked by Gmail and Outlook.
 */
import type { PassedAlert } from '../model';
import { escapeHtml } from './escape';

export interface InlineImage {
	cid: string;
	fileName: string;
}

export function inlineImageOf(entry: PassedAlert): InlineImage | undefined {
	const file = entry.files?.find((candidate) => candidate.inline);
	if (!file) return undefined;
	const origin = entry.handedBy ?? 'own';
	// Made by the node alone (letters, digits, dots): a Content-ID is an addr-spec and must not carry text from the item.
	const cid = `alert-image.${origin.replace(/[^a-zA-Z0-9]/g, '')}.${entry.alert.itemIndex}@alert-email`;
	return { cid, fileName: file.fileName };
}

/** The image as mail clients show it: at most the email's width, never wider than the screen. */
export function inlineImageHtml(image: InlineImage): string {
	return `<img src="cid:${escapeHtml(image.cid)}" alt="${escapeHtml(image.fileName)}" width="552" style="display:block;width:100%;max-width:552px;height:auto;border:0;outline:none;">`;
}
