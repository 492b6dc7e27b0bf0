// Types for stack.cjs (used by the TypeScript e2e tests).
import type { Mailbox } from './mailbox.cjs';
import type { RunningN8n } from './n8n-process.cjs';
import type { CredentialRef, N8nRest } from './n8n-rest.cjs';
import type { Log, RuntimePaths } from './n8n-runtime.cjs';

type Json = Record<string, unknown>;

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface ExampleWorkflow {
	file: string;
	name: string;
	active?: boolean;
	nodes: Json[];
	connections: Json;
	settings?: Json;
	pinData?: Json;
}

export interface ImportedExample {
	file: string;
	id: string;
	name: string;
	active: boolean;
	created: boolean;
}

export interface Stack {
	paths: RuntimePaths;
	n8n: RunningN8n;
	mailbox: Mailbox;
	rest: N8nRest;
	owner: Owner;
	tarball: string;
	credential?: CredentialRef;
	workflows?: ImportedExample[];
	stop(): Promise<void>;
}

export declare const CREDENTIAL_TYPE: 'smtpAlertApi';
export declare const NODE_TYPE: 'n8n-nodes-alert-email.alertEmail';
export declare const MAILBOX_CREDENTIAL_NAME: string;
export declare const DEV_OWNER: Owner;

export declare function startStack(options: {
	userFolder: string;
	fresh?: boolean;
	port?: number;
	smtpPort?: number;
	webPort?: number;
	tarball?: string;
	bootstrap?: boolean;
	owner?: Owner;
	log?: Log;
}): Promise<Stack>;
export declare function mailboxCredentialData(mailbox: Mailbox, overrides?: Json): Json;
export declare function ensureMailboxCredential(rest: N8nRest, mailbox: Mailbox): Promise<CredentialRef>;
export declare function importExamples(rest: N8nRest, credential: CredentialRef, options?: { log?: Log }): Promise<ImportedExample[]>;
export declare function loadExamples(dir?: string): ExampleWorkflow[];
export declare function withCredential(nodes: Json[], credential: { id: string; name: string }): Json[];
