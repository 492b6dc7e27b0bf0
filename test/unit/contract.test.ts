/**
 * The public contract of the first release: saved workflows and credentials depend on these names and
 * option values, so a rename must fail here before it ships.
 */
import type { INodeProperties } from 'n8n-workflow';

import { SmtpAlertApi } from '../../credentials/SmtpAlertApi.credentials';
import { AlertEmail } from '../../nodes/AlertEmail/AlertEmail.node';

const byName = (properties: INodeProperties[]) => new Map(properties.map((property) => [property.name, property]));
const optionValues = (property: INodeProperties | undefined) =>
	(property?.options ?? []).map((option) => ('value' in option ? option.value : undefined));

describe('credential smtpAlertApi', () => {
	const credential = new SmtpAlertApi();
	const fields = byName(credential.properties);

	it('keeps its name and every contract field', () => {
		expect(credential.name).toBe('smtpAlertApi');
		const contract = [
			'provider',
			'host',
			'port',
			'security',
			'user',
			'password',
			'fromEmail',
			'fromName',
			'toEmail',
			'subjectPrefix',
			'allowUnauthorizedCerts',
			'clientHostname',
			'proxyType',
			'proxyHost',
			'proxyPort',
			'proxyUser',
			'proxyPassword',
			'sendTestEmail',
		];
		for (const name of contract) expect(fields.has(name) ? name : `missing ${name}`).toBe(name);
	});

	it('keeps the option values and field types', () => {
		expect(optionValues(fields.get('provider')).sort()).toEqual(
			['qq', 'qqEnterprise', '163', '126', 'yeah', 'aliyun', 'gmail', 'outlook', 'custom'].sort(),
		);
		expect(optionValues(fields.get('security')).sort()).toEqual(['none', 'ssl', 'starttls']);
		expect(optionValues(fields.get('proxyType')).sort()).toEqual(['http', 'none', 'socks5']);
		expect(fields.get('port')).toMatchObject({ type: 'number', default: 0 });
		expect(fields.get('proxyPort')?.type).toBe('number');
		expect(fields.get('allowUnauthorizedCerts')).toMatchObject({ type: 'boolean', default: false });
		expect(fields.get('sendTestEmail')).toMatchObject({ type: 'boolean', default: false });
	});

	it('adds a Minimum TLS Version that defaults to TLS 1.2 and calls the lower ones insecure', () => {
		const field = fields.get('minTlsVersion');
		expect(field).toMatchObject({ type: 'options', default: 'TLSv1.2' });
		expect(optionValues(field)).toEqual(['TLSv1.2', 'TLSv1.3', 'TLSv1.1', 'TLSv1']);
		const names = (field?.options ?? []).map((option) => option.name);
		expect(names.filter((name) => /Insecure/.test(name))).toEqual([
			'TLS 1.1 (Insecure, Old Servers Only)',
			'TLS 1.0 (Insecure, Old Servers Only)',
		]);
		expect(fields.get('allowUnauthorizedCerts')?.displayName).toMatch(/Insecure/);
	});

	it('hides secrets in the UI', () => {
		expect(fields.get('password')?.typeOptions?.password).toBe(true);
		expect(fields.get('proxyPassword')?.typeOptions?.password).toBe(true);
	});
});

describe('node alertEmail', () => {
	const { description } = new AlertEmail();
	const parameters = byName(description.properties);

	it('keeps its identity, outputs and credential link', () => {
		expect(description).toMatchObject({ name: 'alertEmail', version: 1, usableAsTool: true, outputNames: ['Sent', 'Skipped'] });
		expect(description.outputs).toHaveLength(2);
		expect(description.credentials).toEqual([
			expect.objectContaining({ name: 'smtpAlertApi', required: true, testedBy: expect.any(String) }),
			// n8n's own Redis credential, asked for only when Shared State is "Redis Credential".
			expect.objectContaining({ name: 'redis', displayOptions: { show: { sharedState: ['redis'] } } }),
		]);
		const testedBy = description.credentials?.[0].testedBy as string;
		expect(typeof new AlertEmail().methods.credentialTest[testedBy as keyof AlertEmail['methods']['credentialTest']]).toBe('function');
	});

	it('keeps every top-level parameter and its option values', () => {
		const contract = [
			'toEmail',
			'subjectPrefix',
			'mapping',
			'eventType',
			'severity',
			'title',
			'message',
			'source',
			'includeEvents',
			'excludeEvents',
			'minSeverity',
			'sendInterval',
			'grouping',
			'language',
			'options',
		];
		for (const name of contract) expect(parameters.has(name) ? name : `missing ${name}`).toBe(name);
		expect(optionValues(parameters.get('mapping')).sort()).toEqual(['auto', 'manual']);
		expect(optionValues(parameters.get('minSeverity'))).toEqual(['info', 'warning', 'error', 'critical']);
		expect(optionValues(parameters.get('grouping')).sort()).toEqual(['digest', 'perAlert']);
		expect(optionValues(parameters.get('language')).sort()).toEqual(['en', 'zh']);
		expect(parameters.get('sendInterval')?.type).toBe('number');
		expect(parameters.get('options')?.type).toBe('collection');
	});

	it('shows the manual mapping fields only in manual mapping', () => {
		for (const name of ['eventType', 'severity', 'title', 'message', 'source']) {
			expect(parameters.get(name)?.displayOptions?.show?.mapping).toEqual(['manual']);
		}
		// Inside the options collection, the top-level parameter is reached with "/".
		const alertStatus = (parameters.get('options')?.options as INodeProperties[]).find((option) => option.name === 'alertStatus');
		expect(alertStatus?.displayOptions?.show?.['/mapping']).toEqual(['manual']);
	});
});
