import { decodeServerReply } from '../../../nodes/AlertEmail/smtp/serverReply';

/** What nodemailer hands over for bytes that are not UTF-8: one char per byte. */
const byteContainer = (bytes: Buffer) => bytes.toString('latin1');

describe('decodeServerReply', () => {
	it("decodes QQ's old GBK reply", () => {
		// "535 Error: 请使用授权码登录" as QQ's servers sent it (DesertsP/Valine-Admin#16).
		const gbk = Buffer.from([
			...Buffer.from('535 Error: '),
			0xc7,
			0xeb,
			0xca,
			0xb9,
			0xd3,
			0xc3,
			0xca,
			0xda,
			0xc8,
			0xa8,
			0xc2,
			0xeb,
			0xb5,
			0xc7,
			0xc2,
			0xbc,
		]);
		expect(decodeServerReply(byteContainer(gbk))).toBe('535 Error: 请使用授权码登录');
	});

	it('leaves ASCII and already decoded UTF-8 replies alone', () => {
		expect(decodeServerReply('535 5.7.8 Authentication failed')).toBe('535 5.7.8 Authentication failed');
		expect(decodeServerReply('535 Error: 请使用授权码登录')).toBe('535 Error: 请使用授权码登录');
	});

	it('keeps bytes that are not GBK either as they came', () => {
		const notGbk = byteContainer(Buffer.from([0x35, 0x33, 0x35, 0x20, 0xff, 0xff]));
		expect(decodeServerReply(notGbk)).toBe(notGbk);
	});
});
