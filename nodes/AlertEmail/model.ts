/**
 * The data every step of the pipeline passes along, in one place, so that no step has to import
 * another step for a type: alerts (what mapping makes), recipients and envelopes (what the item
 * asks for), throttle facts, mail groups and jobs (what is sent), and what was skipped.
 * Types only, and the severity scale they are built on.
 */
import type { KeyObject } from 'node:crypto';

// ── Alerts ──────────────────────────────────────────────────────────────────────────────────────

/** The alert every input shape is mapped to; everything downstream works on this only. */
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AlertStatus = 'firing' | 'resolved';

/** Where an alert came from; shown in the Skipped output so a user can see how an item was read. */
export type AlertShape = 'flat' | 'alertmanager' | 'grafana' | 'uptimeKuma' | 'manual';

export interface Alert {
	event: string;
	/** A resolved alert keeps the severity of the problem it resolves, so filters treat both alike. */
	severity: Severity;
	title: string;
	message: string;
	source: string;
	/** "firing" unless the payload says the problem is over ("resolved"). */
	status: AlertStatus;
	/** ISO 8601 when the payload's time is understood, else its text as given; the receive time when absent. */
	time: string;
	/** Extra key/value facts shown in the email's table (labels, annotations, links). */
	fields: Record<string, string>;
	shape: AlertShape;
	/** The input item this alert came from. */
	itemIndex: number;
}

/** What every mapper needs besides the payload. */
export interface MappingContext {
	itemIndex: number;
	receivedAt: Date;
	/** Used when the payload has no severity or one no alias matches. */
	defaultSeverity: Severity;
}

/** The alerts found in one item; `none` says why there are none (the item still ends in Skipped). */
export interface MappingResult {
	alerts: Alert[];
	none?: string;
}

// ── Recipients and outgoing mail ────────────────────────────────────────────────────────────────

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

// ── Throttle, grouping, jobs ─────────────────────────────────────────────────────────────────────

export type Grouping = 'perAlert' | 'digest';

/** Who gets an email and how its subject starts; alerts with equal envelopes can share a digest. */
export interface Envelope {
	/** Parsed once when the item is read, and carried as they are to the transport. */
	to: Mailbox[];
	cc: Mailbox[];
	bcc: Mailbox[];
	replyTo: Mailbox[];
	prefix: string;
	/** Invalid entries left out ("Send to the Valid Ones"), listed in the output. */
	dropped?: DroppedRecipient[];
	/** Options › Custom Headers, checked. */
	headers?: Record<string, string>;
}

export interface CustomTemplates {
	subject?: string;
	html?: string;
	text?: string;
}

/**
 * What the sending interval remembers of one throttle key. Plain JSON, so it fits n8n's workflow
 * static data and a Redis hash alike (throttle/entryTables.ts, sharedState/redisIntervalStore.ts).
 */
export interface ThrottleEntry {
	/** Epoch ms of the last email for the key; 0 when none was delivered yet. */
	sentAt: number;
	/** Repeats skipped since that email. */
	suppressed: number;
	/** Epoch ms of the first of those repeats. */
	suppressedSince?: number;
}

export interface ThrottleReport {
	/** Repeats suppressed since the last email for this key. */
	suppressed: number;
	suppressedSince?: number;
	lastSentAt?: number;
}

export interface Reservation {
	key: string;
	at: number;
	previous?: ThrottleEntry;
}

export type ThrottleDecision =
	/** `unchecked`: the shared store could not be asked (Redis down), so the alert goes without its interval check. */
	| { send: true; report: ThrottleReport; reservation?: Reservation; unchecked?: true }
	| { send: false; lastSentAt: number; nextAllowedAt: number; suppressed: number; suppressedSince: number };

export interface PassedAlert {
	alert: Alert;
	envelope: Envelope;
	throttleKey: string;
	report: ThrottleReport;
	/** The user's templates for a per-alert email, as evaluated for this alert's item. */
	templates?: CustomTemplates;
	/** The sending-interval slot this alert holds; given back if its email is not delivered. */
	reservation?: Reservation;
	/** The shared store could not be asked: sent without the Send Interval check. */
	intervalUnchecked?: true;
	/** Files from the alert's item (Options › Attachments and Inline Image). */
	files?: AttachmentFile[];
	/** Files it goes without ("Send Without the File"). */
	droppedAttachments?: DroppedAttachment[];
	/**
	 * Set when another execution handed this alert to this one's group window: that execution's id.
	 * Its `alert.itemIndex` is then an item of that execution, not of this one.
	 */
	handedBy?: string;
}

export interface MailGroup {
	kind: 'single' | 'digest';
	envelope: Envelope;
	entries: PassedAlert[];
}

export type SkipReason = 'filtered' | 'throttled' | 'noAlerts' | 'grouped';

export interface SkippedEntry {
	itemIndex: number;
	reason: SkipReason;
	detail: string;
	alert?: Alert;
	throttle?: { key: string; lastSentAt: string; nextAllowedAt: string; suppressed: number; suppressedSince: string };
	/** Reason "grouped": the execution whose group window sends this alert, and when that window closes. */
	grouped?: { executionId: string; windowClosesAt: string };
}

/** One mail to send and the input items it speaks for (several for a digest). */
export interface MailJob {
	mail: OutgoingMail;
	itemIndexes: number[];
	alertCount: number;
	/** Invalid recipient entries left out by the user's choice; reported with the outcome. */
	droppedRecipients?: DroppedRecipient[];
	/** The files the email carries, as the outputs list them (never their bytes). */
	attachments?: Array<Omit<AttachmentFile, 'base64'>>;
	droppedAttachments?: DroppedAttachment[];
	/** Not sent: its files add up to more than the size limit ("Refuse the Item"). */
	refused?: { field: string; message: string };
	/** Alerts whose Send Interval could not be checked (the shared store was unreachable). */
	intervalUnchecked?: number;
	/** Alerts of other executions that this digest carries (group window), reported with the outcome. */
	handedAlerts?: Array<{ executionId: string; alert: Alert }>;
	/** The alerts the mail carries, in the order it lists them; reported with the outcome. */
	alerts?: readonly Alert[];
}

export interface ComposedMail {
	job: MailJob;
	entries: PassedAlert[];
}
