/**
 * Reads the files of the alerts that passed the filter and the interval (Options › Attachments and
 * Inline Image), through n8n's binary helpers, so n8n's filesystem and S3 binary modes and queue
 * mode work as the default in-memory mode does. A problem (a missing property, an inline image that
 * is not an image, one file over the size limit) refuses the item, or with "Send Without the File"
 * is listed on its Sent item. Read once per item, however many alerts it carries.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { attachmentName } from '../mail/attachmentName';
import type { AttachmentFile, DroppedAttachment, PassedAlert } from '../model';
import type { SettingError } from '../shared/configurationError';
import { ATTACHMENTS_FIELD, INLINE_IMAGE_FIELD, sizeText } from './attachmentSettings';
import type { AttachmentSettings } from './attachmentSettings';

/** What mail clients show inline; anything else is an attachment at best. */
const INLINE_TYPES = /^image\/(png|jpeg|gif|webp)$/i;

interface ItemFiles {
	files: AttachmentFile[];
	problems: Array<DroppedAttachment & { field: string }>;
}

async function readItemFiles(ctx: IExecuteFunctions, itemIndex: number, settings: AttachmentSettings): Promise<ItemFiles> {
	const result: ItemFiles = { files: [], problems: [] };
	const wanted = [
		...(settings.inlineImage ? [{ property: settings.inlineImage, inline: true, field: INLINE_IMAGE_FIELD }] : []),
		...settings.properties
			.filter((property) => property !== settings.inlineImage)
			.map((property) => ({ property, inline: false, field: ATTACHMENTS_FIELD })),
	];
	const binary = ctx.getInputData()[itemIndex]?.binary ?? {};
	for (const { property, inline, field } of wanted) {
		const data = Object.hasOwn(binary, property) ? binary[property] : undefined;
		if (!data) {
			result.problems.push({ field, property, reason: `the item has no binary property "${property}"` });
			continue;
		}
		const mimeType = typeof data.mimeType === 'string' && data.mimeType ? data.mimeType : 'application/octet-stream';
		const fileName = attachmentName(data.fileName, property, mimeType);
		if (inline && !INLINE_TYPES.test(mimeType)) {
			result.problems.push({
				field,
				property,
				fileName,
				reason: `"${fileName}" (${mimeType}) is not an image mail clients show inline (PNG, JPEG, GIF or WebP)`,
			});
			continue;
		}
		const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		if (bytes.length > settings.maxBytes) {
			result.problems.push({
				field,
				property,
				fileName,
				size: bytes.length,
				reason: `"${fileName}" is ${sizeText(bytes.length)}, over the Attachment Size Limit of ${sizeText(settings.maxBytes)}`,
			});
			continue;
		}
		result.files.push({
			property,
			fileName,
			mimeType,
			size: bytes.length,
			base64: bytes.toString('base64'),
			...(inline ? { inline: true } : {}),
		});
	}
	return result;
}

export interface AttachedAlerts {
	passed: PassedAlert[];
	/** Alerts of items refused for their files: their interval slots must be given back. */
	refused: PassedAlert[];
	errors: SettingError[];
}

export async function attachFiles(
	ctx: IExecuteFunctions,
	passed: readonly PassedAlert[],
	settings: AttachmentSettings,
): Promise<AttachedAlerts> {
	if (settings.properties.length === 0 && !settings.inlineImage) return { passed: [...passed], refused: [], errors: [] };
	const byItem = new Map<number, ItemFiles>();
	for (const itemIndex of new Set(passed.map((entry) => entry.alert.itemIndex)))
		byItem.set(itemIndex, await readItemFiles(ctx, itemIndex, settings));
	const result: AttachedAlerts = { passed: [], refused: [], errors: [] };
	for (const [itemIndex, { problems }] of byItem) {
		if (problems.length > 0 && settings.onProblem === 'refuse') {
			const [first] = problems;
			result.errors.push({
				itemIndex,
				field: first.field,
				message: `${problems.map((problem) => problem.reason).join('; ')}.`,
				hint: `Nothing was sent for item ${itemIndex}. Fix the binary property names, or set Options › Attachment Problems to "Send Without the File".`,
			});
		}
	}
	for (const entry of passed) {
		const { files, problems } = byItem.get(entry.alert.itemIndex) as ItemFiles;
		if (problems.length > 0 && settings.onProblem === 'refuse') {
			result.refused.push(entry);
			continue;
		}
		result.passed.push({
			...entry,
			...(files.length > 0 ? { files } : {}),
			...(problems.length > 0
				? {
						droppedAttachments: problems.map(({ property, fileName, size, reason }) => ({
							property,
							...(fileName ? { fileName } : {}),
							...(size ? { size } : {}),
							reason,
						})),
					}
				: {}),
		});
	}
	return result;
}
