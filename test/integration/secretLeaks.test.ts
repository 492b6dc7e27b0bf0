/**
 * The leak check. Every failure path runs with marker secrets (an authorization code and a proxy
 * password full of characters that change under URL and base64 encoding), through the real engine
 * with "continue" (regular and error output) and without it (NodeApiError), and through the
 * credential test. Servers and proxies here echo what they were sent back in their replies, as
 * broken or hostile ones do. Nothing the run surfaces may hold a secret in any form it travels in:
 * no output item, no error message, description, context, cause or stack, nothing in the workflow
 * run data, and no line written to the console, stdout, stderr or n8n's logger. Every scenario's
 * credential also signs with a DKIM private key, which must never surface either (no line of it).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

import type { IDataObject, WorkflowExecuteMode } from 'n8n-workflow';

import { CHECK_TUNING, checkConnection } from '../../nodes/AlertEmail/smtp/connectionCheck';
import { runAlertWorkflow } from '../helpers/engine';
import type { RunOptions } from '../helpers/engine';
import { errorOf } from '../helpers/errorItems';
import { startFaultServer } from '../helpers/faultServer';
import type { FaultScript } from '../helpers/faultServer';
import { captureOutput, renderAll } from '../helpers/outputCapture';
import { closedPort } from '../helpers/ports';
import { startHttpProxy, startSocks5Proxy } from '../helpers/proxies';
import { makeDkimKey } from '../helpers/dkimDns';
import { leakedForms } from '../helpers/secrets';
import { credentialFor, startSmtpServer, TEST_USER } from '../helpers/smtpServer';

const AUTH_CODE = 'Mk-aut#h:C0de/é+9q';
const PROXY_USER = 'proxy-user';
const PROXY_PASSWORD = 'Px!pw@M4rk:er%20/z';
const FAST = { connectionTimeout: 0.3, socketTimeout: 0.4, retryDelay: 5, maxRetries: 0 };
const SHORT = { ...CHECK_TUNING, connectionTimeoutMs: 300, greetingTimeoutMs: 300, socketTimeoutMs: 500 };
const base64 = (text: string) => Buffer.from(text).toString('base64');

const DKIM = makeDkimKey('rsa');
/** A key that does not parse, with a marker where its body would be. */
const BAD_DKIM_MARKER = 'Dk1mM4rkerS3cretB0dyXYZ';
const dkimFields = (privateKey = DKIM.privateKeyPem) => ({
	dkimDomain: DKIM.domain,
	dkimSelector: DKIM.selector,
	dkimPrivateKey: privateKey,
});
/** The key as it could leak: whole, or any line of its base64 body (long enough to be the key's). */
const dkimForms = [DKIM.privateKeyPem.trim(), ...DKIM.privateKeyPem.split('\n').filter((line) => line.length >= 40), BAD_DKIM_MARKER];

interface Scenario {
	credential: Record<string, unknown>;
	/** What the error or result says, so the scenario is known to have failed the intended way. */
	expected: RegExp;
	/** The credential test's answer (with Send Test Email on), when it is not a failure saying `expected`. */
	check?: { ok: boolean; message: RegExp };
	close(): Promise<void>;
}

const closers: Array<() => Promise<void>> = [];
afterAll(() => Promise.all(closers.map((close) => close())));

async function faultScenario(script: FaultScript, expected: RegExp, security: 'none' | 'handshakeFailure' = 'none'): Promise<Scenario> {
	const server = await startFaultServer({ script, security, password: AUTH_CODE });
	return { credential: server.credential({ password: AUTH_CODE }), expected, close: () => server.close() };
}

/** An HTTP proxy that answers every CONNECT with 407 and the Proxy-Authorization it got, in its status line. */
async function echoingProxy(): Promise<{ port: number; close(): Promise<void> }> {
	const server = net.createServer((socket) => {
		socket.once('data', (chunk) => {
			const auth = /proxy-authorization: *([^\r\n]*)/i.exec(chunk.toString('latin1'))?.[1] ?? 'none';
			socket.end(`HTTP/1.1 407 Not with ${auth}\r\nProxy-Authenticate: Basic realm="x"\r\nContent-Length: 0\r\n\r\n`);
		});
		socket.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const proxyFields = (type: string, port: number, password = PROXY_PASSWORD) => ({
	proxyType: type,
	proxyHost: '127.0.0.1',
	proxyPort: port,
	proxyUser: PROXY_USER,
	proxyPassword: password,
});

const SCENARIOS: Record<string, () => Promise<Scenario>> = {
	'wrong authorization code (535)': async () => {
		const server = await startSmtpServer({ security: 'ssl', users: { [TEST_USER]: 'the-right-one' } });
		return { credential: server.credential({ password: AUTH_CODE }), expected: /Login failed/, close: () => server.close() };
	},
	'535 that echoes the AUTH PLAIN token and the password': () =>
		faultScenario(
			{ login: (_attempt, login) => `535 5.7.8 rejected ${login.raw} (${login.pass}) [${base64(login.pass)}]` },
			/Login failed/,
		),
	'untrusted certificate, through an authenticated SOCKS5 proxy': async () => {
		const server = await startSmtpServer({ security: 'ssl', users: { [TEST_USER]: AUTH_CODE } });
		const proxy = await startSocks5Proxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } });
		return {
			credential: server.credential({ password: AUTH_CODE, allowUnauthorizedCerts: false, ...proxyFields('socks5', proxy.port) }),
			expected: /certificate is not trusted/,
			close: async () => {
				await proxy.close();
				await server.close();
			},
		};
	},
	'TLS handshake failure': () => faultScenario({}, /TLS handshake .* failed/, 'handshakeFailure'),
	'greeting timeout': () => faultScenario({ greeting: () => 'silent' }, /never greeted|No answer/),
	'server stalls after DATA (socket timeout)': () => faultScenario({ data: () => 'stall' }, /stopped answering/),
	'connection cut mid-DATA': () => faultScenario({ data: () => 'dropMidData' }, /connection .* was lost/i),
	'quota reply that echoes the code': () =>
		faultScenario({ data: () => ({ reply: `550 Sender frequency limited for ${AUTH_CODE}` }) }, /refused more mail for now/),
	'partial: a refused recipient whose reply echoes the code': async () => ({
		...(await faultScenario(
			{
				recipient: (address) =>
					address.startsWith('gone')
						? `550 5.1.1 unknown; you sent ${base64(`\0${TEST_USER}\0${AUTH_CODE}`)} ${encodeURIComponent(AUTH_CODE)}`
						: undefined,
			},
			/partial/,
		)),
		// The test email reaches ops@ and says gone@ was refused: a success with the refusal named.
		check: { ok: true, message: /Test email sent to ops@example\.com .*The server refused gone@example\.com \(550 5\.1\.1 unknown/ },
	}),
	'quota reply that echoes the proxy login, through an authenticated HTTP proxy': async () => {
		const proxy = await startHttpProxy({ auth: { user: PROXY_USER, password: PROXY_PASSWORD } });
		const scenario = await faultScenario(
			{ data: () => ({ reply: `550 quota exceeded for Basic ${base64(`${PROXY_USER}:${PROXY_PASSWORD}`)} (${PROXY_PASSWORD})` }) },
			/refused more mail for now/,
		);
		return {
			credential: { ...scenario.credential, ...proxyFields('http', proxy.port) },
			expected: scenario.expected,
			close: async () => {
				await proxy.close();
				await scenario.close();
			},
		};
	},
	'HTTP proxy refuses the login (407)': async () => {
		const server = await startSmtpServer({ security: 'ssl', users: { [TEST_USER]: AUTH_CODE } });
		const proxy = await startHttpProxy({ auth: { user: PROXY_USER, password: 'another-one' } });
		return {
			credential: server.credential({ password: AUTH_CODE, ...proxyFields('http', proxy.port) }),
			expected: /refused the login/,
			close: async () => {
				await proxy.close();
				await server.close();
			},
		};
	},
	'SOCKS5 proxy refuses the login': async () => {
		const server = await startSmtpServer({ security: 'ssl', users: { [TEST_USER]: AUTH_CODE } });
		const proxy = await startSocks5Proxy({ auth: { user: PROXY_USER, password: 'another-one' } });
		return {
			credential: server.credential({ password: AUTH_CODE, ...proxyFields('socks5', proxy.port) }),
			expected: /refused the login|requires a login/,
			close: async () => {
				await proxy.close();
				await server.close();
			},
		};
	},
	'HTTP proxy echoes Proxy-Authorization in its 407': async () => {
		const proxy = await echoingProxy();
		return {
			credential: credentialFor(
				{ host: '127.0.0.1', port: 465, security: 'ssl' },
				{ password: AUTH_CODE, ...proxyFields('http', proxy.port) },
			),
			expected: /refused the login/,
			close: proxy.close,
		};
	},
	'unreadable DKIM private key': async () => {
		const server = await startSmtpServer({ security: 'ssl', users: { [TEST_USER]: AUTH_CODE } });
		const badKey = `-----BEGIN PRIVATE KEY-----\n${BAD_DKIM_MARKER}${base64(AUTH_CODE)}\n-----END PRIVATE KEY-----`;
		return {
			credential: server.credential({ password: AUTH_CODE, ...dkimFields(badKey) }),
			expected: /DKIM Private Key is not a readable PEM/,
			close: () => server.close(),
		};
	},
	'proxy not reachable': async () => {
		const port = await closedPort();
		return {
			credential: credentialFor({ host: '127.0.0.1', port: 465, security: 'ssl' }, { password: AUTH_CODE, ...proxyFields('http', port) }),
			expected: /Could not reach the http proxy/,
			close: async () => undefined,
		};
	},
};

type Mode = NonNullable<RunOptions['onError']> | 'stopWorkflow';
const MODES: Mode[] = ['continueRegularOutput', 'continueErrorOutput', 'stopWorkflow'];

function expectClean(surfaced: string): void {
	expect({
		authorizationCode: leakedForms(surfaced, AUTH_CODE, TEST_USER),
		proxyPassword: leakedForms(surfaced, PROXY_PASSWORD, PROXY_USER),
		dkimPrivateKey: dkimForms.filter((form) => surfaced.includes(form)),
	}).toEqual({ authorizationCode: [], proxyPassword: [], dkimPrivateKey: [] });
}

describe.each(Object.keys(SCENARIOS))('%s', (name) => {
	let scenario: Scenario;
	beforeAll(async () => {
		scenario = await SCENARIOS[name]();
		// Every credential signs with DKIM, unless the scenario is about a bad key.
		scenario.credential = { ...dkimFields(), ...scenario.credential };
		closers.push(() => scenario.close());
	});

	it.each(MODES)('the node (%s) surfaces no secret anywhere', async (mode) => {
		const capture = captureOutput();
		let surfaced: string;
		try {
			const result = await runAlertWorkflow({
				parameters: { toEmail: 'ops@example.com, gone@example.com', options: FAST },
				credential: scenario.credential,
				items: [
					{ title: 'Disk full', severity: 'critical' },
					{ title: 'CPU hot', severity: 'error' },
				],
				mode: 'trigger' as WorkflowExecuteMode,
				...(mode === 'stopWorkflow' ? {} : { onError: mode }),
			});
			surfaced = [
				renderAll(result.run),
				renderAll(result.error),
				renderAll([result.sent, result.errors, result.skipped]),
				...capture.lines,
			].join('\n');
			const said = [
				result.error?.message,
				...[...result.sent, ...result.errors].map((item) => `${errorOf(item)?.message ?? ''} ${String(item.json.status ?? '')}`),
			].join(' ');
			expect(said).toMatch(scenario.expected);
			if (mode === 'stopWorkflow' && result.error) {
				// The engine logged the node's error: proof that the capture sees n8n's logger.
				expect(capture.lines.some((line) => line.startsWith('n8n logger.error') && line.includes((result.error as Error).message))).toBe(
					true,
				);
			}
		} finally {
			capture.restore();
		}
		expectClean(surfaced);
	});

	it('the credential test surfaces no secret anywhere', async () => {
		const capture = captureOutput();
		let surfaced: string;
		try {
			// The credential test's own logic with short timeouts (n8n's dialog would wait 10 s for a silent server).
			const result = await checkConnection(
				{ ...scenario.credential, sendTestEmail: true, toEmail: 'ops@example.com, gone@example.com' } as never,
				{ tuning: SHORT, tlsProbeAfterMs: 100 },
			);
			surfaced = [renderAll(result), ...capture.lines].join('\n');
			const { ok, message } = scenario.check ?? { ok: false, message: scenario.expected };
			expect(result).toEqual({ ok, message: expect.stringMatching(message) });
		} finally {
			capture.restore();
		}
		expectClean(surfaced);
	});
});

it('the check sees a secret when one is there', () => {
	const item: IDataObject = {
		error: `AUTH PLAIN ${base64(`\0${TEST_USER}\0${AUTH_CODE}`)}`,
		proxy: `http://${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@127.0.0.1`,
	};
	expect(leakedForms(renderAll(item), AUTH_CODE, TEST_USER).length).toBeGreaterThan(0);
	expect(leakedForms(renderAll(item), PROXY_PASSWORD, PROXY_USER).length).toBeGreaterThan(0);
	expect(leakedForms(`334 ${base64(AUTH_CODE)}`, AUTH_CODE)).toContain(base64(AUTH_CODE));
	expect(leakedForms(`x${base64(`ab${AUTH_CODE}cd`)}`, AUTH_CODE).length).toBeGreaterThan(0);
	expect(dkimForms.filter((form) => renderAll({ key: DKIM.privateKeyPem }).includes(form)).length).toBeGreaterThan(0);
});
