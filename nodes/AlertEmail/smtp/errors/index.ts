/**
 * The one registry of SMTP failures: nodemailer's `code`, the server's `responseCode`, `command`
 * and reply text map to a kind, a plain message and what to do. Used by the node, the delivery
 * layer and the credential test alike. Nothing here ever reads a secret.
 */
import { sentence } from '../../shared/text';
import { securityAdvice } from './hints';
import { quotaRetryAfterMinutes } from './quota';
import { rawError } from './rawError';
import { RULES } from './rules';
import type { FailureContext, SmtpFailure } from './types';

export type { FailureContext, FailureKind, SmtpFailure } from './types';

/**
 * The credential test's finding when STARTTLS or None gets no greeting but the same port completes
 * a TLS handshake: the port speaks implicit TLS. Same words as the timeout rule's hint.
 */
export function implicitTlsPortFailure(context: FailureContext): SmtpFailure {
	const where = context.host ? `${context.host}:${context.port ?? ''}` : 'the SMTP server';
	return {
		kind: 'tlsMismatch',
		message: `No SMTP greeting from ${where} in plain text, but the port answered a TLS handshake: the port and the Security setting do not match.`,
		hint: securityAdvice(context),
		retryable: false,
		stopsBatch: true,
	};
}

/** The same answer as the refused login it repeats, saying that no login was tried now and when the next is. */
function pausedLogin(failure: SmtpFailure, until: number): SmtpFailure {
	const at = new Date(until).toISOString();
	return {
		...failure,
		message: `${sentence(failure.message)} No login was tried now: after that refusal, logins with these settings pause until ${at}, so the provider does not lock the mailbox.`,
		retryable: false,
		stopsBatch: true,
		pausedUntil: until,
	};
}

export function describeSmtpFailure(error: unknown, context: FailureContext = {}): SmtpFailure {
	const raw = rawError(error);
	const text = [raw.message, raw.code, raw.errno, raw.response].filter(Boolean).join(' ');
	const where = context.host ? `${context.host}:${context.port ?? ''}` : 'the SMTP server';
	const rule = RULES.find((candidate) => candidate.matches(raw, text, context));
	const base = {
		code: raw.code,
		responseCode: raw.responseCode,
		command: raw.command,
		response: raw.response,
	};
	if (!rule) {
		return {
			...base,
			kind: 'unknown',
			message: `Sending failed (${where}): ${raw.response ?? raw.message}`,
			hint: 'Check the settings of the SMTP Alert credential with its Test button.',
			retryable: false,
			stopsBatch: false,
		};
	}
	const failure: SmtpFailure = {
		...base,
		kind: rule.kind,
		message: rule.message(raw, where, context),
		hint: rule.hint(context, raw),
		retryable: rule.retryable,
		stopsBatch: rule.stopsBatch,
		...(rule.kind === 'quota' ? { retryAfterMinutes: quotaRetryAfterMinutes(raw.response ?? raw.message) } : {}),
	};
	return raw.pausedUntil === undefined ? failure : pausedLogin(failure, raw.pausedUntil);
}
