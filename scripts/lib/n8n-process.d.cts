// Types for n8n-process.cjs (used by the TypeScript e2e tests).
import type { Log, RuntimePaths } from './n8n-runtime.cjs';

export interface RunningN8n {
	url: string;
	port: number;
	brokerPort: number;
	pid: number;
	logFile: string;
	userFolder: string;
	stop(timeoutMs?: number): Promise<void>;
	exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
}

export declare function startN8n(options: {
	paths: RuntimePaths;
	userFolder: string;
	port?: number;
	brokerPort?: number;
	logFile?: string;
	env?: Record<string, string>;
	log?: Log;
	readyTimeoutMs?: number;
}): Promise<RunningN8n>;
export declare function n8nEnv(options: { userFolder: string; port: number; brokerPort: number; extra?: Record<string, string> }): Record<string, string>;
export declare function freePort(): Promise<number>;
export declare function assertPortFree(port: number, what: string): Promise<void>;
