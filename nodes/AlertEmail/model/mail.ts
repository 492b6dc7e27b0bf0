/** Recipients and outgoing mail: what the item asks for and what crosses to the transport. */
import type { KeyObject } from 'node:crypto';

export interface Mailbox {
	/** Display name, empty when there is none. */
	name: string;
	address: string;
}

export interface RefusedEntry {
	/** The entry as typed (control characters shown as ␤), cut to a readable length. */
	entry: string;
	reason: string;
}

/** An entry left out under "Send to the Valid Ones", as the output lists it. */
export interface DroppedRecipient extends RefusedEntry {
	field: string;
}

/** A file from an item's binary data, read for an email (pipeline/attachFiles.ts). */
export interface AttachmentFile {
	/** The binary property it came from. */
	property: string;
	/** Safe to show: one line, no path parts (mail/attachmentName.ts). */
	fileName: string;
	mimeType: string;
	/** Bytes. */
	size: number;
	/** The file's bytes, base64: plain data, so an alert can wait in a group window (also in Redis). */
	base64: string;
	/** Options › Inline Image: shown inside the HTML body. */
	inline?: boolean;
}

/** A file an email goes without ("Send Without the File"), as the Sent item lists it. */
export interface DroppedAttachment {
	property: string;
	fileName?: string;
	size?: number;
	reason: string;
}

/** A file as nodemailer attaches it; `cid` makes it a related part the HTML refers to. */
export interface MailAttachment {
	fileName: string;
	mimeType: string;
	base64: string;
	cid?: string;
}

/** A DKIM signing key (smtp/dkim.ts), read from the credential. */
export interface DkimKey {
	domain: string;
	selector: string;
	key: KeyObject;
	algorithm: 'rsa-sha256' | 'ed25519-sha256';
}

export interface OutgoingMail {
	from: Mailbox;
	to: Mailbox[];
	cc?: Mailbox[];
	bcc?: Mailbox[];
	replyTo?: Mailbox[];
	subject: string;
	text: string;
	html: string;
	/** Message-ID with angle brackets; a stable one lets mail clients thread repeats. */
	messageId?: string;
	inReplyTo?: string;
	references?: string[];
	priority?: 'high' | 'normal' | 'low';
	headers?: Record<string, string>;
	/** Sign the message as it goes out; never shown in any output. */
	dkim?: DkimKey;
	attachments?: MailAttachment[];
}

export interface RejectedRecipient {
	address: string;
	/** The server's reply to RCPT TO for this address, decoded. */
	reply: string;
	responseCode?: number;
}

export interface SendReceipt {
	messageId: string;
	accepted: string[];
	/** Recipients the server refused while accepting the mail for the others. */
	rejected: RejectedRecipient[];
	/** The server's final reply to DATA, e.g. "250 OK: queued as ...". */
	response: string;
}
