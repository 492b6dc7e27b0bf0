/**
 * Records everything a run could print or log, for the leak check: console.*, writes to
 * process.stdout and process.stderr, and n8n's logger at every level (the Logger instance in
 * n8n's DI container, which the engine's error reporter writes to, and LoggerProxy, which the
 * engine's debug lines go through). Metadata, errors, their stacks and causes are rendered in full.
 */
import { inspect } from 'node:util';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { LoggerProxy } from 'n8n-workflow';

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
const CONSOLE = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export interface OutputCapture {
	/** Everything recorded so far, one entry per call. */
	lines: string[];
	restore(): void;
}

const render = (values: unknown[]) =>
	values
		.map((value) => (typeof value === 'string' ? value : inspect(value, { depth: 12, showHidden: true, breakLength: Infinity })))
		.join(' ');

export function captureOutput(): OutputCapture {
	const lines: string[] = [];
	const record =
		(source: string) =>
		(...values: unknown[]) =>
			void lines.push(`${source}: ${render(values)}`);
	const spies: jest.SpyInstance[] = [];
	for (const method of CONSOLE) spies.push(jest.spyOn(console, method).mockImplementation(record(`console.${method}`)));
	for (const stream of [process.stdout, process.stderr]) {
		const write = stream.write.bind(stream);
		spies.push(
			jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
				lines.push(
					`${stream === process.stdout ? 'stdout' : 'stderr'}: ${Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk)}`,
				);
				return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
			}) as typeof stream.write),
		);
	}
	const logger = Container.get(Logger);
	for (const level of ['error', 'warn', 'info'] as const)
		spies.push(jest.spyOn(logger, level).mockImplementation(record(`n8n logger.${level}`)));
	// LoggerProxy forwards to the logger above, whose debug is a no-op below the debug level; record every level here.
	LoggerProxy.init(Object.fromEntries(LEVELS.map((level) => [level, record(`LoggerProxy.${level}`)])) as never);
	return {
		lines,
		restore() {
			for (const spy of spies) spy.mockRestore();
			LoggerProxy.init(logger);
		},
	};
}

/** Everything an object holds, hidden properties, stacks and causes included. */
export function renderAll(value: unknown): string {
	return inspect(value, { depth: 30, showHidden: true, breakLength: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity });
}
