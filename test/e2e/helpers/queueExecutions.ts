// Reading every execution of a workflow from n8n 2.41's internal REST API, as the queue-mode tests
// need for storms of 100–200 executions.
//
// GET /rest/executions answers one page (limit 1–100) with `count` (the completed executions that
// match) and `nextCursor`. The page is sorted by start time but the cursor continues below the id of
// the page's last row, so when ids and start times disagree (executions started by two workers in
// another order than they were created) a page may skip some executions and repeat others. So the
// pages are merged by id until they hold `count` executions, and what they skipped is read one by
// one: ids between the known ones, then above them.
import { nodeOutputs } from '../../../scripts/lib/n8n-rest.cjs';
import type { ExecutionSummary, N8nRest } from '../../../scripts/lib/n8n-rest.cjs';
import { N8nRestError } from '../../../scripts/lib/n8n-rest.cjs';

type Json = Record<string, unknown>;

interface ExecutionPage {
	results: ExecutionSummary[];
	nextCursor: string | null;
	count: number;
	estimated?: boolean;
}

/** Statuses n8n 2.41 lists as current (not completed). */
const CURRENT = ['new', 'running'];

async function page(rest: N8nRest, workflowId: string, cursor?: string): Promise<ExecutionPage> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const query = `filter=${filter}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
	return rest.request<ExecutionPage>('GET', `/rest/executions?${query}`);
}

/**
 * How many executions of the workflow have completed, and how many still run (first page only:
 * n8n lists the current ones first, up to the page's limit).
 */
export async function executionProgress(rest: N8nRest, workflowId: string): Promise<{ completed: number; current: ExecutionSummary[] }> {
	const first = await page(rest, workflowId);
	return { completed: first.count, current: first.results.filter((e) => CURRENT.includes(e.status)) };
}

/** Every completed execution of the workflow (summaries), oldest id first. */
export async function allCompletedExecutions(rest: N8nRest, workflowId: string): Promise<ExecutionSummary[]> {
	const found = new Map<string, ExecutionSummary>();
	let cursor: string | undefined;
	let count = 0;
	for (let pages = 0; pages < 100; pages++) {
		const answer = await page(rest, workflowId, cursor);
		count = answer.count;
		for (const e of answer.results) if (!CURRENT.includes(e.status)) found.set(String(e.id), e);
		if (!answer.nextCursor || found.size >= count) break;
		cursor = answer.nextCursor;
	}
	if (found.size < count) {
		// What the pages skipped: ids between the known ones first, then above them.
		const ids = [...found.keys()].map(Number);
		const min = Math.min(...ids);
		let max = Math.max(...ids);
		const probe = async (id: number): Promise<boolean> => {
			try {
				const execution = await rest.getExecution(String(id));
				if (String(execution.workflowId) !== workflowId || CURRENT.includes(execution.status)) return false;
				const summary: Json = { ...execution };
				delete summary.data; // a summary, as the list answers
				found.set(String(id), summary as ExecutionSummary);
				return true;
			} catch (error) {
				if (error instanceof N8nRestError && error.status === 404) return false;
				throw error;
			}
		};
		for (let id = min + 1; id < max && found.size < count; id++) if (!found.has(String(id))) await probe(id);
		for (let misses = 0; found.size < count && misses < 50;) {
			max++;
			misses = (await probe(max)) ? 0 : misses + 1;
		}
	}
	if (found.size < count) throw new Error(`read ${found.size} of the ${count} executions of workflow ${workflowId}`);
	return [...found.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

/** One execution as the tests read it: the Alert Email node's Sent and Skipped items. */
export interface AlertRun {
	id: string;
	status: string;
	sent: Json[];
	skipped: Json[];
	/** The node's own run time, as n8n recorded it. */
	nodeMs: number;
}

/** Reads each execution with its run data, `parallel` at a time. */
export async function readAlertRuns(
	rest: N8nRest,
	summaries: ExecutionSummary[],
	nodeName = 'Alert Email',
	parallel = 8,
): Promise<AlertRun[]> {
	const runs: AlertRun[] = [];
	const queue = [...summaries];
	await Promise.all(
		Array.from({ length: parallel }, async () => {
			for (let next = queue.shift(); next; next = queue.shift()) {
				const execution = await rest.getExecution(String(next.id));
				const [sent = [], skipped = []] = nodeOutputs(execution, nodeName) ?? [];
				const nodeRuns = execution.data?.resultData?.runData?.[nodeName] as Array<{ executionTime?: number }> | undefined;
				runs.push({ id: String(execution.id), status: execution.status, sent, skipped, nodeMs: nodeRuns?.[0]?.executionTime ?? NaN });
			}
		}),
	);
	return runs.sort((a, b) => Number(a.id) - Number(b.id));
}
