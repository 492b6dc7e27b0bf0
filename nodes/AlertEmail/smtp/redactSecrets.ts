/**
 * Keeps secrets out of anything we surface. nodemailer does not put the password in its errors,
 * but a server reply or a proxy error can echo what it was sent; and TLS errors carry the peer
 * certificate (`cert`), which is noise in an n8n error and must not be shown.
 */
const MASK = '***';

/** The password as given, URL-encoded (proxy URLs) and base64-encoded (AUTH PLAIN and LOGIN). */
export function secretForms(user: string, secrets: ReadonlyArray<string | undefined>): string[] {
	const forms = new Set<string>();
	for (const secret of secrets) {
		if (!secret) continue;
		forms.add(secret);
		forms.add(encodeURIComponent(secret));
		forms.add(Buffer.from(secret, 'utf8').toString('base64'));
		forms.add(Buffer.from(`\u0000${user}\u0000${secret}`, 'utf8').toString('base64'));
	}
	// Longest first, so a short secret inside a longer form does not leave the rest readable.
	return [...forms].filter((form) => form.length >= 3).sort((a, b) => b.length - a.length);
}

export function redactText(text: string, forms: readonly string[]): string {
	return forms.reduce((result, form) => result.split(form).join(MASK), text);
}

/** Strips `cert` and masks secrets in the fields that reach messages, in place; returns the error. */
export function redactError<T>(error: T, forms: readonly string[]): T {
	if (!(error instanceof Error)) return error;
	const fields = error as Error & { cert?: unknown; response?: unknown };
	delete fields.cert;
	error.message = redactText(error.message, forms);
	if (typeof fields.response === 'string') fields.response = redactText(fields.response, forms);
	if (error.stack) error.stack = redactText(error.stack, forms);
	return error;
}
