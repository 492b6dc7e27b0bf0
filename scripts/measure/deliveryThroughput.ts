/**
 * A quick measurement, not the benchmark (that is bench/run.ts): 1,000 alerts through the real
 * engine with the pooled transport, against a new nodemailer transport per mail (what n8n's Send
 * Email node does), both to one loopback smtp-server with implicit TLS and AUTH.
 *   npm run build && npx tsc -p scripts/measure && node .bench-build/scripts/measure/deliveryThroughput.js
 * MEASURE_ITEMS (default 1000), MEASURE_REPS (default 3), MEASURE_GREETING_DELAY=1 keeps
 * smtp-server's 100 ms greeting delay (a stand-in for a network round trip per connection).
 */
import { createTransport } from 'nodemailer';

import { greetWithoutDelay } from '../../bench/greetingDelay';
import { alertCredential, alertItems, alertParameters } from '../../bench/workload';
import { loadPackage, runAlertWorkflow } from '../../test/helpers/engine';
import { startSmtpServer, TEST_AUTH_CODE, TEST_USER } from '../../test/helpers/smtpServer';
import type { TestSmtpServer } from '../../test/helpers/smtpServer';

const ITEMS = Number(process.env.MEASURE_ITEMS ?? 1000);
const REPS = Number(process.env.MEASURE_REPS ?? 3);

interface Figures {
	mailsPerSecond: number;
	connections: number;
	logins: number;
	accepted: number;
}

async function measure(server: TestSmtpServer, run: () => Promise<void>): Promise<Figures> {
	const before = { connections: server.connections, logins: server.logins, accepted: server.accepted };
	const started = process.hrtime.bigint();
	await run();
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const accepted = server.accepted - before.accepted;
	return { mailsPerSecond: accepted / seconds, connections: server.connections - before.connections, logins: server.logins - before.logins, accepted };
}

async function throughEngine(server: TestSmtpServer, maxConnections: number): Promise<void> {
	const outcome = await runAlertWorkflow({
		parameters: { ...alertParameters, options: { maxConnections } },
		credential: alertCredential({ port: server.port, security: 'ssl' }),
		items: alertItems(ITEMS),
	});
	if (outcome.error) throw outcome.error;
}

async function transportPerMail(server: TestSmtpServer): Promise<void> {
	// A plain mail with the alert's text: no rendering, so this side is if anything flattered.
	for (const item of alertItems(ITEMS)) {
		const transport = createTransport({
			host: '127.0.0.1',
			port: server.port,
			secure: true,
			auth: { user: TEST_USER, pass: TEST_AUTH_CODE },
			tls: { rejectUnauthorized: false },
		});
		await transport.sendMail({
			from: { name: 'Bench', address: TEST_USER },
			to: [item.to],
			subject: `[Bench] ${item.title}`,
			text: item.message,
			html: `<p>${item.message}</p>`,
		});
		transport.close();
	}
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
	if (process.env.MEASURE_GREETING_DELAY !== '1') greetWithoutDelay();
	const server = await startSmtpServer({ security: 'ssl', keepMessages: false });
	await loadPackage();
	const variants: Record<string, () => Promise<void>> = {
		'engine, pool of 2 (default)': () => throughEngine(server, 2),
		'engine, pool of 1': () => throughEngine(server, 1),
		'nodemailer 10, new transport per mail': () => transportPerMail(server),
	};
	const results: Record<string, Figures[]> = {};
	try {
		// Interleaved, so drift on the machine hits every variant alike.
		for (let rep = 0; rep < REPS; rep++) {
			for (const [name, run] of Object.entries(variants)) (results[name] ??= []).push(await measure(server, run));
		}
	} finally {
		await server.close();
	}
	console.log(`N = ${ITEMS}, ${REPS} reps, medians; greeting delay ${process.env.MEASURE_GREETING_DELAY === '1' ? 'on (100 ms)' : 'off'}; node ${process.version}`);
	console.log('| variant | mails/s | connections | logins | accepted |');
	console.log('|---|---|---|---|---|');
	for (const [name, figures] of Object.entries(results)) {
		const last = figures[figures.length - 1];
		console.log(`| ${name} | ${median(figures.map((f) => f.mailsPerSecond)).toFixed(0)} | ${last.connections} | ${last.logins} | ${last.accepted} |`);
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
