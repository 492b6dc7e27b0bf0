import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import type { SmtpAlertCredential } from '../smtp/credential';
import { checkConnection } from '../smtp/connectionCheck';

export async function smtpAlertConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as Partial<SmtpAlertCredential>;
	const result = await checkConnection(data);
	return { status: result.ok ? 'OK' : 'Error', message: result.message };
}
