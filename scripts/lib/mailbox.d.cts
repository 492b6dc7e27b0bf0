// Types for mailbox.cjs (used by the TypeScript e2e tests).
export interface ReceivedMail {
	id: number;
	receivedAt: string;
	envelope: { from: string; to: string[] };
	login: string;
	messageId: string;
	from: string;
	to: string;
	subject: string;
	date: string;
	text: string;
	html: string;
	headers: Record<string, string>;
}

export interface Mailbox {
	host: string;
	smtpPort: number;
	webPort: number;
	webUrl: string;
	user: string;
	code: string;
	messages(): ReceivedMail[];
	clear(): void;
	waitForMessages(predicate?: (all: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<ReceivedMail[]>;
	close(): Promise<void>;
}

export declare const DEFAULT_LOGIN: { user: string; code: string };
export declare function startMailbox(options?: {
	host?: string;
	smtpPort?: number;
	webPort?: number;
	user?: string;
	code?: string;
}): Promise<Mailbox>;
