import { finished, type Readable } from 'node:stream';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * What the listeners on the readable share with the iterator. The listeners hold this, never the
 * iterator, so a consumer that drops the iterator without closing it can still be collected.
 */
interface Link {
  /** Resolves the iterator's waiting `next()`; set only while one waits. */
  wake: (() => void) | undefined;
  /** The readable has ended (`error` undefined) or failed (premature close counts as failure). */
  settled: boolean;
  error: unknown;
}

/**
 * Listeners still attached to readables whose iterator was dropped without being closed. Created on first
 * use: a registry at module level is a side effect that bundlers must keep for every importer of the package.
 */
let abandonedRegistry: FinalizationRegistry<() => void> | undefined;
const abandoned = (): FinalizationRegistry<() => void> =>
  (abandonedRegistry ??= new FinalizationRegistry((detach) => detach()));

/**
 * A batch source over a Node `Readable`: at each wake-up (`readable`, `end`, `error`, `close`) it takes
 * everything `read()` has buffered and hands it over as one array, so the pipeline crosses the async
 * boundary once per wake-up instead of once per chunk.
 */
export class ReadableBatches implements AsyncIterable<readonly unknown[]> {
  #readable: Readable | undefined;
  readonly #destroyOnReturn: boolean;

  constructor(readable: Readable, destroyOnReturn: boolean) {
    this.#readable = readable;
    this.#destroyOnReturn = destroyOnReturn;
  }

  [Symbol.asyncIterator](): AsyncIterator<readonly unknown[], undefined> {
    const readable = this.#readable;
    if (readable === undefined) throw new TypeError('pullReadable(): a readable can be pulled from only once');
    this.#readable = undefined;
    return new ReadableBatchIterator(readable, this.#destroyOnReturn);
  }
}

class ReadableBatchIterator implements AsyncIterator<readonly unknown[], undefined> {
  #readable: Readable | undefined;
  readonly #destroyOnReturn: boolean;
  readonly #link: Link = { wake: undefined, settled: false, error: undefined };
  #detach: (() => void) | undefined;

  constructor(readable: Readable, destroyOnReturn: boolean) {
    this.#readable = readable;
    this.#destroyOnReturn = destroyOnReturn;
    const detach = listen(readable, this.#link);
    this.#detach = detach;
    abandoned().register(this, detach, this);
  }

  async next(): Promise<IteratorResult<readonly unknown[], undefined>> {
    const link = this.#link;
    for (;;) {
      const readable = this.#readable;
      if (readable === undefined) return DONE;
      // As in Node's own iterator, a destroyed readable hands out nothing more.
      if (!readable.destroyed) {
        const batch = drain(readable);
        if (batch.length > 0) return { value: batch, done: false };
      }
      if (link.settled) {
        this.#release();
        if (link.error !== undefined) throw link.error;
        return DONE;
      }
      await new Promise<void>((resolve) => {
        link.wake = resolve;
      });
    }
  }

  async return(): Promise<IteratorResult<readonly unknown[], undefined>> {
    const readable = this.#release();
    if (readable !== undefined && this.#destroyOnReturn && !readable.destroyed) readable.destroy();
    return DONE;
  }

  /** Removes the listeners and forgets the readable; returns it if it was still held. */
  #release(): Readable | undefined {
    const readable = this.#readable;
    this.#readable = undefined;
    const detach = this.#detach;
    this.#detach = undefined;
    if (detach !== undefined) {
      abandoned().unregister(this);
      detach();
    }
    const wake = this.#link.wake;
    this.#link.wake = undefined;
    wake?.();
    return readable;
  }
}

/**
 * Everything buffered right now. In object mode that is `readableLength` chunks (at least one read, which
 * also asks the stream for more); the count is fixed first, because a stream that pushes synchronously
 * from `_read` would otherwise refill forever. In byte mode one `read()` returns the whole buffer.
 */
function drain(readable: Readable): unknown[] {
  const batch: unknown[] = [];
  const limit = readable.readableObjectMode ? Math.max(1, readable.readableLength) : 1;
  for (let i = 0; i < limit; i++) {
    const chunk: unknown = readable.read();
    if (chunk === null) break;
    batch.push(chunk);
  }
  return batch;
}

/**
 * Attaches the listeners. A function of its own, given only the readable and the link, because closures
 * made beside the iterator's state would share its context and keep the iterator alive.
 */
function listen(readable: Readable, link: Link): () => void {
  const onReadable = (): void => wake(link);
  const stopFinished = finished(readable, { writable: false }, (error) => {
    link.settled = true;
    link.error = error ?? undefined;
    wake(link);
  });
  readable.on('readable', onReadable);
  return () => {
    readable.off('readable', onReadable);
    stopFinished();
  };
}

function wake(link: Link): void {
  const resolve = link.wake;
  link.wake = undefined;
  resolve?.();
}
