/**
 * Mail-client threading: every email for one throttle key refers to the same root Message-ID in
 * In-Reply-To and References, so repeats and their resolution show as one conversation. The root
 * is derived from workflow, node and key, so it survives restarts and lost state; it is never
 * used as any message's own Message-ID (each email gets a unique one), so no two emails collide.
 */
import { createHash } from 'node:crypto';

export interface ThreadScope {
	workflowId: string;
	nodeId: string;
	/** The sender's domain; a Message-ID should name a domain the sender controls. */
	domain: string;
}

export interface ThreadHeaders {
	inReplyTo: string;
	references: string[];
}

const DIGEST_KEY = '\u0000digest';

export function senderDomain(address: string): string {
	const domain =
		address
			.split('@')[1]
			?.toLowerCase()
			.replace(/[^a-z0-9.-]/g, '') ?? '';
	return domain || 'alert-email.n8n.local';
}

export function threadRoot(scope: ThreadScope, key: string): string {
	const hash = createHash('sha256').update(`${scope.workflowId}\u0000${scope.nodeId}\u0000${key}`).digest('hex').slice(0, 32);
	return `<alert-thread.${hash}@${scope.domain}>`;
}

export function threadHeaders(scope: ThreadScope, key: string): ThreadHeaders {
	const root = threadRoot(scope, key);
	return { inReplyTo: root, references: [root] };
}

/** Digests of one node thread together. */
export function digestThreadHeaders(scope: ThreadScope): ThreadHeaders {
	return threadHeaders(scope, DIGEST_KEY);
}
