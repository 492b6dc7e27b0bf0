/** Medians, ratios and the Markdown tables written to BENCHMARKS.md. */
import type { ExecutionStats } from './executions';
import type { Profile, VariantName, VariantResult } from './variant';

export interface Measured extends VariantResult {
	connections: number;
	/** Logins the server accepted. */
	logins: number;
	/** Logins the server refused. */
	failedLogins: number;
	messages: number;
	bytes: number;
	/**
	 * Cores that other processes on the machine kept busy during this run on average (machine CPU
	 * time from /proc/stat, minus the bench's own processes, over the run's wall time). Noise.
	 */
	otherCores?: number;
}

export const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export interface Row {
	variant: VariantName;
	security: string;
	profile: Profile;
	items: number;
	runs: number;
	mailsPerSecond: number;
	wallMs: number;
	/** CPU of the client's process during the timed run (0 when not recorded). */
	cpuMs: number;
	maxRssMb: number;
	connections: number;
	logins: number;
	failedLogins: number;
	messages: number;
	bytesPerMail: number;
	errors: number;
	/** Medians of each figure over the runs (many-executions variants). */
	executions?: ExecutionStats;
}

/** Each numeric figure's median over the runs; failures counted at their worst. */
function medianStats(runs: ExecutionStats[]): ExecutionStats | undefined {
	if (runs.length === 0) return undefined;
	const merged: Record<string, unknown> = { ...runs[0] };
	for (const [name, value] of Object.entries(runs[0])) {
		if (typeof value !== 'number') continue;
		const values = runs.map((run) => (run as unknown as Record<string, number>)[name]);
		merged[name] = name === 'failed' ? Math.max(...values) : median(values);
	}
	return merged as unknown as ExecutionStats;
}

export function summarise(results: Measured[]): Row[] {
	const groups = new Map<string, Measured[]>();
	for (const result of results) {
		const key = `${result.variant}|${result.security}|${result.profile ?? 'loopback'}|${result.items}`;
		groups.set(key, [...(groups.get(key) ?? []), result]);
	}
	return [...groups.values()].map((runs) => {
		const [first] = runs;
		return {
			variant: first.variant,
			security: first.security,
			profile: first.profile ?? 'loopback',
			items: first.items,
			runs: runs.length,
			mailsPerSecond: median(runs.map((run) => (run.messages * 1000) / run.wallMs)),
			wallMs: median(runs.map((run) => run.wallMs)),
			cpuMs: median(runs.map((run) => run.cpuMs ?? 0)),
			maxRssMb: median(runs.map((run) => run.maxRssMb)),
			connections: median(runs.map((run) => run.connections)),
			logins: median(runs.map((run) => run.logins)),
			failedLogins: median(runs.map((run) => run.failedLogins ?? 0)),
			messages: median(runs.map((run) => run.messages)),
			bytesPerMail: median(runs.map((run) => (run.messages ? run.bytes / run.messages : 0))),
			errors: Math.max(...runs.map((run) => run.errors)),
			executions: medianStats(runs.flatMap((run) => (run.executions ? [run.executions] : []))),
		};
	});
}

const LABELS: Record<VariantName, string> = {
	node: 'Alert Email node (perAlert)',
	anchor: "n8n's Send Email v2",
	ceiling: 'nodemailer pool, direct',
	storm: 'Alert Email storm (interval + digest)',
	stormExpressions: 'Alert Email storm, manual mapping (6 expressions/item)',
	execNode: 'Alert Email node (perAlert), shared session',
	execAnchor: "n8n's Send Email v2",
	execNoOp: "n8n's No Operation (the engine alone, nothing sent)",
	groupWindow: 'Alert Email, digest + Group Window 15 s',
	loginBreaker: 'Alert Email, wrong authorization code',
};

export const PROFILE_LABELS: Record<Profile, string> = {
	loopback: 'loopback',
	rtt50: '+50 ms RTT',
};

/** The variants of one execution with many items (the first table). */
export const ITEM_VARIANTS: VariantName[] = ['node', 'anchor', 'ceiling', 'storm', 'stormExpressions'];

const fixed = (value: number, digits = 1) => value.toFixed(digits);

export function table(rows: Row[]): string {
	const header =
		'| variant | TLS | items | mails/s | wall ms | peak RSS MB | connections | logins | mails | bytes/mail |\n' +
		'|---|---|---:|---:|---:|---:|---:|---:|---:|---:|';
	const lines = rows.map(
		(row) =>
			`| ${LABELS[row.variant]} | ${row.security} | ${row.items} | ${fixed(row.mailsPerSecond)} | ${fixed(row.wallMs, 0)} | ` +
			`${fixed(row.maxRssMb, 0)} | ${row.connections} | ${row.logins} | ${row.messages} | ${fixed(row.bytesPerMail, 0)} |`,
	);
	return [header, ...lines].join('\n');
}

export interface RatioLine {
	security: string;
	items: number;
	nodeOverAnchor: number;
	nodeOverCeiling: number;
}

export function ratios(rows: Row[]): RatioLine[] {
	const find = (variant: VariantName, security: string, items: number) =>
		rows.find((row) => row.variant === variant && row.security === security && row.items === items);
	return rows
		.filter((row) => row.variant === 'node')
		.map((node) => ({
			security: node.security,
			items: node.items,
			nodeOverAnchor: node.mailsPerSecond / (find('anchor', node.security, node.items)?.mailsPerSecond ?? NaN),
			nodeOverCeiling: node.mailsPerSecond / (find('ceiling', node.security, node.items)?.mailsPerSecond ?? NaN),
		}));
}

/** BENCHMARKS.md from its template (bench/BENCHMARKS.template.md): every {{name}} must be given, and every value used. */
export function fillTemplate(template: string, values: Record<string, string>): string {
	const unused = new Set(Object.keys(values));
	const filled = template.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => {
		if (!(name in values)) throw new Error(`BENCHMARKS template: no value for {{${name}}}`);
		unused.delete(name);
		return values[name];
	});
	if (unused.size > 0) throw new Error(`BENCHMARKS template: ${[...unused].join(', ')} not used`);
	return filled;
}

const ms = (value: number | undefined) => (value === undefined ? '–' : fixed(value, 0));

/** The execution storm: one alert per execution, many executions, one process. */
export function executionTable(rows: Row[]): string {
	const header =
		'| variant | server | executions | at once | mails/s | wall ms | connections | logins | mails | failed executions | execution ms (median / max) | peak RSS MB |\n' +
		'|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
	const lines = rows.map((row) => {
		const stats = row.executions;
		return (
			`| ${LABELS[row.variant]} | ${PROFILE_LABELS[row.profile]} | ${row.items} | ${stats?.concurrency ?? '–'} | ${fixed(row.mailsPerSecond)} | ${fixed(row.wallMs, 0)} | ` +
			`${row.connections} | ${row.logins} | ${row.messages} | ${stats?.failed ?? '–'} | ${ms(stats?.medianMs)} / ${ms(stats?.maxMs)} | ${fixed(row.maxRssMb, 0)} |`
		);
	});
	return [header, ...lines].join('\n');
}

/** The group-window storm: executions spread over time, one digest. */
export function groupWindowTable(rows: Row[]): string {
	const header =
		'| executions | last arrival ms | emails | alerts in the digest | opener / handing executions | wall ms (first arrival → last end) | last execution to end, ms | handing ms (median / max) | connections | logins |\n' +
		'|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
	const lines = rows.map((row) => {
		const stats = row.executions;
		return (
			`| ${row.items} | ${ms(stats?.arrivalSpanMs)} | ${row.messages} | ${stats?.digestAlerts ?? '–'} | ${stats?.owners ?? '–'} / ${stats?.handing ?? '–'} | ${fixed(row.wallMs, 0)} | ` +
			`${ms(stats?.lastFinishMs)} | ${ms(stats?.handingMedianMs)} / ${ms(stats?.handingMaxMs)} | ${row.connections} | ${row.logins} |`
		);
	});
	return [header, ...lines].join('\n');
}

/** The login breaker: executions at once with a wrong code. */
export function breakerTable(rows: Row[]): string {
	const header =
		'| executions (at once) | login attempts at the server | connections | failed executions | answered by the pause (no login tried) | wall ms | execution ms (median / max) |\n' +
		'|---:|---:|---:|---:|---:|---:|---:|';
	const lines = rows.map((row) => {
		const stats = row.executions;
		return (
			`| ${row.items} | ${row.logins + row.failedLogins} | ${row.connections} | ${stats?.failed ?? '–'} | ${stats?.paused ?? '–'} | ${fixed(row.wallMs, 0)} | ` +
			`${ms(stats?.medianMs)} / ${ms(stats?.maxMs)} |`
		);
	});
	return [header, ...lines].join('\n');
}
