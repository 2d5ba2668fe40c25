import type { AsyncCore } from './async-core.js';
import { asyncDisposeSymbol } from './close.js';
import { DONE } from './done.js';

const NONE: readonly never[] = Object.freeze([]);

/** The `AsyncIterableIterator` that `pull` returns for async sources. */
export class AsyncPull<Out> implements AsyncIterableIterator<Out> {
  /** The promise of the latest next() call: a call that must wait starts when it settles. */
  private last: Promise<unknown> | undefined;
  /** Calls waiting for an earlier one, not started yet. */
  private queued = 0;
  private readonly startQueued = (): Promise<IteratorResult<Out, undefined>> => {
    this.queued--;
    return this.core.nextResult() as Promise<IteratorResult<Out, undefined>>;
  };

  constructor(private readonly core: AsyncCore) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Out, undefined>> {
    // Outputs go to calls in call order: while a run is deciding one, or calls are already waiting,
    // this one waits its turn.
    let result: Promise<IteratorResult<Out, undefined>>;
    if (this.core.busy || this.queued > 0) {
      this.queued++;
      result = this.last!.then(this.startQueued, this.startQueued);
    } else {
      result = this.core.nextResult() as Promise<IteratorResult<Out, undefined>>;
    }
    this.last = result;
    return result;
  }

  async return(): Promise<IteratorResult<Out, undefined>> {
    await this.core.close();
    return DONE;
  }

  drain(): readonly Out[] {
    // While a call is deciding or waiting, what is buffered is promised to it.
    if (this.core.busy || this.queued > 0) return NONE;
    return this.core.drain() as Out[];
  }

  async [asyncDisposeSymbol](): Promise<void> {
    await this.return();
  }
}

/** The `AsyncIterableIterator` of output batches that `pullBatches` returns. */
export class AsyncBatches<Out> implements AsyncIterableIterator<readonly Out[]> {
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly core: AsyncCore) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<readonly Out[], undefined>> {
    const step = async (): Promise<IteratorResult<readonly Out[], undefined>> => {
      try {
        if (!(await this.core.fill())) return DONE;
      } catch (error) {
        return this.core.close({ error }) as Promise<never>;
      }
      return { value: this.core.takeAll() as Out[], done: false };
    };
    const result = this.last.then(step, step);
    this.last = result;
    return result;
  }

  async return(): Promise<IteratorResult<readonly Out[], undefined>> {
    await this.core.close();
    return DONE;
  }

  /** Always empty: each batch is handed out whole by the read that made it, so nothing waits in between. */
  drain(): readonly (readonly Out[])[] {
    return NONE;
  }

  async [asyncDisposeSymbol](): Promise<void> {
    await this.return();
  }
}

/** Runs to the end, collecting every output. */
export async function drainAsync(core: AsyncCore): Promise<unknown[]> {
  const all: unknown[] = [];
  try {
    while (await core.fill()) {
      const out = core.out;
      for (let i = 0; i < core.count; i++) all.push(out[i]);
    }
  } catch (error) {
    await core.close({ error });
  }
  return all;
}
