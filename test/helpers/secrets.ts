/**
 * Every form a secret travels in, for tests that prove it never surfaces: as typed, URL-encoded
 * (encodeURIComponent and a URL's userinfo), base64 alone, in AUTH PLAIN ("\0user\0pass") and HTTP
 * Basic ("user:pass"), and the base64 of the secret wherever it sits in a longer base64 text (the
 * three alignments of its bytes), so AUTH tokens of any shape are covered.
 */
const base64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64');

/**
 * The base64 characters that only the secret decides, when it sits inside a longer base64 text at
 * each of the three byte alignments (here: after 0, 1 or 2 filler bytes). Written as the text an
 * observer sees, not as the redactor computes it, so the two cannot share a mistake.
 */
function base64Shards(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	return [0, 1, 2]
		.map((filler) => {
			const text = base64(Buffer.concat([Buffer.alloc(filler, 0x7e), bytes, Buffer.alloc(3, 0x7e)]));
			const firstGroup = Math.ceil(filler / 3);
			const endGroup = Math.floor((filler + bytes.length) / 3);
			return text.slice(firstGroup * 4, endGroup * 4);
		})
		.filter((shard) => shard.length >= 8);
}

function userinfoForm(secret: string): string {
	const url = new URL('http://host.invalid');
	url.password = secret;
	return url.password;
}

export function secretForms(secret: string, user = ''): string[] {
	return [
		...new Set([
			secret,
			encodeURIComponent(secret),
			userinfoForm(secret),
			base64(secret),
			base64(`\0${user}\0${secret}`),
			base64(`${user}:${secret}`),
			...base64Shards(secret),
		]),
	];
}

/** The forms of `secret` that `text` contains; empty when it is clean. */
export function leakedForms(text: string, secret: string, user = ''): string[] {
	return secretForms(secret, user).filter((form) => text.includes(form));
}

export function expectNoSecret(text: string, secret: string, user = ''): void {
	expect(leakedForms(text, secret, user)).toEqual([]);
}
