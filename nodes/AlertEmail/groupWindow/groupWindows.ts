/**
 * Group windows (Alertmanager's group_wait): the first execution of a group (same workflow, node,
 * run kind, connection and recipients) opens a window; executions that arrive before it closes hand
 * their alerts to it and end at once; when it closes, the opener sends one digest with all of them.
 *
 * The interface is asynchronous so that a store shared by several n8n processes can hold windows;
 * this file's store keeps them in this process's memory (lost if n8n restarts during a window).
 */
import { createHash } from 'node:crypto';

import type { PassedAlert } from '../model';

export interface HandedAlert {
	executionId: string;
	entry: PassedAlert;
}

/**
 * What an owner finds when its window closes: what other executions handed in, or (a shared store
 * only) that another execution took the window over because this one sealed it late; that execution
 * sends this one's alerts too, so this one must not.
 */
export type WindowClose = { handed: HandedAlert[] } | { takenOverBy: string; closesAt: number };

export type WindowJoin =
	| {
			role: 'owner';
			closesAt: number;
			/** Waits until the window closes, seals it, and says what to send. */
			collect(): Promise<WindowClose>;
	  }
	| { role: 'joined'; ownerExecutionId: string; closesAt: number };

export interface GroupWindows {
	/** Opens the group's window with these alerts, or hands them to the window already open. */
	join(key: string, executionId: string, entries: readonly PassedAlert[], windowMs: number, now: number): Promise<WindowJoin>;
}

/** The window's identity; every part must match for two executions to share a digest. */
export function groupKey(parts: { scope: string; connectionKey: string; envelope: unknown }): string {
	return createHash('sha256')
		.update(JSON.stringify([parts.scope, parts.connectionKey, parts.envelope]))
		.digest('hex');
}

/** Waits `ms` (at once when it is not positive): how an owner waits for its window to close. */
export const sleepFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

interface OpenWindow {
	owner: string;
	closesAt: number;
	handed: HandedAlert[];
}

export class LocalGroupWindows implements GroupWindows {
	private readonly open = new Map<string, OpenWindow>();

	constructor(private readonly sleep: (ms: number) => Promise<void> = sleepFor) {}

	async join(key: string, executionId: string, entries: readonly PassedAlert[], windowMs: number, now: number): Promise<WindowJoin> {
		const current = this.open.get(key);
		if (current && current.closesAt > now) {
			current.handed.push(...entries.map((entry) => ({ executionId, entry })));
			return { role: 'joined', ownerExecutionId: current.owner, closesAt: current.closesAt };
		}
		const window: OpenWindow = { owner: executionId, closesAt: now + windowMs, handed: [] };
		this.open.set(key, window);
		return {
			role: 'owner',
			closesAt: window.closesAt,
			collect: async () => {
				await this.sleep(window.closesAt - Date.now());
				// Sealed: an execution arriving from now on opens the next window.
				if (this.open.get(key) === window) this.open.delete(key);
				return { handed: window.handed };
			},
		};
	}
}

/** The windows of this process. */
export const processGroupWindows = new LocalGroupWindows();
