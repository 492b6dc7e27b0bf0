/** Options › Attachments, Inline Image, Attachment Size Limit and Attachment Problems, read and checked. */
import { ConfigurationError } from '../shared/configurationError';
import { isBlank } from '../shared/json';

export const DEFAULT_ATTACHMENT_MAX_MB = 20;
export const MAX_ATTACHMENT_MB = 100;

export interface AttachmentSettings {
	/** Binary property names to attach, in order, each once. */
	properties: string[];
	/** The binary property shown inside the HTML. */
	inlineImage?: string;
	maxBytes: number;
	onProblem: 'refuse' | 'sendWithout';
}

export const ATTACHMENTS_FIELD = 'Options › Attachments';
export const INLINE_IMAGE_FIELD = 'Options › Inline Image';

export function readAttachmentSettings(options: {
	attachments?: unknown;
	inlineImage?: unknown;
	attachmentMaxSize?: unknown;
	attachmentProblems?: unknown;
}): AttachmentSettings {
	const names =
		typeof options.attachments === 'string'
			? options.attachments
					.split(',')
					.map((name) => name.trim())
					.filter(Boolean)
			: [];
	if (!isBlank(options.attachments) && typeof options.attachments !== 'string') {
		throw new ConfigurationError(ATTACHMENTS_FIELD, 'must be binary property names separated by commas, e.g. data, chart.');
	}
	const inline = typeof options.inlineImage === 'string' ? options.inlineImage.trim() : '';
	const megabytes = isBlank(options.attachmentMaxSize) ? DEFAULT_ATTACHMENT_MAX_MB : Number(options.attachmentMaxSize);
	if (!Number.isFinite(megabytes) || megabytes <= 0 || megabytes > MAX_ATTACHMENT_MB) {
		throw new ConfigurationError(
			'Options › Attachment Size Limit',
			`must be a number of MB above 0 and at most ${MAX_ATTACHMENT_MB}, not "${String(options.attachmentMaxSize)}".`,
		);
	}
	return {
		properties: [...new Set(names)],
		...(inline ? { inlineImage: inline } : {}),
		maxBytes: Math.round(megabytes * 1024 * 1024),
		onProblem: options.attachmentProblems === 'sendWithout' ? 'sendWithout' : 'refuse',
	};
}

/** "2.4 MB", "312 KB", "17 bytes": sizes as the messages say them. */
export function sizeText(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
	if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${bytes} bytes`;
}
