// Types for n8n-runtime.cjs (used by the TypeScript e2e tests).
export declare const N8N_VERSION: string;
export declare const NODE_VERSION: string;

export interface RuntimePaths {
	root: string;
	nodeDir: string;
	nodePackageDir: string;
	nodeBinDir: string;
	nodeBin: string;
	n8nDir: string;
	n8nBin: string;
}

export type Log = (line: string) => void;

export declare function cacheRoot(): string;
export declare function runtimePaths(root?: string): RuntimePaths;
export declare function node24Env(paths: RuntimePaths, extra?: Record<string, string>): NodeJS.ProcessEnv;
export declare function ensureRuntime(options?: { log?: Log; root?: string }): Promise<RuntimePaths>;
export declare function formatDuration(ms: number): string;
