import type { Worker } from 'node:worker_threads';
import { afterEach } from 'vitest';
import { inWorkers, type WorkerStage } from './in-workers.js';
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
  return [...shareOf(stage).live].flatMap((pool) => pool.threads);
}

/** How many pools the stage has running now. */
export function poolsOf(stage: object): number {
  return shareOf(stage).live.size;
}

/** Waits until every pool the stage has stopped has no thread left. */
export function stopped(stage: object): Promise<void> {
  return shareOf(stage).stopped();
}

/** True once a worker thread has exited (Node sets its `threadId` to -1). */
export function exited(worker: Worker): boolean {
  return worker.threadId === -1;
}

/**
 * Makes stages on the test filters (2 threads unless said), and closes every one made after each test, so
 * no test leaves threads behind for the next. Call once at a test file's top level.
 */
export function closedAfterEach(): StageMaker {
  const stages: WorkerStage<never, unknown>[] = [];
  afterEach(async () => {
    await Promise.all(stages.splice(0).map((made) => made.close()));
  });
  const closeLater = <In, Out>(made: WorkerStage<In, Out>): WorkerStage<In, Out> => {
    stages.push(made as never);
    return made;
  };
  const make = <In, Out>(exportName: string, options: Parameters<typeof inWorkers<In, Out>>[2] = {}) =>
    closeLater(inWorkers<In, Out>(filters, exportName, { threads: 2, ...options }));
  return Object.assign(make, { closeLater });
}

/** What {@link closedAfterEach} returns; `closeLater` takes a stage made some other way. */
export interface StageMaker {
  <In, Out>(exportName: string, options?: Parameters<typeof inWorkers<In, Out>>[2]): WorkerStage<In, Out>;
  closeLater<In, Out>(made: WorkerStage<In, Out>): WorkerStage<In, Out>;
}

/** `n` whole numbers from `from`. */
export const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => i + from);
