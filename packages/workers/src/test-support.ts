import type { Worker } from 'node:worker_threads';
import { poolShares } from './internal/registry.js';
import type { PoolShare } from './internal/pool-share.js';

/** The module of filters the tests run in workers. */
export const filters = new URL('./test-filters.ts', import.meta.url);

function shareOf(stage: object): PoolShare {
  const share = poolShares.get(stage);
  if (share === undefined) throw new Error('not an inWorkers stage');
  return share;
}

/** The threads the stage's pools have now. */
export function threadsOf(stage: object): Worker[] {
  return [...shareOf(stage).running].flatMap((pool) => pool.threads);
}

/** How many pools the stage has running now. */
export function poolsOf(stage: object): number {
  return shareOf(stage).running.size;
}

/** Waits until every pool the stage has stopped has no thread left. */
export function stopped(stage: object): Promise<void> {
  return shareOf(stage).stopped();
}

/** True once a worker thread has exited (Node sets its `threadId` to -1). */
export function exited(worker: Worker): boolean {
  return worker.threadId === -1;
}
