/**
 * SMTP replies have no declared charset. nodemailer hands over replies that are not valid UTF-8
 * as a byte container (one char per byte); old Chinese servers answer in GBK, so try that.
 */
const gbk = new TextDecoder('gbk', { fatal: true });

export function decodeServerReply(reply: string): string {
	// eslint-disable-next-line no-control-regex -- a byte container holds only U+0000–U+00FF
	if (!/[\u0080-\u00ff]/.test(reply) || /[^\u0000-\u00ff]/.test(reply)) return reply;
	try {
		return gbk.decode(Buffer.from(reply, 'latin1'));
	} catch {
		return reply;
	}
}
