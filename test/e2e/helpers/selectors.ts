// The n8n 2.41 editor's selectors the browser suite uses, in one place (most are n8n's own
// data-test-id attributes; see /work/shared/notes/n8n-runtime.md).
export const sel = {
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
