import type { AsyncCore } from './async-core.js';
import { asyncDisposeSymbol } from './close.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** The `AsyncIterableIterator` that `pull` returns for async sources. */
export class AsyncPull<Out> implements AsyncIterableIterator<Out> {
  /** The next output to hand out is `core.out[pos]`. */
  private pos = 0;
  // Calls to next() still in flight; a new one waits for the one before it.
  private waiting = 0;
  private last: Promise<unknown> = Promise.resolve();
  private readonly onFilled = (filled: boolean): IteratorResult<Out, undefined> => {
    this.waiting--;
    return filled ? { value: this.take(), done: false } : DONE;
  };
  private readonly onFailed = (error: unknown): Promise<never> => {
    this.waiting--;
    return this.core.close({ error }) as Promise<never>;
  };

  constructor(private readonly core: AsyncCore) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Out, undefined>> {
    if (this.waiting === 0 && this.pos < this.core.count) {
      return Promise.resolve({ value: this.take(), done: false });
    }
    this.waiting++;
    const step = (): Promise<IteratorResult<Out, undefined>> => this.step();
    const result = this.waiting === 1 ? this.step() : this.last.then(step, step);
    this.last = result;
    return result;
  }

  async return(): Promise<IteratorResult<Out, undefined>> {
    await this.core.close();
    return DONE;
  }

  async [asyncDisposeSymbol](): Promise<void> {
    await this.return();
  }

  private step(): Promise<IteratorResult<Out, undefined>> {
    if (this.pos < this.core.count) {
      this.waiting--;
      return Promise.resolve({ value: this.take(), done: false });
    }
    this.pos = 0;
    return this.core.fill().then(this.onFilled, this.onFailed);
  }

  private take(): Out {
    const out = this.core.out;
    const value = out[this.pos];
    out[this.pos++] = undefined; // keep nothing the consumer has already taken
    return value as Out;
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
