import { setMaxListeners } from 'node:events';
import { Piscina } from 'piscina';
import { CALLER } from './name.js';
import { workerExecArgv, workerFile } from './worker-location.js';

/** One pool and the runs using it. */
export interface Lease {
  readonly pool: Piscina;
  users: number;
}

/** A keyed run's threads: one single-thread pool per slot. */
export interface KeyedPools {
  readonly pools: Piscina[];
  /** Set when one of the threads died: the state of its keys is gone. */
  lost: boolean;
}

/** Thrown to a run whose pool `close()` destroyed while the run was still using it. */
export function closedError(): Error {
  return new Error(`${CALLER}: the stage was closed (close() or await using) while this run was using it`);
}

/**
 * The worker threads of one `inWorkers` stage. Nothing starts until a run sends its first batch. The
 * shared pool serves every stateless run at once and is destroyed when the last of them ends; a keyed
 * run gets threads of its own, since its state lives in them, destroyed when it ends.
 */
export interface PoolShare {
  /**
   * The pools this stage has running now. A pool leaves it when it is destroyed, after which piscina
   * would start new threads for a task sent to it: a run checks its pool is still here first.
   */
  readonly live: ReadonlySet<Piscina>;
  /** The shared pool, started if need be, counted as used by one more run. */
  acquireShared(): Lease;
  /**
   * Gives up a run's use of the shared pool. The last run destroys it (which also ends its tasks);
   * otherwise `abort` cancels this run's tasks: queued ones are dropped, and a thread running one is
   * terminated and replaced.
   */
  releaseShared(lease: Lease, abort: () => void): void;
  /**
   * One single-thread pool per slot for a keyed run. Tasks to a slot run in the order they were sent:
   * each is posted to its thread as soon as there is room (`maxInFlight` at a time, no signal, so piscina
   * does not hold a thread for one task), and one that waited goes back to the head of the queue.
   */
  startKeyed(): KeyedPools;
  stopKeyed(keyed: KeyedPools): void;
  /**
   * Destroys every pool now (runs still using one fail) and resolves once every thread has exited and
   * its port is closed.
   */
  close(): Promise<void>;
  /** Resolves once every pool being destroyed has no thread or port left (tests wait for it). */
  stopped(): Promise<void>;
}

// A closure, not a class: its state is local variables, which a minifier shortens, where a class's field
// names stay whole in every `this.` access (minified, 1.4 KB as a class, 1.0 KB as this closure).
export function poolShare(threads: number, maxInFlight: number, execArgv: readonly string[] | undefined): PoolShare {
  let shared: Lease | undefined;
  const live = new Set<Piscina>();
  /** Settles once every pool being destroyed so far has no thread left. */
  let stopping: Promise<unknown> = Promise.resolve();

  const startPool = (count: number, perThread: number, strictOrder: boolean): Piscina => {
    const pool = new Piscina({
      filename: workerFile,
      minThreads: count,
      maxThreads: count,
      idleTimeout: Infinity,
      concurrentTasksPerWorker: perThread,
      stricterFIFO: strictOrder,
      ...workerExecArgv(execArgv),
    });
    // A thread that fails with no task on it is reported here; with a task, the task is rejected.
    // Without a listener the 'error' event would be thrown in the main thread.
    pool.on('error', () => undefined);
    live.add(pool);
    return pool;
  };

  const stop = (pool: Piscina): void => {
    if (!live.delete(pool)) return;
    stopping = Promise.all([
      stopping,
      pool
        .destroy()
        .catch(() => undefined)
        .then(nextTurn),
    ]);
  };

  const stopped = async (): Promise<void> => {
    for (let before: Promise<unknown> | undefined; before !== stopping;) await (before = stopping);
  };

  return {
    live,
    acquireShared() {
      const lease = (shared ??= { pool: startPool(threads, 1, false), users: 0 });
      lease.users++;
      return lease;
    },
    releaseShared(lease, abort) {
      lease.users--;
      if (lease.users > 0) {
        abort();
        return;
      }
      if (shared === lease) shared = undefined;
      stop(lease.pool);
    },
    startKeyed() {
      const keyed: KeyedPools = { pools: [], lost: false };
      for (let slot = 0; slot < threads; slot++) {
        const pool = startPool(1, maxInFlight, true);
        // A thread that dies, even between tasks, takes its keys' runs with it: piscina would start a fresh
        // one, and the next chunks of those keys would silently start over. The run fails instead.
        pool.on('workerDestroy', () => {
          if (live.has(pool)) keyed.lost = true;
        });
        keyed.pools.push(pool);
      }
      return keyed;
    },
    stopKeyed(keyed) {
      for (const pool of keyed.pools) stop(pool);
    },
    async close() {
      shared = undefined;
      for (const pool of live) stop(pool);
      await stopped();
    },
    stopped,
  };
}

/**
 * Resolves on the event loop's next turn. Piscina's `destroy()` resolves on its threads' `exit` events,
 * when a thread's message port may still be open until the loop's close phase (measured: 6 of 300
 * destroys left a `MessagePort` in `process.getActiveResourcesInfo()`, still there after a
 * `setImmediate`, gone after a `setTimeout(0)`), so `close()` would resolve with it still open.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** An `AbortController` whose signal may carry one listener per task in flight without a warning. */
export function taskController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(Infinity, controller.signal);
  return controller;
}
