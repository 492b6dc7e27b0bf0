/** Plain-text helpers every folder may use; they know nothing of mail, alerts or SMTP. */

/**
 * Text that ends a sentence, so the next one can follow it: server replies rarely end with a full
 * stop ("535 ... (reason unavailable)"), and a hint glued to them reads as part of the reply.
 */
export function sentence(text: string): string {
	const trimmed = text.trim();
	return /[.!?。！？]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
