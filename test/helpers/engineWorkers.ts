/**
 * Several "n8n workers" for the shared-state tests: processes of their own (test/helpers/engineWorker.cjs),
 * each running executions through n8n's engine with the built package, as queue-mode workers do.
 * What one worker remembers in its process memory, the others do not: only a shared store joins them.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import type { RunOptions } from './engine';

export interface WorkerRun {
	tookMs: number;
	sent: IDataObject[];
	skipped: IDataObject[];
	error?: string;
	logs: Array<[string, string]>;
}

export class EngineWorker {
	private nextId = 0;
	private readonly pending = new Map<number, (run: WorkerRun) => void>();
	readonly exited: Promise<void>;

	private constructor(private readonly child: ChildProcess) {
		child.on('message', (message: { id?: number } & WorkerRun) => {
			if (message.id === undefined) return;
			this.pending.get(message.id)?.(message);
			this.pending.delete(message.id);
		});
		this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
	}

	static async start(env: Record<string, string> = {}): Promise<EngineWorker> {
		const child = fork(path.join(__dirname, 'engineWorker.cjs'), [], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		await new Promise<void>((resolve, reject) => {
			child.once('message', () => resolve());
			child.once('exit', (code) => reject(new Error(`engine worker exited (${code}) before it was ready`)));
		});
		return new EngineWorker(child);
	}

	run(options: RunOptions): Promise<WorkerRun> {
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, resolve);
			this.exited.then(() => reject(new Error('the worker was killed')));
			this.child.send({ id, options });
		});
	}

	/** What `kill -9` does to a worker: no shutdown, no QUIT, nothing saved. */
	async kill(): Promise<void> {
		this.child.kill('SIGKILL');
		await this.exited;
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		this.child.kill('SIGTERM');
		await this.exited;
	}
}
