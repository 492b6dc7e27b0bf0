// Types for community-install.cjs (used by the TypeScript e2e tests).
import type { Log, RuntimePaths } from './n8n-runtime.cjs';

export declare const REPO_DIR: string;
export declare function buildAndPack(options: { repoDir?: string; outDir: string; log?: Log }): Promise<string>;
export declare function installCommunityPackage(options: {
	tarball: string;
	userFolder: string;
	paths: RuntimePaths;
	log?: Log;
}): Promise<{ name: string; version: string; dir: string }>;
