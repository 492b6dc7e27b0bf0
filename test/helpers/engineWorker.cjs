// @ts-check
'use strict';
// One "n8n worker" for the shared-state tests: a process of its own that runs executions through
// n8n's engine (test/helpers/engine.ts) when the parent asks, as a queue-mode worker runs the jobs
// it takes. Its environment is the worker's (EXECUTIONS_MODE, QUEUE_BULL_*). It reports each
// execution's outputs and what the node logged, and can be killed (SIGKILL) like a worker.
const fs = require('node:fs');
const ts = require('typescript');

// Load the TypeScript harness as it is, transpiled on the fly (jest does the same in the parent).
require.extensions['.ts'] = (module, filename) => {
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, {
		fileName: filename,
		compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
	});
	/** @type {any} */ (module)._compile(outputText, filename);
};

const { Container } = require('@n8n/di');
const { Logger } = require('@n8n/backend-common');
const { runAlertWorkflow } = require('./engine.ts');

/** @type {Array<[string, string]>} */
const logs = [];
const logger = Container.get(Logger);
for (const level of /** @type {const} */ (['error', 'warn', 'info'])) {
	/** @type {any} */ (logger)[level] = (/** @type {unknown} */ message) => logs.push([level, String(message)]);
}

const send = (/** @type {unknown} */ message) => /** @type {NonNullable<typeof process.send>} */ (process.send)(message);

process.on('message', (/** @type {{ id: number; options: any }} */ { id, options }) => {
	const started = Date.now();
	runAlertWorkflow(options).then(
		(run) =>
			send({
				id,
				tookMs: Date.now() - started,
				sent: run.sent.map((item) => item.json),
				skipped: run.skipped.map((item) => item.json),
				error: run.error ? run.error.message : undefined,
				logs: logs.splice(0),
			}),
		(error) => send({ id, tookMs: Date.now() - started, sent: [], skipped: [], error: String(error && error.stack), logs: logs.splice(0) }),
	);
});
send({ ready: true });
