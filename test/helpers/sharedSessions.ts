/**
 * The node keeps logged-in SMTP sessions open between executions (Keep Alive). A test server waits
 * for its clients before it closes, so test servers end the built package's shared sessions first,
 * the way n8n's shutdown does: every idle session says QUIT.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const BUILT = path.resolve(__dirname, '../../dist/nodes/AlertEmail/smtp/sharedSessions.js');

interface SharedSessionsModule {
	sharedSessions: { closeIdle(): Promise<void>; size: number };
}

export function builtSharedSessions(): SharedSessionsModule['sharedSessions'] | undefined {
	if (!existsSync(BUILT)) return undefined;
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built module, as the engine loaded it
	return (require(BUILT) as SharedSessionsModule).sharedSessions;
}

/** Ends every idle shared session (QUIT); later executions open new ones. */
export async function closeSharedSessions(): Promise<void> {
	await builtSharedSessions()?.closeIdle();
}
