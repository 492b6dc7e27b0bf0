/**
 * Who gets an item's email: To (the node's, else the credential's Default Recipients), CC, BCC and
 * Reply-To, parsed by mail/addresses.ts. An address is sent to once: duplicates are removed
 * case-insensitively within a list, and CC drops what To has, BCC what To or CC has.
 *
 * An invalid entry refuses the item (Options › Invalid Recipients "Refuse the Item", the default),
 * naming every bad entry. With "Send to the Valid Ones" the bad entries are dropped and listed in
 * the output instead, as long as To keeps at least one address.
 */
import { ConfigurationError } from '../shared/configurationError';
import { parseAddressList, refusalMessage, withoutDuplicates } from '../mail/addresses';
import type { DroppedRecipient, Mailbox } from '../model';

export type InvalidRecipients = 'refuse' | 'sendToValid';

export const INVALID_RECIPIENTS_OPTION = 'Options › Invalid Recipients';

export interface Recipients {
	to: Mailbox[];
	cc: Mailbox[];
	bcc: Mailbox[];
	replyTo: Mailbox[];
	dropped: DroppedRecipient[];
}

export interface RecipientFields {
	/** The node's To Email; empty (or missing) means the credential's Default Recipients. */
	to: unknown;
	defaultTo: string;
	cc: unknown;
	bcc: unknown;
	replyTo: unknown;
}

export const TO_FIELD = 'To Email';
export const DEFAULT_TO_FIELD = 'Default Recipients (credential)';

const isEmpty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && !value.trim()) || (Array.isArray(value) && value.length === 0);

export function readRecipients(fields: RecipientFields, policy: InvalidRecipients): Recipients {
	const dropped: DroppedRecipient[] = [];
	const read = (value: unknown, field: string): Mailbox[] => {
		const list = parseAddressList(value, field);
		if (list.refused.length === 0) return list.mailboxes;
		if (policy === 'refuse') {
			throw new ConfigurationError(field, refusalMessage(list, ` Or set ${INVALID_RECIPIENTS_OPTION} to "Send to the Valid Ones".`));
		}
		dropped.push(...list.refused.map((refused) => ({ field, ...refused })));
		return list.mailboxes;
	};
	const toField = isEmpty(fields.to) ? DEFAULT_TO_FIELD : TO_FIELD;
	const to = read(isEmpty(fields.to) ? fields.defaultTo : fields.to, toField);
	if (to.length === 0) {
		throw new ConfigurationError(
			TO_FIELD,
			dropped.length > 0
				? `no valid address left: ${dropped.map(({ entry, reason }) => `"${entry}" ${reason}`).join('; ')}. Enter at least one valid address.`
				: 'no recipient: it is empty and the credential has no Default Recipients. Enter at least one address here or in the credential.',
		);
	}
	const seen = new Set<string>();
	const unique = (list: Mailbox[]) => withoutDuplicates(list, seen);
	return {
		to: unique(to),
		cc: unique(read(fields.cc, 'Options › CC')),
		bcc: unique(read(fields.bcc, 'Options › BCC')),
		replyTo: read(fields.replyTo, 'Options › Reply To'),
		dropped,
	};
}
