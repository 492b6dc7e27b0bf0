// A real n8n 2.x with the packed tarball installed as a community package: the owner signs up
// and in over REST, n8n has registered the node and the credential, and the credential test
// (run the way the editor runs it) answers OK, or a plain hint for a wrong code or a closed port.
import { closedPort } from '../helpers/ports';
import { N8nRest } from '../../scripts/lib/n8n-rest.cjs';
import type { CredentialRef } from '../../scripts/lib/n8n-rest.cjs';
import { CREDENTIAL_TYPE, NODE_TYPE, mailboxCredentialData } from '../../scripts/lib/stack.cjs';
import type { Stack } from '../../scripts/lib/stack.cjs';
import { startE2eStack } from './helpers/e2eStack';

jest.setTimeout(15 * 60 * 1000); // the first run installs n8n into the cache

let stack: Stack;
beforeAll(async () => {
	stack = await startE2eStack('credential', { bootstrap: false });
});
afterAll(async () => {
	await stack?.stop();
});

describe('n8n with the community package', () => {
	it('lets the owner sign up and then sign in with a new session', async () => {
		const setup = await stack.rest.setupOwner(stack.owner);
		expect(setup).toMatchObject({ email: stack.owner.email });

		const fresh = new N8nRest(stack.n8n.url);
		await expect(fresh.request('GET', '/rest/credentials')).rejects.toMatchObject({ status: 401 });
		const user = await fresh.login(stack.owner);
		expect(user).toMatchObject({ email: stack.owner.email });
		await expect(fresh.listCredentials()).resolves.toEqual([]);
		// The rest of the file works in the session this sign-in opened.
		stack.rest = fresh;
	});

	it('registers the Alert Email node from the installed package, with its credential and two outputs', async () => {
		const types = await stack.rest.nodeTypes();
		const node = types.find((type) => type.name === NODE_TYPE);
		expect(node).toBeDefined();
		expect(node).toMatchObject({ displayName: 'Alert Email', version: 1, outputNames: ['Sent', 'Skipped'] });
		// The SMTP Alert credential is always asked for; any other (n8n's Redis credential, for Shared
		// State) only when a parameter picks it.
		const credentials = node!.credentials as Array<{ name: string; required?: boolean; displayOptions?: unknown }>;
		expect(credentials[0]).toMatchObject({ name: CREDENTIAL_TYPE, required: true });
		expect(credentials[0].displayOptions).toBeUndefined();
		for (const other of credentials.slice(1))
			expect({ name: other.name, shownFor: other.displayOptions }).toEqual({ name: other.name, shownFor: expect.anything() });

		const credentialTypes = await stack.rest.request<Array<{ name: string }>>('GET', '/types/credentials.json');
		expect(credentialTypes.map((type) => type.name)).toContain(CREDENTIAL_TYPE);
	});
});

describe('credential test, sent with the credential data as the editor does', () => {
	let credential: CredentialRef;

	beforeAll(async () => {
		credential = await stack.rest.createCredential({
			name: 'Local mailbox',
			type: CREDENTIAL_TYPE,
			data: mailboxCredentialData(stack.mailbox),
		});
	});

	it('stores the credential with its secret hidden from the listing', async () => {
		const listed = await stack.rest.listCredentials();
		expect(listed).toEqual([expect.objectContaining({ id: credential.id, type: CREDENTIAL_TYPE })]);
		const stored = await stack.rest.getCredential(credential.id, { includeData: true });
		expect(stored.data).toMatchObject({ provider: 'custom', host: '127.0.0.1', port: stack.mailbox.smtpPort });
		expect(stored.data?.password).not.toBe(stack.mailbox.code);
	});

	it('says OK when the server accepts the login', async () => {
		const result = await stack.rest.testCredential(credential.id);
		expect(result).toEqual({ status: 'OK', message: expect.stringContaining('Connected and logged in') });
	});

	it('hints at the authorization code when the server answers 535', async () => {
		const result = await stack.rest.testCredential(credential.id, { password: 'my-mailbox-password' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/authorization code/i);
	});

	it('says the connection was refused when nothing listens on the port', async () => {
		const result = await stack.rest.testCredential(credential.id, { port: await closedPort() });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/refused/i);
	});

	it('never sent a test email (sendTestEmail is off)', () => {
		expect(stack.mailbox.messages()).toEqual([]);
	});
});
