// The editor selectors the browser suites use, in one place per n8n line (most are n8n's own
// data-test-id attributes; see /work/shared/notes/n8n-runtime.md). `sel` is the set for the n8n
// under test (E2E_N8N, see n8nLine.ts).
import { N8N } from './n8nLine';

/** The n8n 2.41 editor. */
const n8n2 = {
	signIn: {
		email: 'input[name="emailOrLdapLoginId"]',
		password: 'input[name="password"]',
		button: '[data-test-id="auth-form"] button',
	},
	credential: {
		dialog: '[data-test-id="credential-edit-dialog"]',
		/** Lives outside the dialog element: locate it at page level. */
		saveButton: '[data-test-id="credential-save-button"]',
		parameter: (name: string) => `[data-test-id="parameter-input-${name}"]`,
	},
	canvas: {
		node: (name: string) => `[data-test-id="canvas-node"][data-node-name="${name}"]`,
		nodeIcon: 'img',
		nodeSuccess: '[data-test-id="canvas-node-status-success"]',
		executeWorkflow: '[data-test-id="execute-workflow-button"]',
	},
	ndv: {
		panel: '[data-test-id="ndv"]',
		/** A node parameter's input; its <input> or <textarea> holds the value and the placeholder. */
		parameter: (name: string) => `[data-test-id="parameter-input-${name}"]`,
		parameterField: 'input, textarea',
		executeStep: '[data-test-id="node-execute-button"]',
		outputPanel: '[data-test-id="output-panel"]',
		displayMode: '[data-test-id="ndv-run-data-display-mode"]',
		displayModeButton: (mode: 'schema' | 'table' | 'json' | 'binary') => `[data-test-id="radio-button-${mode}"]`,
		/** One item's binary properties on the Binary tab (index = item index). */
		binaryItem: (index: number) => `[data-test-id="ndv-binary-data_${index}"]`,
		viewBinary: '[data-test-id="ndv-view-binary-data"]',
		downloadBinary: '[data-test-id="ndv-download-binary-data"]',
		binaryWindow: '.binary-data-window',
	},
	/** Element Plus toasts ("Node executed successfully") that would cover part of a screenshot. */
	toastClose: '.el-notification .el-notification__closeBtn',
} as const;

export type Selectors = typeof n8n2;

/**
 * The n8n 1.123 editor. Checked against 1.123.81 (December 2026): it already has the new canvas,
 * and every selector above finds the same element there (sign-in form, credential dialog and its
 * save button, canvas nodes and their status, the node panel with its output, display modes and
 * binary data, toasts), so it is the 2.x set. A selector that differs goes here as an override.
 */
const n8n1: Selectors = { ...n8n2 };

const BY_LINE: Record<'1' | '2', Selectors> = { 1: n8n1, 2: n8n2 };

export function selectorsFor(line: '1' | '2'): Selectors {
	return BY_LINE[line];
}

export const sel: Selectors = selectorsFor(N8N.line);
