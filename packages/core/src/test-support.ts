// Test support for the core's own tests: sources and filters that count what the hosts do to them.
// Not part of the package (tsconfig and `files` exclude `src/**/test-*`).
import { defineFilter } from './filters/define-filter.js';
import type { Filter } from './filter.js';
import type { PushObserver } from './sources/from-push.js';

/** What a tracked source saw: how many values it handed out, and how often its `finally` ran. */
export interface SourceLog {
  reads: number;
  finallyRuns: number;
}

/** A sync generator over `values` that counts reads and `finally` runs, and can throw after `failAfter` reads. */
export function syncSource<T>(values: Iterable<T>, log: SourceLog, failAfter = Infinity): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      try {
        for (const value of values) {
          if (log.reads >= failAfter) throw new Error('source failed');
          log.reads++;
          yield value;
        }
      } finally {
        log.finallyRuns++;
      }
    },
  };
}

/** The async form of {@link syncSource}. */
export function asyncSource<T>(values: Iterable<T>, log: SourceLog, failAfter = Infinity): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (const value of values) {
          await Promise.resolve();
          if (log.reads >= failAfter) throw new Error('source failed');
          log.reads++;
          yield value;
        }
      } finally {
        log.finallyRuns++;
      }
    },
  };
}

export function newLog(): SourceLog {
  return { reads: 0, finallyRuns: 0 };
}

/** How often each tracked filter's runs started, ended and were cleaned up. */
export interface FilterLog {
  inits: number;
  ends: number;
  cleanups: number;
}

export function newFilterLog(): FilterLog {
  return { inits: 0, ends: 0, cleanups: 0 };
}

/** A pass-through filter that counts its lifecycle; `failOn` makes its step throw for that chunk. */
export function tracked<T>(log: FilterLog, name = 'tracked', failOn?: (value: T) => boolean): Filter<T, T> {
  return defineFilter<T, T>(name, () => {
    log.inits++;
    return {
      step(value) {
        if (failOn?.(value) === true) throw new Error(`${name} refused ${String(value)}`);
        return [value];
      },
      end() {
        log.ends++;
      },
      cleanup() {
        log.cleanups++;
      },
    };
  });
}

/** Waits for every pending promise job and a macrotask turn. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A promise with its resolve/reject exposed. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A long-lived push source that never completes by itself. */
export class Feed {
  private readonly observers = new Set<Omit<PushObserver<string>, 'closed'>>();

  get size(): number {
    return this.observers.size;
  }

  subscribe(observer: Omit<PushObserver<string>, 'closed'>): () => void {
    this.observers.add(observer);
    return () => void this.observers.delete(observer);
  }

  write(chunk: string): void {
    for (const observer of [...this.observers]) observer.next(chunk);
  }

  fail(error: unknown): void {
    for (const observer of [...this.observers]) observer.error(error);
  }

  complete(): void {
    for (const observer of [...this.observers]) observer.complete();
  }
}

/**
 * Lets finalizers run (a task after the GC that found their targets) until `done()` or 10 rounds: a
 * dropped push consumer leaves its source from its finalizer.
 */
export async function untilFinalized(done: () => boolean): Promise<void> {
  const { collectGarbage } = await import('@siphon/leakcheck');
  for (let round = 0; round < 10 && !done(); round++) await collectGarbage({ rounds: 1 });
}

/** A push source driven by hand, counting subscriptions and teardowns. */
export function manualSource<T>() {
  const state = { observer: undefined as PushObserver<T> | undefined, subscribed: 0, tornDown: 0 };
  const subscribe = (observer: PushObserver<T>) => {
    state.subscribed++;
    state.observer = observer;
    return () => {
      state.tornDown++;
    };
  };
  const emit = (...values: T[]): void => {
    for (const value of values) state.observer!.next(value);
  };
  return { state, subscribe, emit };
}

/** Records how a promise settles, without awaiting it: a hang shows as an empty log, not a timeout. */
export function watch(promise: Promise<unknown>): string[] {
  const log: string[] = [];
  promise.then(
    (result) => log.push(`resolved ${JSON.stringify(result)}`),
    (error: unknown) => log.push(`rejected ${error instanceof Error ? error.message : String(error)}`),
  );
  return log;
}
