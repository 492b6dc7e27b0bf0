/** The same alert items for every variant: realistic ~1 KB alerts, deterministic. */
import { TEST_AUTH_CODE, TEST_USER } from '../test/helpers/smtpServer';
import type { ServerSecurity } from '../test/helpers/smtpServer';

export interface BenchItem {
	[key: string]: string;
	event: string;
	severity: string;
	title: string;
	message: string;
	source: string;
	to: string;
}

const detail =
	'Replication lag on the orders pipeline exceeded the threshold. Last checkpoint was written ' +
	'before the upstream snapshot finished; the task will retry from the last committed offset. ';

export function alertItems(count: number, options: { sameKey?: boolean } = {}): BenchItem[] {
	return Array.from({ length: count }, (_unused, index) => ({
		event: options.sameKey ? 'sync.lagging' : `sync.task${index % 50}.failed`,
		severity: ['warning', 'error', 'critical'][index % 3],
		title: `Sync task ${index} failed: lag 900 s`,
		message: detail.repeat(5) + `(alert ${index})`,
		source: options.sameKey ? 'orders-pipeline' : `pipeline-${index % 20}`,
		to: `oncall${index % 4}@example.com`,
	}));
}

export interface ServerEndpoint {
	port: number;
	security: ServerSecurity;
}

/** Our credential for the bench server. */
export function alertCredential(server: ServerEndpoint): Record<string, unknown> {
	return {
		provider: 'custom',
		host: '127.0.0.1',
		port: server.port,
		security: server.security,
		user: TEST_USER,
		password: TEST_AUTH_CODE,
		fromEmail: '',
		fromName: 'Bench',
		toEmail: '',
		subjectPrefix: '[Bench]',
		allowUnauthorizedCerts: true,
		clientHostname: '',
		proxyType: 'none',
		sendTestEmail: false,
	};
}

/** The anchor's `smtp` credential for the same server. */
export function anchorCredential(server: ServerEndpoint): Record<string, unknown> {
	return {
		user: TEST_USER,
		password: TEST_AUTH_CODE,
		host: '127.0.0.1',
		port: server.port,
		secure: server.security === 'ssl',
		disableStartTls: false,
		hostName: '',
	};
}

/** Alert Email parameters, all fields as n8n expressions. */
export const alertParameters = {
	toEmail: '={{ $json.to }}',
	subjectPrefix: '[Bench]',
	mapping: 'manual',
	eventType: '={{ $json.event }}',
	severity: '={{ $json.severity }}',
	title: '={{ $json.title }}',
	message: '={{ $json.message }}',
	source: '={{ $json.source }}',
	grouping: 'perAlert',
	sendInterval: 0,
};

/** Send Email v2 parameters doing the same job: subject, text and a small HTML part. */
export const anchorParameters = {
	resource: 'email',
	operation: 'send',
	fromEmail: TEST_USER,
	toEmail: '={{ $json.to }}',
	subject: '={{ "[Bench] [" + $json.severity.toUpperCase() + "] " + $json.title }}',
	emailFormat: 'both',
	text: '={{ $json.event + "\\n" + $json.source + "\\n\\n" + $json.message }}',
	html: '={{ "<h2>" + $json.title + "</h2><p>" + $json.source + "</p><p>" + $json.message + "</p>" }}',
	options: { allowUnauthorizedCerts: true },
};
