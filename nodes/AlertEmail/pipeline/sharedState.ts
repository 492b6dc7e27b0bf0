/**
 * The state this execution shares with others (the n8n edge of sharedState/): the sending
 * interval, group windows and the login breaker, in n8n's queue Redis (queue mode), in a Redis
 * credential's server, or in this n8n process. Shared stores fail open (sharedState/failOpen.ts).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { GroupWindows } from '../groupWindow/groupWindows';
import { processGroupWindows } from '../groupWindow/groupWindows';
import { FailOpenGroupWindows, FailOpenIntervalStore, FailOpenLoginBreaker } from '../sharedState/failOpen';
import { credentialRedisTarget, queueRedisTarget } from '../sharedState/queueRedis';
import type { RedisCredential, SharedStateChoice } from '../sharedState/queueRedis';
import { sharedRedis } from '../sharedState/redisClient';
import type { RedisTarget } from '../sharedState/redisClient';
import { RedisGroupWindows } from '../sharedState/redisGroupWindows';
import { RedisIntervalStore } from '../sharedState/redisIntervalStore';
import { RedisLoginBreaker } from '../sharedState/redisLoginBreaker';
import { processLoginBreaker } from '../smtp/loginBreaker';
import type { LoginBreaker } from '../smtp/loginBreaker';
import type { IntervalStore } from '../throttle/intervalStore';
import { openIntervalStore } from '../throttle/openIntervalStore';

export interface ExecutionState {
	interval: IntervalStore;
	windows: GroupWindows;
	breaker: LoginBreaker;
}

let clusterNoted = false;

async function redisTarget(ctx: IExecuteFunctions, choice: SharedStateChoice): Promise<RedisTarget | undefined> {
	if (choice === 'instance') return undefined;
	if (choice === 'redis') return credentialRedisTarget(await ctx.getCredentials<RedisCredential>('redis'));
	const queue = queueRedisTarget();
	if (queue !== 'cluster') return queue;
	if (!clusterNoted) {
		clusterNoted = true;
		ctx.logger.warn(
			'Alert Email: n8n runs its queue on a Redis Cluster, which this node does not use for shared state; each worker keeps its own. Pick a Redis credential under Shared State to share it.',
		);
	}
	return undefined;
}

export async function openExecutionState(
	ctx: IExecuteFunctions,
	choice: SharedStateChoice,
	intervalMs: number,
	dryRun: boolean,
): Promise<ExecutionState> {
	const target = await redisTarget(ctx, choice);
	// A dry run never uses up an interval: it reads a copy of this process's memory, as without Redis.
	if (!target || dryRun) {
		return {
			interval: openIntervalStore(ctx, intervalMs, dryRun),
			windows: processGroupWindows,
			breaker: processLoginBreaker,
		};
	}
	const redis = sharedRedis(target);
	redis.useLogger(ctx.logger);
	const kind = ctx.getMode() === 'manual' ? 'manual' : 'production';
	const namespace = `wf:${ctx.getWorkflow().id ?? 'unsaved'}:node:${ctx.getNode().id}:${kind}`;
	return {
		interval: new FailOpenIntervalStore(new RedisIntervalStore(redis, namespace, intervalMs)),
		windows: new FailOpenGroupWindows(new RedisGroupWindows(redis, namespace), processGroupWindows),
		breaker: new FailOpenLoginBreaker(new RedisLoginBreaker(redis), processLoginBreaker),
	};
}
