import type { AsyncStageSteps } from '@siphon/core/adapter';
import type { Piscina } from 'piscina';
import { END, type BatchOrEnd } from './batching.js';
import { describeValue } from './describe.js';
import { closedError, taskController, type KeyedPools, type Lease, type PoolShare } from './pool-share.js';
import { decodeError } from './decode-error.js';
import { transferables, type FilterAddress, type Reply, type Task } from './wire.js';

type Outputs = readonly unknown[];

/** One stateless run: every batch is a task on the shared pool, a fresh run of the filter in a worker. */
export function statelessRun(
  share: PoolShare,
  address: FilterAddress,
  transfer: boolean,
): AsyncStageSteps<BatchOrEnd, Outputs> {
  let lease: Lease | undefined;
  const controller = taskController();
  const run = { over: false };
  return {
    step(batch) {
      lease ??= share.acquireShared();
      if (!share.isLive(lease.pool)) throw closedError();
      const chunks = batch as unknown[];
      const task: Task = { kind: 'batch', ...address, chunks, transfer };
      return send(share, lease.pool, run, task, transfer ? transferables(chunks) : undefined, controller.signal).then(
        outputsOf,
      );
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
  address: FilterAddress,
  transfer: boolean,
  threads: number,
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
      const slots: { indices: number[]; keys: string[]; chunks: unknown[] }[] = [];
      item.forEach((chunk, index) => {
        const key = keyOf(chunk);
        if (typeof key !== 'string') {
          throw new TypeError(`inWorkers(): options.key must return a string, got ${describeValue(key)}`);
        }
        if (!firstSeen.has(key)) firstSeen.set(key, firstSeen.size);
        const slot = hash(key) % threads;
        const part = (slots[slot] ??= { indices: [], keys: [], chunks: [] });
        part.indices.push(index);
        part.keys.push(key);
        part.chunks.push(chunk);
      });
      const perChunk: Outputs[] = new Array<Outputs>(item.length);
      const sent = slots.map((part, slot) => {
        touched.add(slot);
        const task: Task = { kind: 'keyed', ...address, keys: part.keys, chunks: part.chunks, transfer };
        return send(share, pools[slot]!, run, task, transfer ? transferables(part.chunks) : undefined).then((reply) => {
          const outputs = repliedPerChunk(reply);
          part.indices.forEach((index, i) => (perChunk[index] = outputs[i]!));
        });
      });
      return Promise.all(sent).then(() => perChunk.flat());
    },
    cleanup() {
      run.over = true;
      if (keyed === undefined) return;
      share.stopKeyed(keyed);
      keyed = undefined;
    },
  };

  function usable(threads: KeyedPools): readonly Piscina[] {
    if (!share.isLive(threads.pools[0]!)) throw closedError();
    if (threads.lost) {
      throw new Error(
        "inWorkers(): a worker thread of this keyed run stopped, and the state of its keys' runs with it",
      );
    }
    return threads.pools;
  }

  function endAll(): Outputs | Promise<Outputs> {
    if (keyed === undefined || touched.size === 0) return [];
    const pools = usable(keyed);
    const task: Task = { kind: 'end', ...address, transfer };
    const ended = [...touched].map((slot) => send(share, pools[slot]!, run, task, undefined).then(repliedPerKey));
    return Promise.all(ended).then((parts) =>
      parts
        .flat()
        .sort((a, b) => firstSeen.get(a[0])! - firstSeen.get(b[0])!)
        .flatMap(([, outputs]) => outputs),
    );
  }
}

const NO_OUTPUTS: Reply = { ok: true, outputs: [], perChunk: [], perKey: [] } as unknown as Reply;

/**
 * Sends one task. A task that fails because this run has ended (its cleanup cancelled it) gives no
 * outputs instead of an error: a `next()` still waiting on it then ends with the run, as a consumer that
 * called `return()` expects, rather than throwing the cancellation at it.
 */
function send(
  share: PoolShare,
  pool: Piscina,
  run: { readonly over: boolean },
  task: Task,
  transferList: ArrayBuffer[] | undefined,
  signal?: AbortSignal,
): Promise<Reply> {
  const sent = pool.run(task, {
    ...(transferList === undefined || transferList.length === 0 ? {} : { transferList }),
    ...(signal === undefined ? {} : { signal }),
  }) as Promise<Reply>;
  return sent.catch((error: unknown) => {
    if (run.over) return NO_OUTPUTS;
    if (!share.isLive(pool)) throw Object.assign(closedError(), { cause: error });
    // The thread exited or crashed under the task.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`inWorkers(): a worker thread stopped before it finished a batch (${reason})`, { cause: error });
  });
}

function outputsOf(reply: Reply): Outputs {
  if (!reply.ok) throw decodeError(reply.error);
  return (reply as { outputs: Outputs }).outputs;
}

function repliedPerChunk(reply: Reply): readonly Outputs[] {
  if (!reply.ok) throw decodeError(reply.error);
  return (reply as { perChunk: readonly Outputs[] }).perChunk;
}

function repliedPerKey(reply: Reply): readonly (readonly [string, Outputs])[] {
  if (!reply.ok) throw decodeError(reply.error);
  return (reply as { perKey: readonly (readonly [string, Outputs])[] }).perKey;
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
