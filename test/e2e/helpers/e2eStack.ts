import fs from 'node:fs';
import path from 'node:path';

import { buildAndPack, REPO_DIR } from '../../../scripts/lib/community-install.cjs';
import { startStack } from '../../../scripts/lib/stack.cjs';
import type { Stack } from '../../../scripts/lib/stack.cjs';
import { IS_N8N_1, N8N } from './n8nLine';

// Each e2e file gets its own n8n (fresh user folder, free ports) from the same code `npm run dev`
// uses: n8n 2.x, or n8n 1.x with E2E_N8N=1 (see n8nLine.ts). Folders stay under test-results/e2e/
// after the run (`<suite>-n8n1` for 1.x), n8n.log included, for debugging.
const RESULTS_DIR = path.join(REPO_DIR, 'test-results', 'e2e');

// Progress goes to stderr directly: the first run installs n8n for minutes, and jest would hold
// console output back until the file ends.
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * The tarball under test: E2E_TARBALL when .ci/e2e has packed it already, otherwise this file
 * builds and packs the package itself (so `npm run test:e2e` alone always tests the current code).
 */
async function tarballUnderTest(name: string): Promise<string> {
	const given = process.env.E2E_TARBALL;
	if (given) {
		if (!fs.existsSync(given)) throw new Error(`E2E_TARBALL=${given} does not exist`);
		return given;
	}
	return buildAndPack({ outDir: path.join(RESULTS_DIR, name, 'packed'), log });
}

export async function startE2eStack(name: string, { bootstrap }: { bootstrap: boolean }): Promise<Stack> {
	const folder = IS_N8N_1 ? `${name}-n8n1` : name;
	const userFolder = path.join(RESULTS_DIR, folder, 'n8n');
	fs.rmSync(path.join(RESULTS_DIR, folder), { recursive: true, force: true });
	const tarball = await tarballUnderTest(folder);
	return startStack({ userFolder, fresh: true, tarball, bootstrap, log, n8n: N8N.line });
}

/** Polls `check` until it returns a value other than undefined; throws the last error on timeout. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 30000, what = 'condition'): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
			throw new Error(`${what} not reached within ${timeoutMs} ms${reason}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** POSTs JSON to a production webhook of the stack's n8n. */
export function postToWebhook(stack: Stack, webhookPath: string, body: unknown): Promise<Response> {
	return fetch(`${stack.n8n.url}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
}

/**
 * Waits until n8n serves a production webhook (registration lags publishing). Asks with a CORS
 * preflight, which lists the methods registered for the path and starts no execution.
 */
export async function waitForProductionWebhook(stack: Stack, webhookPath: string, method = 'POST'): Promise<void> {
	await eventually(
		async () => {
			const res = await fetch(`${stack.n8n.url}/webhook/${webhookPath}`, {
				method: 'OPTIONS',
				headers: { origin: stack.n8n.url, 'access-control-request-method': method },
			});
			const allowed = (res.headers.get('access-control-allow-methods') ?? '').split(/,\s*/);
			return res.ok && allowed.includes(method) ? true : undefined;
		},
		20000,
		`production webhook ${method} /webhook/${webhookPath} registered`,
	);
}
