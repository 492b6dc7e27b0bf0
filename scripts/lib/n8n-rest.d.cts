// Types for n8n-rest.cjs (used by the TypeScript e2e tests). Answers are n8n's, loosely typed.
type Json = Record<string, unknown>;

export interface CredentialRef {
	id: string;
	name: string;
	type: string;
}

export interface WorkflowBody {
	name: string;
	nodes: Json[];
	connections: Json;
	settings?: Json;
	pinData?: Json;
}

export interface CreatedWorkflow extends Json {
	id: string;
	name: string;
	versionId: string;
	active: boolean;
}

export interface ExecutionSummary extends Json {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	workflowId: string;
}

export interface Execution extends ExecutionSummary {
	data: { resultData: { runData: Record<string, Json[]>; error?: Json } } & Json;
}

export declare class N8nRestError extends Error {
	status: number;
	body: unknown;
}

export declare class N8nRest {
	constructor(baseUrl: string);
	baseUrl: string;
	cookie: string;
	request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	setupOwner(owner: { email: string; password: string; firstName?: string; lastName?: string }): Promise<Json>;
	login(owner: { email: string; password: string }): Promise<Json>;
	ensureOwner(owner: { email: string; password: string; firstName?: string; lastName?: string }): Promise<Json>;
	nodeTypes(): Promise<Json[]>;
	listCredentials(): Promise<CredentialRef[]>;
	createCredential(credential: { name: string; type: string; data: Json }): Promise<CredentialRef>;
	updateCredential(id: string, credential: { name: string; type: string; data: Json }): Promise<CredentialRef>;
	getCredential(id: string, options?: { includeData?: boolean }): Promise<CredentialRef & { data?: Json }>;
	testCredential(id: string, data?: Json): Promise<{ status: 'OK' | 'Error'; message: string }>;
	listWorkflows(): Promise<CreatedWorkflow[]>;
	createWorkflow(workflow: WorkflowBody): Promise<CreatedWorkflow>;
	getWorkflow(id: string): Promise<CreatedWorkflow & { staticData?: Json | null; nodes: Json[] }>;
	activateWorkflow(id: string, versionId: string): Promise<CreatedWorkflow>;
	runWorkflow(id: string, triggerName: string): Promise<string>;
	listExecutions(workflowId: string): Promise<ExecutionSummary[]>;
	getExecution(id: string): Promise<Execution>;
	waitForExecution(id: string, timeoutMs?: number): Promise<Execution>;
}

/** Output items (their json) of one node, per output index; null when the node did not run. */
export declare function nodeOutputs(execution: Execution, nodeName: string): Json[][] | null;
