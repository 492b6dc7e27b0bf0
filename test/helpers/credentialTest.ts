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
