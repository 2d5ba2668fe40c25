import type { AsyncStageSteps } from '@siphon/core/adapter';
import { describeValue } from './core.js';
import type { Piscina } from 'piscina';
import { END, type BatchOrEnd } from './batching.js';
import { closedError, taskController, type KeyedPools, type Lease, type PoolShare } from './pool-share.js';
import { decodeError } from './decode-error.js';
import { CALLER } from './name.js';
import {
  transferables,
  type Outputs,
  type PerChunk,
  type PerKey,
  type Reply,
  type TaskCommon,
  type Task,
} from './wire.js';

/** One stateless run: every batch is a task on the shared pool, a fresh run of the filter in a worker. */
export function statelessRun(share: PoolShare, common: TaskCommon): AsyncStageSteps<BatchOrEnd, Outputs> {
  let lease: Lease | undefined;
  const controller = taskController();
  const run = { over: false };
  return {
    step(batch) {
      lease ??= share.acquireShared();
      if (!share.live.has(lease.pool)) throw closedError();
      const task: Task = { kind: 'batch', ...common, chunks: batch as unknown[] };
      return send<Outputs>(share, lease.pool, run, task, controller.signal);
    },
    cleanup() {
      run.over = true;
      if (lease === undefined) return;
      const held = lease;
      lease = undefined;
      share.releaseShared(held, () => controller.abort());
    },
  };
}

/**
 * One keyed run: each chunk goes to the thread its key hashes to, where that key's run of the filter
 * lives for the whole run. A batch is split by thread and put back together in input order; at the end
 * of the input every key's run ends, and their last outputs follow in the order the keys first came.
 */
export function keyedRun(
  share: PoolShare,
  common: TaskCommon,
  keyOf: (chunk: unknown) => string,
): AsyncStageSteps<BatchOrEnd, Outputs> {
  let keyed: KeyedPools | undefined;
  const run = { over: false };
  const touched = new Set<number>();
  const firstSeen = new Map<string, number>();
  return {
    step(item) {
      if (item === END) return endAll();
      keyed ??= share.startKeyed();
      const pools = usable(keyed);
      const keys: string[][] = [];
      const chunks: unknown[][] = [];
      const slotOf = item.map((chunk) => {
        const key = keyOf(chunk);
        if (typeof key !== 'string') {
          throw new TypeError(`${CALLER}: options.key must return a string, got ${describeValue(key)}`);
        }
        if (!firstSeen.has(key)) firstSeen.set(key, firstSeen.size);
        const slot = hash(key) % pools.length;
        (keys[slot] ??= []).push(key);
        (chunks[slot] ??= []).push(chunk);
        return slot;
      });
      const sent = chunks.map((part, slot) => {
        touched.add(slot);
        const task: Task = { kind: 'keyed', ...common, keys: keys[slot]!, chunks: part };
        return send<PerChunk>(share, pools[slot]!, run, task, null);
      });
      // A thread answers its chunks in the order they went; each chunk takes its slot's next answer.
      return Promise.all(sent).then((perSlot) => {
        const next = perSlot.map(() => 0);
        return slotOf.flatMap((slot) => perSlot[slot]![next[slot]!++]!);
      });
    },
    cleanup() {
      run.over = true;
      if (keyed === undefined) return;
      share.stopKeyed(keyed);
      keyed = undefined;
    },
  };

  function usable(threads: KeyedPools): readonly Piscina[] {
    if (!share.live.has(threads.pools[0]!)) throw closedError();
    if (threads.lost) {
      throw new Error(`${CALLER}: a worker thread of this keyed run stopped, and the state of its keys' runs with it`);
    }
    return threads.pools;
  }

  function endAll(): Outputs | Promise<Outputs> {
    if (keyed === undefined || touched.size === 0) return [];
    const pools = usable(keyed);
    const task: Task = { kind: 'end', ...common };
    const ended = [...touched].map((slot) => send<PerKey>(share, pools[slot]!, run, task, null));
    return Promise.all(ended).then((parts) =>
      parts
        .flat()
        .sort((a, b) => firstSeen.get(a[0])! - firstSeen.get(b[0])!)
        .flatMap(([, outputs]) => outputs),
    );
  }
}

/**
 * Sends one task and gives its reply's value, or the worker's error. With `transfer`, the chunks'
 * buffers are moved, not copied. A task that fails because this run has ended (its cleanup cancelled
 * it) gives no outputs instead of an error: a `next()` still waiting on it then ends with the run, as a
 * consumer that called `return()` expects, rather than throwing the cancellation at it.
 */
function send<T extends readonly unknown[]>(
  share: PoolShare,
  pool: Piscina,
  run: { readonly over: boolean },
  task: Task,
  signal: AbortSignal | null,
): Promise<T> {
  // Piscina reads an empty transfer list and a null signal as none.
  const transferList = task.transfer && task.kind !== 'end' ? transferables(task.chunks) : [];
  return (pool.run(task, { transferList, signal }) as Promise<Reply<T>>).then(
    (reply) => {
      if (!reply.ok) throw decodeError(reply.error);
      return reply.value;
    },
    (error: unknown) => {
      if (run.over) return [] as unknown as T;
      if (!share.live.has(pool)) throw Object.assign(closedError(), { cause: error });
      // The thread exited or crashed under the task.
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${CALLER}: a worker thread stopped before it finished a batch (${reason})`, { cause: error });
    },
  );
}

/** FNV-1a: cheap, and spreads similar keys ('user-1', 'user-2') over the threads. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
