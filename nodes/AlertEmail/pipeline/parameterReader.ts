/**
 * Reads node parameters per item with n8n's own semantics, without paying n8n's expression engine
 * for what cannot differ between items or needs no engine (a profile of 1,000 items showed n8n's
 * evaluator as the node's largest cost):
 * - a parameter whose stored value holds no expression is the same for every item: read once;
 * - `={{ $json.a.b }}`, `={{ $json["a b"][0] }}` (what n8n's drag-and-drop mapping writes) is that
 *   item's value at that path: taken from the item when the whole path exists. Anything else (any
 *   other expression, a path that is missing, which n8n may answer with an error) goes through
 *   `getNodeParameter` unchanged. test/integration/parameterReader.test.ts checks both agree.
 */
import type { IExecuteFunctions, INodeParameters, NodeParameterValueType } from 'n8n-workflow';

type Segment = string | number;

const JSON_PATH = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[\s*(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\d+)\s*\])+)\s*\}\}$/;
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|(\d+))\s*\]/g;
/** Escapes inside a quoted key other than \" \' and \\ change its meaning in ways not worth copying. */
const SIMPLE_ESCAPES = /\\[^"'\\]/;

/** The path of a `={{ $json… }}` expression, or undefined when the expression is anything else. */
export function jsonPathOf(raw: string): Segment[] | undefined {
	const match = JSON_PATH.exec(raw);
	if (!match) return undefined;
	const path: Segment[] = [];
	for (const [, dotted, double, single, index] of match[1].matchAll(SEGMENT)) {
		const quoted = double ?? single;
		if (quoted !== undefined && SIMPLE_ESCAPES.test(quoted)) return undefined;
		path.push(dotted ?? (quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : Number(index)));
	}
	return path;
}

const NOT_FOUND = Symbol('not found');

function valueAt(json: unknown, path: readonly Segment[]): unknown {
	let value = json;
	for (const segment of path) {
		if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return NOT_FOUND;
		value = (value as Record<Segment, unknown>)[segment];
	}
	// undefined: let n8n decide what a missing value reads as.
	return value === undefined ? NOT_FOUND : value;
}

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsExpression);
	return false;
}

export class ParameterReader {
	private readonly stored: INodeParameters;
	private readonly constants = new Map<string, NodeParameterValueType | object>();
	private readonly paths = new Map<string, Segment[] | undefined>();

	constructor(private readonly ctx: IExecuteFunctions) {
		this.stored = ctx.getNode().parameters;
	}

	get(name: string, itemIndex: number, fallback: NodeParameterValueType | object): NodeParameterValueType | object {
		const raw = this.stored[name];
		if (!holdsExpression(raw)) {
			if (!this.constants.has(name)) this.constants.set(name, this.ctx.getNodeParameter(name, 0, fallback));
			return this.constants.get(name) as NodeParameterValueType | object;
		}
		if (typeof raw === 'string') {
			if (!this.paths.has(name)) this.paths.set(name, jsonPathOf(raw));
			const path = this.paths.get(name);
			if (path) {
				const value = valueAt(this.ctx.getInputData()[itemIndex]?.json, path);
				if (value !== NOT_FOUND) return value as NodeParameterValueType | object;
			}
		}
		return this.ctx.getNodeParameter(name, itemIndex, fallback);
	}
}
