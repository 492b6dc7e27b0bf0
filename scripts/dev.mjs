// @ts-check
// `npm run dev`: try the package in a real n8n with one command.
// Builds and packs this package, installs it into a local n8n (pinned, cached outside the repo, on
// the Node 24 for this machine's platform) the way a community install does, starts a local
// mailbox, signs up the owner, creates the "SMTP Alert (local mailbox)" credential, imports
// examples/, prints where to go. Ctrl-C stops everything it started. The n8n data stays in
// .n8n-dev/ between runs; `npm run dev -- --fresh` starts over.
// No top-level await or import.meta: `npm run typecheck` checks this file with the commonjs
// settings of the rest of the project.

import path from 'node:path';
import installModule from './lib/community-install.cjs';
import runtimeModule from './lib/n8n-runtime.cjs';
import stackModule from './lib/stack.cjs';
import queueModule from './lib/queue-stack.cjs';

const { startStack, DEV_OWNER, MAILBOX_CREDENTIAL_NAME } = stackModule;
const { n8nPin, runtimePaths, describeNode } = runtimeModule;
const { REPO_DIR } = installModule;

const argv = process.argv.slice(2);
const args = new Set(argv);
// `--n8n 1` (or --n8n=1): n8n 1.x LTS on Node 22 instead of 2.x, with a user folder of its own.
const n8nArg = argv.find((a) => a.startsWith('--n8n='))?.slice(6) ?? (args.has('--n8n') ? argv[argv.indexOf('--n8n') + 1] : undefined);
if (args.has('--help') || args.has('-h')) {
	console.log(`usage: npm run dev [-- --fresh] [-- --n8n 1]
  --fresh   delete .n8n-dev/ first (owner, credentials, workflows, executions)
  --queue   queue mode: n8n main + 2 workers, private Redis and PostgreSQL (fresh each start; logs in .n8n-dev/queue/)
  --n8n 1   n8n ${n8nPin(1).version} (1.x LTS, on Node 22, data in .n8n-dev-1/) instead of ${n8nPin(2).version}
ports: N8N_DEV_PORT (5678), MAILBOX_SMTP_PORT (2525), MAILBOX_WEB_PORT (8025)`);
	process.exit(0);
}

const port = Number(process.env.N8N_DEV_PORT || 5678);
const smtpPort = Number(process.env.MAILBOX_SMTP_PORT || 2525);
const webPort = Number(process.env.MAILBOX_WEB_PORT || 8025);
/** @type {import('./lib/n8n-runtime.cjs').N8nPin} */
let pin;
try {
	pin = n8nPin(n8nArg);
} catch (error) {
	console.error(`npm run dev: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
}
const userFolder = path.join(REPO_DIR, pin.line === '1' ? '.n8n-dev-1' : '.n8n-dev');

/** @type {import('./lib/stack.cjs').Stack | undefined} */
let stack;
/** @type {import('./lib/queue-stack.cjs').QueueStack | undefined} */
let queueStack;
let stopping = false;
/** @param {number} code */
async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	console.log('\nstopping n8n and the mailbox…');
	if (stack) await stack.stop();
	if (queueStack) await queueStack.stop();
	process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

main().catch((error) => {
	console.error(`\nnpm run dev failed: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
});

async function main() {
	if (args.has('--queue')) return runQueueMode();
	let node;
	try {
		// Which Node runs n8n here (24 for 2.x, 22 for 1.x); where none fits (Windows, say), this says what to do instead.
		node = runtimePaths(undefined, undefined, pin.line).node;
	} catch (error) {
		console.error(`npm run dev cannot run n8n on this machine.\n${error instanceof Error ? error.message : error}`);
		process.exit(1);
	}
	console.log(`n8n ${pin.version} on ${describeNode(node)}, with this package from a packed tarball`);
	stack = await startStack({ userFolder, fresh: args.has('--fresh'), port, smtpPort, webPort, bootstrap: true, n8n: pin.line });

	const { n8n, mailbox, credential, workflows = [] } = stack;
	/** @param {string} p */
	const webhook = (p) => `${n8n.url}/webhook/${p}`;
	console.log(`
────────────────────────────────────────────────────────────────────────────
 n8n editor     ${n8n.url}
 sign in        ${DEV_OWNER.email} / ${DEV_OWNER.password}
 credential     "${MAILBOX_CREDENTIAL_NAME}"  ${n8n.url}/home/credentials/${credential?.id}
 mailbox        ${mailbox.webUrl}   (SMTP 127.0.0.1:${mailbox.smtpPort}, user ${mailbox.user}, code ${mailbox.code})
 workflows
${workflows.map((w) => `   ${w.active ? 'published' : 'draft    '}  ${n8n.url}/workflow/${w.id}  ${w.name}`).join('\n')}

 send an alert (then open the mailbox):
   curl -s -X POST ${webhook('alert-email')} -H 'content-type: application/json' \\
     -d '{"event":"backup.failed","severity":"error","title":"Nightly backup failed","message":"disk full","source":"db-1"}'
 n8n log        ${n8n.logFile}
 Ctrl-C stops n8n and the mailbox.
────────────────────────────────────────────────────────────────────────────`);

	// If n8n dies on its own, say so and stop the rest instead of leaving a half-working setup.
	const watchdog = setInterval(() => {
		const exited = n8n.exited();
		if (exited && !stopping) {
			clearInterval(watchdog);
			console.error(`n8n stopped unexpectedly (${exited.signal ?? `exit ${exited.code}`}); see ${n8n.logFile}`);
			shutdown(1);
		}
	}, 1000);
}

// `npm run dev -- --queue`: n8n in queue mode (scripts/lib/queue-stack.cjs), as the queue-mode e2e
// tests run it: the main instance takes the webhooks, two workers run the executions, n8n's queue
// in a private Redis, its database in a private PostgreSQL (needs redis-server and PostgreSQL:
// .ci/services installs them). Always n8n's default line (2.x), always fresh.
async function runQueueMode() {
	if (process.argv.slice(2).some((a) => a === '--n8n' || a.startsWith('--n8n='))) {
		console.error('npm run dev: --queue runs the default n8n (2.x) only; leave out --n8n.');
		process.exit(1);
	}
	const { startQueueStack, queueStackBanner } = queueModule;
	const dir = path.join(REPO_DIR, '.n8n-dev', 'queue');
	console.log('n8n in queue mode (main + 2 workers, Redis, PostgreSQL), with this package from a packed tarball');
	const started = await startQueueStack({ dir, port, smtpPort, webPort, workers: 2, concurrency: 10, bootstrap: true });
	queueStack = started;
	if (stopping) return; // Ctrl-C during the start: shutdown() was already under way
	console.log(`\n${queueStackBanner(started, { credentialName: MAILBOX_CREDENTIAL_NAME })}`);
	// If n8n or a worker dies on its own, say so and stop the rest.
	const watchdog = setInterval(() => {
		const mainExit = started.n8n.exited();
		const deadWorker = started.workers.find((w) => !w.running());
		if ((mainExit || deadWorker) && !stopping) {
			clearInterval(watchdog);
			console.error(
				mainExit
					? `n8n main stopped unexpectedly; see ${started.n8n.logFile}`
					: `${deadWorker?.name} stopped unexpectedly; see ${deadWorker?.logFile}`,
			);
			shutdown(1);
		}
	}, 1000);
}
