/** What the server said about a mail, as the outputs report it: who got it, who not and why. */
import type { RejectedRecipient, SendReceipt } from '../model';
import type { WireInfo } from './connectionLink';
import type { ConnectionSettings } from './connectionSettings';
import { redactSecrets } from './redactSecrets';
import { decodeServerReply } from './serverReply';

interface RecipientError {
	recipient?: string;
	response?: string;
	responseCode?: number;
	message?: string;
}

function addressList(list: ReadonlyArray<string | { address: string }> | undefined): string[] {
	return (list ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.address));
}

function rejectedRecipients(
	addresses: string[],
	errors: readonly RecipientError[] | undefined,
	connection: ConnectionSettings,
): RejectedRecipient[] {
	return addresses.map((address) => {
		const error = errors?.find((candidate) => candidate.recipient === address);
		const reply = decodeServerReply(error?.response ?? error?.message ?? '');
		return { address, reply: redactSecrets(reply, connection), ...(error?.responseCode ? { responseCode: error.responseCode } : {}) };
	});
}

/** The receipt of a mail: replies decoded (GBK included) and free of secrets a server may echo. */
export function receiptOf(info: WireInfo & { messageId: string }, connection: ConnectionSettings): SendReceipt {
	return {
		messageId: info.messageId,
		accepted: addressList(info.accepted),
		rejected: rejectedRecipients(addressList(info.rejected), info.rejectedErrors as RecipientError[] | undefined, connection),
		response: redactSecrets(decodeServerReply(info.response ?? ''), connection),
	};
}
