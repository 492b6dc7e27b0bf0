/** What the pipeline passes from step to step: envelopes, throttle facts, mail groups, jobs and skips. */
import type { Alert } from './alert';
import type { Mailbox, DroppedRecipient, AttachmentFile, DroppedAttachment, OutgoingMail } from './mail';

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
