/**
 * SMTP replies have no declared charset. nodemailer hands over replies that are not valid UTF-8
 * as a byte container (one char per byte); old Chinese servers answer in GBK, so try that.
 */
const gbk = new TextDecoder('gbk', { fatal: true });

export function decodeServerReply(reply: string): string {
	// eslint-disable-next-line no-control-regex -- a byte container holds only U+0000–U+00FF
	if (!/[\u0080-\u00ff]/.test(reply) || /[^\u0000-\u00ff]/.test(reply)) return reply;
	const bytes = Buffer.from(reply, 'latin1');
	let decoded: string;
	try {
		decoded = gbk.decode(bytes);
	} catch {
		return reply;
	}
	// Accept the reading only if every high byte became half of a two-byte GBK character; ICU's
	// decoder silently drops some bytes that are not GBK, and those replies must stay as they came.
	const highBytes = bytes.filter((byte) => byte >= 0x80).length;
	const wideChars = [...decoded].filter((char) => (char.codePointAt(0) ?? 0) >= 0x80).length;
	return highBytes === wideChars * 2 && !decoded.includes('\ufffd') ? decoded : reply;
}
