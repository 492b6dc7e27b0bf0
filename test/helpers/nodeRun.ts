/**
 * Runs the Alert Email node against a test SMTP server and returns the run plus exactly the mails
 * that run delivered. Parameters default to a fixed recipient and prefix; override any of them.
 */
import path from 'node:path';

import type { AddressObject } from 'mailparser';
import type { IDataObject } from 'n8n-workflow';

import { PACKAGE_ROOT, runAlertWorkflow } from './engine';
import type { RunOptions, RunOutcome } from './engine';
import type { ReceivedMail, TestSmtpServer } from './smtpServer';

export interface NodeRun extends RunOutcome {
	mails: ReceivedMail[];
}

export async function runNode(
	server: TestSmtpServer,
	items: IDataObject[],
	parameters: IDataObject = {},
	options: Partial<Omit<RunOptions, 'items' | 'parameters'>> = {},
): Promise<NodeRun> {
	const before = server.messages.length;
	const outcome = await runAlertWorkflow({
		parameters: { toEmail: 'ops@example.com', subjectPrefix: '[Prod]', ...parameters },
		credential: server.credential(),
		items,
		...options,
	});
	return { ...outcome, mails: server.messages.slice(before) };
}

/** The headers every per-alert email carries (threading on, not high priority), lower case. */
export const ALERT_HEADERS = [
	'content-type',
	'from',
	'to',
	'subject',
	'message-id',
	'in-reply-to',
	'references',
	'auto-submitted',
	'x-auto-response-suppress',
	'date',
	'mime-version',
];

/** The raw header block, as the server received it. */
export function rawHeaderBlock(mail: ReceivedMail): string {
	return mail.raw.toString('utf8').split('\r\n\r\n')[0];
}

/** [name, address] of each mailbox in a parsed address header (To, Cc, From …). */
export function mailboxesOf(field: AddressObject | AddressObject[] | undefined): Array<[string, string]> {
	return [field ?? []].flat().flatMap((group) => group.value.map((entry): [string, string] => [entry.name, entry.address ?? '']));
}

/** Header names of a received mail, lower case, in order. */
export function headerNames(mail: ReceivedMail): string[] {
	return mail.parsed.headerLines.map((line) => line.key);
}

export function header(mail: ReceivedMail, name: string): string | undefined {
	return mail.parsed.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, '');
}

/** The node's in-process throttle memory in the built package, the module instance n8n loaded. */
export function processMemory(): { forgetMemoryTables(): void } {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built module, as the engine loaded it
	return require(path.join(PACKAGE_ROOT, 'dist/nodes/AlertEmail/throttle/memoryTables.js'));
}
