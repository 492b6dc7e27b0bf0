import { formatMailbox } from '../../../nodes/AlertEmail/mail/addresses';
import { readRecipients as readMailboxes } from '../../../nodes/AlertEmail/pipeline/recipients';
import type { InvalidRecipients, RecipientFields } from '../../../nodes/AlertEmail/pipeline/recipients';

/** The lists as formatted text ("Name" <addr>), which is how these cases state them. */
function readRecipients(fields: RecipientFields, policy: InvalidRecipients) {
	const { to, cc, bcc, replyTo, dropped } = readMailboxes(fields, policy);
	return {
		to: to.map(formatMailbox),
		cc: cc.map(formatMailbox),
		bcc: bcc.map(formatMailbox),
		replyTo: replyTo.map(formatMailbox),
		dropped,
	};
}

const fields = (overrides: Partial<RecipientFields>): RecipientFields => ({
	to: '',
	defaultTo: '',
	cc: '',
	bcc: '',
	replyTo: '',
	...overrides,
});

describe("an item's recipients", () => {
	it("uses the node's To, else the credential's Default Recipients", () => {
		expect(readRecipients(fields({ to: 'a@x.com', defaultTo: 'd@x.com' }), 'refuse').to).toEqual(['a@x.com']);
		expect(readRecipients(fields({ to: ' ', defaultTo: 'd@x.com' }), 'refuse').to).toEqual(['d@x.com']);
		expect(
			readRecipients(fields({ to: [], defaultTo: 'Ops, Night <d@x.com>'.replace('Ops, Night', '"Ops, Night"') }), 'refuse').to,
		).toEqual(['"Ops, Night" <d@x.com>']);
	});

	it('sends to each address once: CC drops what To has, BCC what To or CC has, case-insensitively', () => {
		const recipients = readRecipients(
			fields({ to: 'a@x.com, A@X.com', cc: 'a@x.com, c@x.com', bcc: 'C@x.com, b@x.com, b@x.com', replyTo: 'a@x.com' }),
			'refuse',
		);
		expect(recipients).toEqual({ to: ['a@x.com'], cc: ['c@x.com'], bcc: ['b@x.com'], replyTo: ['a@x.com'], dropped: [] });
	});

	it('refuses the item by default, naming the field, every bad entry and the valid ones', () => {
		expect(() => readRecipients(fields({ to: 'a@x.com, x@, y' }), 'refuse')).toThrow(
			expect.objectContaining({
				field: 'To Email',
				message: expect.stringMatching(
					/^"x@" is not an email address; "y" is not an email address\. The valid address \(a@x\.com\) did not get it either\..*Or set Options › Invalid Recipients to "Send to the Valid Ones"\.$/,
				),
			}),
		);
		expect(() => readRecipients(fields({ to: 'a@x.com', bcc: 'b@x.com\rX: y' }), 'refuse')).toThrow(
			expect.objectContaining({ field: 'Options › BCC' }),
		);
		expect(() => readRecipients(fields({ defaultTo: 'nope' }), 'refuse')).toThrow(
			expect.objectContaining({ field: 'Default Recipients (credential)' }),
		);
	});

	it('with "Send to the Valid Ones" leaves bad entries out and lists them, per field', () => {
		const recipients = readRecipients(fields({ to: 'a@x.com, x@', cc: 'c@x.com\rBcc: evil@y.com', replyTo: 'nope' }), 'sendToValid');
		expect(recipients).toEqual({
			to: ['a@x.com'],
			cc: [],
			bcc: [],
			replyTo: [],
			dropped: [
				{ field: 'To Email', entry: 'x@', reason: 'is not an email address' },
				{ field: 'Options › CC', entry: 'c@x.com␤Bcc: evil@y.com', reason: 'contains a line break or control character' },
				{ field: 'Options › Reply To', entry: 'nope', reason: 'is not an email address' },
			],
		});
	});

	it('still refuses the item when no valid To address is left', () => {
		expect(() => readRecipients(fields({ to: 'x@, y' }), 'sendToValid')).toThrow(
			expect.objectContaining({
				field: 'To Email',
				message: 'no valid address left: "x@" is not an email address; "y" is not an email address. Enter at least one valid address.',
			}),
		);
		expect(() => readRecipients(fields({}), 'sendToValid')).toThrow(
			/^no recipient: it is empty and the credential has no Default Recipients/,
		);
	});
});
