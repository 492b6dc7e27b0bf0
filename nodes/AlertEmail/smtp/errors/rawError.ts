/** What nodemailer (and Node under it) put on an error, read without trusting any field's type. */
import { decodeServerReply } from '../serverReply';

export interface RawSmtpError {
	message: string;
	code?: string;
	responseCode?: number;
	command?: string;
	response?: string;
	/** Node's own error code under nodemailer's, e.g. ECONNREFUSED. */
	errno?: string;
	/** nodemailer's timer that fired: CONNECT_TIMEOUT, GREETING_TIMEOUT or SOCKET_TIMEOUT. */
	timeoutType?: string;
	/** Set by the login breaker (smtp/loginBreaker.ts): no login was tried before this epoch ms. */
	pausedUntil?: number;
}

export function rawError(error: unknown): RawSmtpError {
	if (!(error instanceof Error)) return { message: String(error) };
	const fields = error as Error & Partial<Omit<RawSmtpError, 'message'>> & { cause?: unknown; originalCode?: unknown };
	const cause = fields.cause instanceof Error ? (fields.cause as Error & { code?: string }) : undefined;
	const nested = (fields as { errno?: unknown }).errno;
	return {
		// A GBK reply is part of nodemailer's message too ("Invalid login: 535 ...").
		message: decodeServerReply(error.message),
		code: typeof fields.code === 'string' ? fields.code : undefined,
		responseCode: typeof fields.responseCode === 'number' ? fields.responseCode : undefined,
		command: typeof fields.command === 'string' ? fields.command : undefined,
		response: typeof fields.response === 'string' ? decodeServerReply(fields.response) : undefined,
		errno: cause?.code ?? (typeof nested === 'string' ? nested : typeof fields.originalCode === 'string' ? fields.originalCode : undefined),
		timeoutType: typeof fields.timeoutType === 'string' ? fields.timeoutType : undefined,
		pausedUntil: typeof fields.pausedUntil === 'number' ? fields.pausedUntil : undefined,
	};
}
