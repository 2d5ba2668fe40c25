import { setMaxListeners } from 'node:events';
import { Piscina } from 'piscina';
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
  return new Error('inWorkers(): the stage was closed (close() or await using) while this run was using it');
}

/**
 * The worker threads of one `inWorkers` stage. Nothing starts until a run sends its first batch. The
 * shared pool serves every stateless run at once and is destroyed when the last of them ends; a keyed
 * run gets threads of its own, since its state lives in them, destroyed when it ends.
 */
export class PoolShare {
  private shared: Lease | undefined;
  private readonly live = new Set<Piscina>();
  /** Settles once every pool being destroyed so far has no thread left. */
  private stopping: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly threads: number,
    private readonly maxInFlight: number,
    private readonly execArgv: readonly string[] | undefined,
  ) {}

  /** The shared pool, started if need be, counted as used by one more run. */
  acquireShared(): Lease {
    const lease = (this.shared ??= { pool: this.startPool(this.threads, 1, false), users: 0 });
    lease.users++;
    return lease;
  }

  /**
   * Gives up a run's use of the shared pool. The last run destroys it (which also ends its tasks);
   * otherwise `abort` cancels this run's tasks: queued ones are dropped, and a thread running one is
   * terminated and replaced.
   */
  releaseShared(lease: Lease, abort: () => void): void {
    lease.users--;
    if (lease.users > 0) {
      abort();
      return;
    }
    if (this.shared === lease) this.shared = undefined;
    this.stop(lease.pool);
  }

  /**
   * One single-thread pool per slot for a keyed run. Tasks to a slot run in the order they were sent:
   * each is posted to its thread as soon as there is room (`maxInFlight` at a time, no signal, so piscina
   * does not hold a thread for one task), and one that waited goes back to the head of the queue.
   */
  startKeyed(): KeyedPools {
    const keyed: KeyedPools = { pools: [], lost: false };
    for (let slot = 0; slot < this.threads; slot++) {
      const pool = this.startPool(1, this.maxInFlight, true);
      // A thread that dies, even between tasks, takes its keys' runs with it: piscina would start a fresh
      // one, and the next chunks of those keys would silently start over. The run fails instead.
      pool.on('workerDestroy', () => {
        if (this.live.has(pool)) keyed.lost = true;
      });
      keyed.pools.push(pool);
    }
    return keyed;
  }

  stopKeyed(keyed: KeyedPools): void {
    for (const pool of keyed.pools) this.stop(pool);
  }

  /** Destroys every pool now (runs still using one fail) and resolves once every thread has exited. */
  async close(): Promise<void> {
    this.shared = undefined;
    for (const pool of this.live) this.stop(pool);
    await this.stopped();
  }

  /** Resolves once every pool being destroyed has no thread left (tests wait for it). */
  async stopped(): Promise<void> {
    for (let stopping: Promise<unknown> | undefined; stopping !== this.stopping;) await (stopping = this.stopping);
  }

  /** Pools this stage has running now, for tests. */
  get running(): ReadonlySet<Piscina> {
    return this.live;
  }

  private startPool(threads: number, perThread: number, strictOrder: boolean): Piscina {
    const execArgv = workerExecArgv(this.execArgv);
    const pool = new Piscina({
      filename: workerFile,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Infinity,
      concurrentTasksPerWorker: perThread,
      stricterFIFO: strictOrder,
      ...(execArgv === undefined ? {} : { execArgv }),
    });
    // A thread that fails with no task on it is reported here; with a task, the task is rejected.
    // Without a listener the 'error' event would be thrown in the main thread.
    pool.on('error', () => undefined);
    this.live.add(pool);
    return pool;
  }

  /** False once the pool is destroyed: piscina would start new threads for a task sent after that. */
  isLive(pool: Piscina): boolean {
    return this.live.has(pool);
  }

  private stop(pool: Piscina): void {
    if (!this.live.delete(pool)) return;
    this.stopping = Promise.all([this.stopping, pool.destroy().catch(() => undefined)]);
  }
}

/** An `AbortController` whose signal may carry one listener per task in flight without a warning. */
export function taskController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(Infinity, controller.signal);
  return controller;
}
