/**
 * One benchmark run in a process of its own, so its peak RSS is its own:
 *   node variant.js <variant> <items> <security> <port>
 * Prints one JSON line: { wallMs, items, sent, errors, maxRssMb }.
 * The clock runs around the execution only; loading n8n and the package is not timed.
 */
import path from 'node:path';

import { createTransport } from 'nodemailer';
import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

import { renderAlertMail } from '../nodes/AlertEmail/render/renderMail';
import { loadPackage, PACKAGE_ROOT, registerNodeType, runAlertWorkflow } from '../test/helpers/engine';
import { TEST_AUTH_CODE, TEST_USER } from '../test/helpers/smtpServer';
import type { ServerSecurity } from '../test/helpers/smtpServer';
import {
	alertCredential,
	alertItems,
	alertParameters,
	anchorCredential,
	anchorParameters,
} from './workload';
import type { ServerEndpoint } from './workload';

export type VariantName = 'node' | 'anchor' | 'ceiling' | 'storm';

export interface VariantResult {
	variant: VariantName;
	security: ServerSecurity;
	items: number;
	wallMs: number;
	sent: number;
	errors: number;
	maxRssMb: number;
}

const ANCHOR_TYPE = 'n8n-nodes-base.emailSend';
export const ANCHOR_ROOT = path.join(PACKAGE_ROOT, 'bench/anchor/node_modules');
/** Same pool size as the node's default, so the ceiling measures the node's overhead only. */
const POOL_SIZE = 2;

async function timed(run: () => Promise<{ sent: number; errors: number }>) {
	const started = process.hrtime.bigint();
	const counts = await run();
	return { ...counts, wallMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

async function runNode(server: ServerEndpoint, count: number) {
	await loadPackage();
	const items = alertItems(count);
	return timed(async () => {
		const outcome = await runAlertWorkflow({ parameters: alertParameters, credential: alertCredential(server), items });
		if (outcome.error) throw outcome.error;
		return { sent: outcome.sent.filter((item) => !item.json.error).length, errors: outcome.sent.filter((item) => item.json.error).length };
	});
}

async function runStorm(server: ServerEndpoint, count: number) {
	await loadPackage();
	const items = alertItems(count, { sameKey: true });
	return timed(async () => {
		const outcome = await runAlertWorkflow({
			parameters: { ...alertParameters, sendInterval: 60, grouping: 'digest' },
			credential: alertCredential(server),
			items,
		});
		if (outcome.error) throw outcome.error;
		return { sent: outcome.sent.length, errors: 0 };
	});
}

async function runAnchor(server: ServerEndpoint, count: number) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded from the anchor's own install, outside our dependencies
	const { EmailSend } = require(path.join(ANCHOR_ROOT, 'n8n-nodes-base/dist/nodes/EmailSend/EmailSend.node.js')) as {
		EmailSend: new () => INodeType | IVersionedNodeType;
	};
	registerNodeType(ANCHOR_TYPE, new EmailSend());
	await loadPackage();
	const items = alertItems(count);
	return timed(async () => {
		const outcome = await runAlertWorkflow({
			node: { type: ANCHOR_TYPE, typeVersion: 2, credentialType: 'smtp' },
			parameters: anchorParameters,
			credential: anchorCredential(server),
			items,
		});
		if (outcome.error) throw outcome.error;
		return { sent: outcome.sent.length, errors: 0 };
	});
}

async function runCeiling(server: ServerEndpoint, count: number) {
	const mails = alertItems(count).map((item, itemIndex) => ({
		...renderAlertMail(
			{
				alert: { ...item, severity: item.severity as 'error', status: 'firing', time: new Date().toISOString(), fields: {}, shape: 'flat', itemIndex },
				envelope: { to: [item.to], cc: [], bcc: [], replyTo: [], prefix: '[Bench]' },
				throttleKey: `${item.event}|${item.source}`,
				report: { suppressed: 0 },
			},
			{ language: 'en', timeZone: 'UTC', workflowName: 'Bench', highPriority: true },
		),
		from: { name: 'Bench', address: TEST_USER },
		to: [item.to],
	}));
	const transport = createTransport({
		pool: true,
		maxConnections: POOL_SIZE,
		maxMessages: Infinity,
		host: '127.0.0.1',
		port: server.port,
		secure: server.security === 'ssl',
		requireTLS: server.security === 'starttls',
		auth: { user: TEST_USER, pass: TEST_AUTH_CODE },
		tls: { rejectUnauthorized: false },
	});
	try {
		return await timed(async () => {
			const results = await Promise.allSettled(mails.map((mail) => transport.sendMail(mail)));
			return {
				sent: results.filter((result) => result.status === 'fulfilled').length,
				errors: results.filter((result) => result.status === 'rejected').length,
			};
		});
	} finally {
		transport.close();
	}
}

const RUNNERS: Record<VariantName, (server: ServerEndpoint, count: number) => Promise<{ wallMs: number; sent: number; errors: number }>> = {
	node: runNode,
	anchor: runAnchor,
	ceiling: runCeiling,
	storm: runStorm,
};

async function main() {
	const [variant, count, security, port] = process.argv.slice(2);
	const runner = RUNNERS[variant as VariantName];
	if (!runner) throw new Error(`Unknown variant ${variant}`);
	const outcome = await runner({ port: Number(port), security: security as ServerSecurity }, Number(count));
	const result: VariantResult = {
		variant: variant as VariantName,
		security: security as ServerSecurity,
		items: Number(count),
		...outcome,
		maxRssMb: process.resourceUsage().maxRSS / 1024,
	};
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
	main().catch((error: unknown) => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error)}\n`);
		process.exit(1);
	});
}
