/**
 * Telling a provider's sender quota from other refusals, and how long it lasts. Sender quotas,
 * per provider where they differ: QQ "550 Sender/Domain/Connection frequency limited", 163/126
 * "451 MI:SFQ" (the sender's 15-minute quota), Gmail "550 5.4.5 Daily user sending limit
 * exceeded", Microsoft 365 "554 5.2.0 ...SubmissionQuotaExceededException" and "550 5.2.25x
 * Sender throttled ...". A recipient's full mailbox (x.2.2) is not the sender's quota.
 */
const SENDER_QUOTA =
	/frequency limited|MI:SFQ|\b5\.4\.5\b|SubmissionQuotaExceeded|too many (mails|messages|connections)|sending (quota|limit)|rate limit|quota/i;
const RECIPIENT_MAILBOX_FULL = /\b[45]\.2\.2\b|mailbox (is )?full/i;
// Microsoft's throttle names its cause, which may be "mailbox full" errors: still the sender's.
const SENDER_THROTTLED = /Sender throttled/i;

export const isQuotaReply = (text: string) =>
	SENDER_THROTTLED.test(text) || (SENDER_QUOTA.test(text) && !RECIPIENT_MAILBOX_FULL.test(text));

/** How long a quota keeps refusing: 163's is a 15-minute window, Gmail's and Microsoft's a day. */
export function quotaRetryAfterMinutes(reply: string): number {
	if (/MI:SFQ/i.test(reply)) return 15;
	if (/\b5\.4\.5\b|daily|SubmissionQuotaExceeded/i.test(reply)) return 24 * 60;
	// QQ and others do not publish their windows; an hour is what their users report.
	return 60;
}
