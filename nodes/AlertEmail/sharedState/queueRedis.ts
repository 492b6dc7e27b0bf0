/**
 * Where the shared state lives. In queue mode (EXECUTIONS_MODE=queue) the node uses n8n's own queue
 * Redis, read from n8n's QUEUE_BULL_* settings, so there is nothing to configure; a user may pick a
 * Redis credential instead, or keep state in this n8n instance only. Outside queue mode, nothing
 * changes unless a Redis credential is picked.
 */
import type { RedisTarget } from './redisClient';

/** The key prefix after n8n's own (QUEUE_BULL_PREFIX, "bull" by default): bull:alert-email:… */
const KEY_SPACE = 'alert-email';

export type SharedStateChoice = 'auto' | 'redis' | 'instance';

/** n8n's built-in `redis` credential, as getCredentials returns it. */
export interface RedisCredential {
	host?: string;
	port?: number;
	database?: number;
	user?: string;
	password?: string;
	ssl?: boolean;
	disableTlsVerification?: boolean;
}

type Env = Record<string, string | undefined>;

const isQueueMode = (env: Env) => env.EXECUTIONS_MODE === 'queue';

/**
 * n8n's queue Redis, or undefined outside queue mode. A Redis Cluster (QUEUE_BULL_REDIS_CLUSTER_NODES)
 * is not supported here: the caller keeps state in this instance and says so.
 */
export function queueRedisTarget(env: Env = process.env): RedisTarget | 'cluster' | undefined {
	if (!isQueueMode(env)) return undefined;
	if (env.QUEUE_BULL_REDIS_CLUSTER_NODES) return 'cluster';
	const tls = env.QUEUE_BULL_REDIS_TLS === 'true';
	return {
		host: env.QUEUE_BULL_REDIS_HOST || 'localhost',
		port: Number(env.QUEUE_BULL_REDIS_PORT) || 6379,
		db: Number(env.QUEUE_BULL_REDIS_DB) || 0,
		...(env.QUEUE_BULL_REDIS_USERNAME ? { username: env.QUEUE_BULL_REDIS_USERNAME } : {}),
		...(env.QUEUE_BULL_REDIS_PASSWORD ? { password: env.QUEUE_BULL_REDIS_PASSWORD } : {}),
		...(tls
			? {
					tls: {
						...(env.QUEUE_BULL_REDIS_TLS_SERVERNAME ? { servername: env.QUEUE_BULL_REDIS_TLS_SERVERNAME } : {}),
						rejectUnauthorized: env.QUEUE_BULL_REDIS_TLS_VALIDATE_CERTIFICATE !== 'false',
					},
				}
			: {}),
		keyPrefix: `${env.QUEUE_BULL_PREFIX || 'bull'}:${KEY_SPACE}`,
	};
}

export function credentialRedisTarget(credential: RedisCredential): RedisTarget {
	return {
		host: credential.host || 'localhost',
		port: Number(credential.port) || 6379,
		db: Number(credential.database) || 0,
		...(credential.user ? { username: credential.user } : {}),
		...(credential.password ? { password: credential.password } : {}),
		...(credential.ssl ? { tls: { rejectUnauthorized: credential.disableTlsVerification !== true } } : {}),
		keyPrefix: KEY_SPACE,
	};
}
