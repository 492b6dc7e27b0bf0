/** Medians, ratios and the Markdown table written to BENCHMARKS.md. */
import type { VariantName, VariantResult } from './variant';

export interface Measured extends VariantResult {
	connections: number;
	logins: number;
	messages: number;
	bytes: number;
}

export const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export interface Row {
	variant: VariantName;
	security: string;
	items: number;
	runs: number;
	mailsPerSecond: number;
	wallMs: number;
	maxRssMb: number;
	connections: number;
	logins: number;
	messages: number;
	bytesPerMail: number;
	errors: number;
}

export function summarise(results: Measured[]): Row[] {
	const groups = new Map<string, Measured[]>();
	for (const result of results) {
		const key = `${result.variant}|${result.security}|${result.items}`;
		groups.set(key, [...(groups.get(key) ?? []), result]);
	}
	return [...groups.values()].map((runs) => {
		const [first] = runs;
		return {
			variant: first.variant,
			security: first.security,
			items: first.items,
			runs: runs.length,
			mailsPerSecond: median(runs.map((run) => (run.messages * 1000) / run.wallMs)),
			wallMs: median(runs.map((run) => run.wallMs)),
			maxRssMb: median(runs.map((run) => run.maxRssMb)),
			connections: median(runs.map((run) => run.connections)),
			logins: median(runs.map((run) => run.logins)),
			messages: median(runs.map((run) => run.messages)),
			bytesPerMail: median(runs.map((run) => (run.messages ? run.bytes / run.messages : 0))),
			errors: Math.max(...runs.map((run) => run.errors)),
		};
	});
}

const LABELS: Record<VariantName, string> = {
	node: 'Alert Email node (perAlert)',
	anchor: "n8n's Send Email v2",
	ceiling: 'nodemailer pool, direct',
	storm: 'Alert Email storm (interval + digest)',
	stormExpressions: 'Alert Email storm, manual mapping (6 expressions/item)',
};

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
