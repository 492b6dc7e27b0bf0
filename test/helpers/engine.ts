/**
 * Runs the Alert Email node inside n8n's real execution engine (n8n-core's WorkflowExecute with
 * n8n-workflow's Workflow), loaded from the built package through its package.json `n8n` paths,
 * as n8n loads a community package. A tiny trigger of our own feeds the items.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { ExecutionLifecycleHooks, PackageDirectoryLoader, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

export const PACKAGE_NAME = 'n8n-nodes-alert-email';

/** The package root, found upwards so the harness also works compiled elsewhere (bench/). */
function findPackageRoot(from: string): string {
	for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
	}
	throw new Error(`No ${PACKAGE_NAME} package.json above ${from}`);
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);
export const ALERT_NODE_TYPE = `${PACKAGE_NAME}.alertEmail`;
const TRIGGER_TYPE = 'test.itemsTrigger';
const TRIGGER_NAME = 'Items';
const ALERT_NAME = 'Alert Email';

/** Starts the workflow with the items it is given, like a webhook or schedule trigger would. */
const itemsTrigger: INodeType = {
	description: {
		displayName: 'Items',
		name: 'itemsTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Test trigger',
		defaults: { name: TRIGGER_NAME },
		inputs: [],
		outputs: ['main'],
		properties: [],
	},
	async execute() {
		return [this.getInputData()];
	},
};

let loadedPackage: Promise<PackageDirectoryLoader> | undefined;

/** The built package, loaded once per test file (run `npm run build` first; `npm test` does). */
export function loadPackage(): Promise<PackageDirectoryLoader> {
	loadedPackage ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		return loader;
	})();
	return loadedPackage;
}

/** Node types from elsewhere (a benchmark registers n8n's own Send Email node here). */
const extraNodeTypes: Record<string, INodeType | IVersionedNodeType> = {};

export function registerNodeType(type: string, nodeType: INodeType | IVersionedNodeType): void {
	extraNodeTypes[type] = nodeType;
}

async function nodeTypes(): Promise<INodeTypes> {
	const loader = await loadPackage();
	const byType: Record<string, INodeType | IVersionedNodeType> = { [TRIGGER_TYPE]: itemsTrigger, ...extraNodeTypes };
	for (const [name, data] of Object.entries(loader.nodeTypes)) byType[`${PACKAGE_NAME}.${name}`] = data.type;
	const lookup = (type: string) => {
		const found = byType[type];
		if (!found) throw new Error(`Unknown node type ${type}; known: ${Object.keys(byType).join(', ')}`);
		return found;
	};
	return {
		getByName: lookup,
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(lookup(type), version),
		getKnownTypes: () => ({}),
	};
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(_c: unknown, _t: string, requestOptions: never) {
		return requestOptions;
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}
	async getDecrypted(_a: unknown, _n: unknown, type: string) {
		const data = this.data[type];
		if (!data) throw new Error(`No test credential of type ${type}`);
		return data;
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return [];
	}
}

export interface RunOptions {
	/** The node's parameters; strings starting with "=" are n8n expressions. */
	parameters: INodeParameters;
	credential: Record<string, unknown>;
	/** More credentials the node may ask for, by type (e.g. n8n's `redis` for Shared State). */
	extraCredentials?: Record<string, Record<string, unknown>>;
	/** The node under test; the Alert Email node with its credential unless given. */
	node?: { type: string; typeVersion: number; credentialType: string };
	items: IDataObject[];
	/** Binary data per item (same index as `items`), as a Read File or HTTP Request node would give it. */
	binaries?: Array<Record<string, IBinaryData> | undefined>;
	/** Pass the same object to several runs to persist state as n8n does for active workflows. */
	staticData?: IDataObject;
	mode?: WorkflowExecuteMode;
	onError?: INode['onError'];
	/** n8n's node setting "Retry On Fail": the engine runs the whole node again after a failure. */
	retryOnFail?: { maxTries: number; waitBetweenTries: number };
	/** Workflow id (default "test-workflow"); node state is kept per workflow and node. */
	workflowId?: string;
	workflowName?: string;
	/** The workflow's time zone setting (n8n's Settings → Timezone). */
	timezone?: string;
}

export interface RunOutcome {
	/** Output 0 "Sent" (also holds error items when the node continues on fail). */
	sent: INodeExecutionData[];
	/** Output 1 "Skipped". */
	skipped: INodeExecutionData[];
	/** The error output, when `onError` is `continueErrorOutput`. */
	errors: INodeExecutionData[];
	/** The error that stopped the workflow, if any. */
	error?: Error & { description?: string; context?: IDataObject };
	run: IRun;
	staticData: IDataObject;
}

let executionCounter = 0;

export async function runAlertWorkflow(options: RunOptions): Promise<RunOutcome> {
	const mode = options.mode ?? 'trigger';
	const staticData = options.staticData ?? {};
	const workflowId = options.workflowId ?? 'test-workflow';
	const workflowName = options.workflowName ?? 'Alert test';
	const trigger: INode = {
		id: 'trigger',
		name: TRIGGER_NAME,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const tested = options.node ?? { type: ALERT_NODE_TYPE, typeVersion: 1, credentialType: 'smtpAlertApi' };
	const alertNode: INode = {
		id: 'alert',
		name: ALERT_NAME,
		type: tested.type,
		typeVersion: tested.typeVersion,
		position: [200, 0],
		parameters: options.parameters,
		credentials: {
			[tested.credentialType]: { id: '1', name: 'SMTP' },
			...Object.fromEntries(Object.keys(options.extraCredentials ?? {}).map((type, n) => [type, { id: String(n + 2), name: type }])),
		},
		...(options.onError ? { onError: options.onError } : {}),
		...(options.retryOnFail ? { retryOnFail: true, ...options.retryOnFail } : {}),
	};
	const workflow = new Workflow({
		id: workflowId,
		name: workflowName,
		nodes: [trigger, alertNode],
		connections: { [TRIGGER_NAME]: { main: [[{ node: ALERT_NAME, type: 'main', index: 0 }]] } },
		active: mode !== 'manual',
		nodeTypes: await nodeTypes(),
		staticData,
		settings: options.timezone ? { timezone: options.timezone } : {},
	});

	// Unique across processes too, as n8n's database ids are (tests run several "workers").
	const executionId = `${process.pid}${String(++executionCounter).padStart(6, '0')}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, {
		id: workflowId,
		name: workflowName,
		nodes: workflow.nodes ? Object.values(workflow.nodes) : [],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	// A plain object, not a deep mock: the engine branches on optional properties being absent,
	// and benchmarks run this harness outside jest.
	const notUsed = (what: string) => () => {
		throw new Error(`${what} is not available in this harness`);
	};
	const additionalData = {
		executionId,
		hooks,
		credentialsHelper: new TestCredentialsHelper({
			[tested.credentialType]: options.credential as ICredentialDataDecryptedObject,
			...(options.extraCredentials as Record<string, ICredentialDataDecryptedObject> | undefined),
		}),
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		executeWorkflow: notUsed('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: notUsed('startRunnerTask'),
	} as unknown as IWorkflowExecuteAdditionalData;

	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: trigger,
					data: {
						main: [
							options.items.map((json, index) => ({ json, ...(options.binaries?.[index] ? { binary: options.binaries[index] } : {}) })),
						],
					},
					source: null,
				},
			],
		},
	});
	const run = await new WorkflowExecute(additionalData, mode, runData).processRunExecutionData(workflow);

	const task = run.data.resultData.runData[ALERT_NAME]?.[0];
	const main = task?.data?.main ?? [];
	const error = (run.data.resultData.error ?? task?.error) as RunOutcome['error'];
	return {
		sent: main[0] ?? [],
		skipped: main[1] ?? [],
		errors: main[2] ?? [],
		error,
		run,
		staticData,
	};
}
