// An SMTP server on 127.0.0.1 in front of the stack's local mailbox: it keeps the raw bytes of
// every message (the mailbox keeps only parsed fields: subject, text, html, headers) and hands the
// same bytes on to the mailbox, so its page lists the email as usual. Same login as the mailbox.
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';

import type { Mailbox } from '../../../scripts/lib/mailbox.cjs';

export interface TappedMail {
	envelope: { from: string; to: string[] };
	raw: Buffer;
}

export interface MailTap {
	host: string;
	smtpPort: number;
	user: string;
	code: string;
	mails: TappedMail[];
	waitFor(count: number, timeoutMs?: number): Promise<TappedMail[]>;
	close(): Promise<void>;
}

export async function startMailTap(mailbox: Mailbox): Promise<MailTap> {
	const mails: TappedMail[] = [];
	const forward = nodemailer.createTransport({
		host: mailbox.host,
		port: mailbox.smtpPort,
		secure: false,
		ignoreTLS: true,
		auth: { user: mailbox.user, pass: mailbox.code },
	});
	const server = new SMTPServer({
		authMethods: ['PLAIN', 'LOGIN'],
		allowInsecureAuth: true,
		disabledCommands: ['STARTTLS'],
		size: 30 * 1024 * 1024,
		logger: false,
		onAuth(auth, _session, callback) {
			if (auth.username === mailbox.user && auth.password === mailbox.code) return callback(null, { user: auth.username });
			return callback(Object.assign(new Error('Login fail'), { responseCode: 535 }));
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const envelope = {
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
				};
				const raw = Buffer.concat(chunks);
				forward
					.sendMail({ envelope, raw })
					.then(() => {
						mails.push({ envelope, raw });
						callback();
					})
					.catch((error: Error) => callback(error));
			});
		},
	});
	await new Promise<void>((resolve, reject) => {
		server.server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.server.address() as { port: number };
	return {
		host: '127.0.0.1',
		smtpPort: port,
		user: mailbox.user,
		code: mailbox.code,
		mails,
		async waitFor(count, timeoutMs = 30000) {
			const deadline = Date.now() + timeoutMs;
			while (mails.length < count) {
				if (Date.now() > deadline) throw new Error(`mail tap: ${mails.length} of ${count} message(s) within ${timeoutMs} ms`);
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			return [...mails];
		},
		async close() {
			forward.close();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
