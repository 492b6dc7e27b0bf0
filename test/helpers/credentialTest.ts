/**
 * Runs the SMTP Alert credential test the way n8n does: the built node's
 * `methods.credentialTest[testedBy]`, called with the decrypted credential.
 */
import type { ICredentialTestFunctions, INodeCredentialTestResult, INodeType } from 'n8n-workflow';

import { loadPackage } from './engine';

export async function testCredential(data: Record<string, unknown>): Promise<INodeCredentialTestResult> {
	const loader = await loadPackage();
	const node = loader.nodeTypes.alertEmail.type as INodeType;
	const testedBy = node.description.credentials?.find((c) => c.name === 'smtpAlertApi')?.testedBy;
	if (typeof testedBy !== 'string') throw new Error('the node declares no credential test for smtpAlertApi');
	const fn = node.methods?.credentialTest?.[testedBy];
	if (!fn) throw new Error(`credential test ${testedBy} not found`);
	const context = { logger: console, helpers: {} } as unknown as ICredentialTestFunctions;
	return fn.call(context, { id: '1', name: 'SMTP Alert', type: 'smtpAlertApi', data: data as never });
}

/** Every form a secret could leak in: as typed, URL-encoded, base64 alone and in AUTH PLAIN / Basic form. */
export function secretForms(secret: string, user = ''): string[] {
	const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
	return [secret, encodeURIComponent(secret), base64(secret), base64(`\0${user}\0${secret}`), base64(`${user}:${secret}`)];
}

export function expectNoSecret(text: string, secret: string, user = ''): void {
	for (const form of secretForms(secret, user)) expect(text).not.toContain(form);
}
