import type { AsyncPullIterator } from '../consume/pull-iterator.js';
import { kBatches, type BatchSource } from '../internal/batch-protocol.js';
import { asyncDisposeSymbol } from '../internal/close.js';
import { describeValue } from '../internal/describe.js';
import { DONE } from '../internal/done.js';
import { assertCount, assertFunction } from '../internal/validate.js';

/** What a push source is given to deliver to: values, then at most one `error` or `complete`. */
export interface PushObserver<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}

/** What a subscribe function may return to undo the subscription. */
export type Teardown = (() => void) | { unsubscribe(): void } | void;

/** How a full buffer treats a new value: fail the iterator, or drop a value and go on. */
export type Overflow = 'error' | 'drop-oldest' | 'drop-newest';

/** Options for {@link fromPush} and `fromEvent`. */
export interface FromPushOptions {
  /**
   * How many values may wait in the buffer for the consumer to pull them.
   * @default 1024
   */
  readonly highWaterMark?: number;
  /**
   * What a value arriving at a full buffer does: `'error'` ends the iterator with a `RangeError` after the
   * buffered values, `'drop-oldest'` discards the oldest buffered value, `'drop-newest'` the new one.
   * @default 'error'
   */
  readonly overflow?: Overflow;
  /** Aborting it unsubscribes at once and rejects a pending `next()` with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** The iterator {@link fromPush} returns. */
export interface PushIterator<T> extends AsyncPullIterator<T> {
  /** How many values are waiting to be pulled. */
  readonly buffered: number;
  /** How many values the overflow policy has dropped so far. */
  readonly dropped: number;
}

/**
 * Bridges a push source to an async iterator the consumer pulls from, through a bounded buffer.
 *
 * `subscribe` is called at once with an observer and returns how to unsubscribe. The iterator
 * unsubscribes as soon as it ends: on `return()`/`break`, on abort, when the source errors or completes,
 * or on overflow with `'error'`. The source side holds the iterator strongly only while a `next()` is
 * waiting (so a running `for await` loop stays alive); otherwise it holds it weakly, so an iterator that
 * is dropped without being closed is garbage-collected, with everything it buffered, and then
 * unsubscribes by itself.
 *
 * @example
 * ```ts
 * const ticks = fromPush<number>((observer) => {
 *   let n = 0;
 *   const timer = setInterval(() => observer.next(n++), 10);
 *   return () => clearInterval(timer);
 * }, { highWaterMark: 100, overflow: 'drop-oldest' });
 *
 * for await (const tick of ticks) if (tick === 3) break; // unsubscribes: the interval is cleared
 * ```
 */
export function fromPush<T>(
  subscribe: (observer: PushObserver<T>) => Teardown,
  options: FromPushOptions = {},
): PushIterator<T> {
  assertFunction(subscribe, 'fromPush()', 'subscribe');
  return new PushQueue<T>(subscribe, readOptions(options, 'fromPush()'));
}

interface Settings {
  readonly highWaterMark: number;
  readonly overflow: Overflow;
  readonly signal: AbortSignal | undefined;
}

export function readOptions(options: FromPushOptions, caller: string): Settings {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${caller}: options must be an object, got ${describeValue(options)}`);
  }
  const { highWaterMark = 1024, overflow = 'error', signal } = options;
  assertCount(highWaterMark, caller, 'options.highWaterMark', 1, true);
  if (overflow !== 'error' && overflow !== 'drop-oldest' && overflow !== 'drop-newest') {
    throw new RangeError(
      `${caller}: options.overflow must be 'error', 'drop-oldest' or 'drop-newest', got ${JSON.stringify(overflow)}`,
    );
  }
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw new TypeError(`${caller}: options.signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
  return { highWaterMark, overflow, signal };
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && 'aborted' in value && 'addEventListener' in value;
}

/**
 * All the source side ever holds: the queue weakly, strongly only while a `next()` waits, plus how to
 * unsubscribe. Closures on the source side are built in functions that see only this link, because a
 * V8 closure keeps alive every variable of the scope it was made in.
 */
interface Link<T> {
  readonly weak: WeakRef<PushQueue<T>>;
  strong: PushQueue<T> | undefined;
  unsubscribe: (() => void) | undefined;
  detached: boolean;
  abort: { readonly signal: AbortSignal; readonly listener: () => void } | undefined;
}

// When a queue is collected without being closed, this unsubscribes it from its source.
const unsubscribeCollected = new FinalizationRegistry<Link<unknown>>((link) => {
  try {
    detach(link);
  } catch (error) {
    // Nobody is waiting for this teardown; report its failure where the runtime can.
    (globalThis as { reportError?: (error: unknown) => void }).reportError?.(error);
  }
});

function detach(link: Link<unknown>): void {
  if (link.detached) return;
  link.detached = true;
  link.strong = undefined;
  unsubscribeCollected.unregister(link);
  const abort = link.abort;
  link.abort = undefined;
  abort?.signal.removeEventListener('abort', abort.listener);
  const unsubscribe = link.unsubscribe;
  link.unsubscribe = undefined;
  unsubscribe?.();
}

function liveQueue<T>(link: Link<T>): PushQueue<T> | undefined {
  const queue = link.strong ?? link.weak.deref();
  if (queue === undefined) detach(link);
  return queue;
}

function observerFor<T>(link: Link<T>): PushObserver<T> {
  return {
    next: (value) => liveQueue(link)?.deliver(value),
    error: (error) => liveQueue(link)?.fail(error),
    complete: () => liveQueue(link)?.finish(),
  };
}

function abortListenerFor<T>(link: Link<T>, signal: AbortSignal): () => void {
  return () => liveQueue(link)?.abort(signal.reason);
}

function toUnsubscribe(teardown: unknown): (() => void) | undefined {
  if (teardown === undefined || teardown === null) return undefined;
  if (typeof teardown === 'function') return () => void teardown();
  if (typeof (teardown as { unsubscribe?: unknown }).unsubscribe === 'function') {
    return () => (teardown as { unsubscribe(): void }).unsubscribe();
  }
  throw new TypeError(
    `fromPush(): subscribe must return a function, an object with unsubscribe(), or nothing; got ${describeValue(teardown)}`,
  );
}

class PushQueue<T> implements PushIterator<T>, BatchSource<T> {
  private items: T[] = [];
  private head = 0;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private wakePromise: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private droppedCount = 0;
  private readonly link: Link<T>;
  private readonly highWaterMark: number;
  private readonly overflow: Overflow;

  constructor(subscribe: (observer: PushObserver<T>) => Teardown, settings: Settings) {
    this.highWaterMark = settings.highWaterMark;
    this.overflow = settings.overflow;
    const link: Link<T> = {
      weak: new WeakRef(this),
      strong: undefined,
      unsubscribe: undefined,
      detached: false,
      abort: undefined,
    };
    this.link = link;
    const { signal } = settings;
    if (signal?.aborted === true) {
      link.detached = true;
      this.ended = true;
      this.failure = { error: signal.reason };
      return;
    }
    unsubscribeCollected.register(this, link as Link<unknown>, link);
    if (signal !== undefined) {
      link.abort = { signal, listener: abortListenerFor(link, signal) };
      signal.addEventListener('abort', link.abort.listener, { once: true });
    }
    let unsubscribe: (() => void) | undefined;
    try {
      unsubscribe = toUnsubscribe(subscribe(observerFor(link)));
    } catch (error) {
      detach(link as Link<unknown>);
      throw error;
    }
    // The source may have completed or failed while subscribing, before it returned its teardown.
    if (link.detached) unsubscribe?.();
    else link.unsubscribe = unsubscribe;
  }

  get buffered(): number {
    return this.items.length - this.head;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.head < this.items.length) return Promise.resolve({ value: this.shift(), done: false });
    if (this.ended) return this.endResult();
    return this.waitForData().then(() => this.next());
  }

  return(): Promise<IteratorResult<T, undefined>> {
    try {
      this.close(undefined);
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.resolve(DONE);
  }

  async [asyncDisposeSymbol](): Promise<void> {
    await this.return();
  }

  [kBatches](): AsyncIterator<readonly T[], undefined, undefined> {
    return {
      next: () => this.nextBatch(),
      return: () => this.return() as Promise<IteratorReturnResult<undefined>>,
    };
  }

  deliver(value: T): void {
    if (this.ended) return;
    if (this.items.length - this.head >= this.highWaterMark) {
      if (this.overflow === 'drop-newest') {
        this.droppedCount++;
        return;
      }
      if (this.overflow === 'error') {
        this.fail(
          new RangeError(
            `fromPush: buffer overflow: ${this.highWaterMark} values are waiting to be pulled ` +
              `(highWaterMark ${this.highWaterMark}, overflow 'error')`,
          ),
        );
        return;
      }
      this.shift();
      this.droppedCount++;
    }
    this.items.push(value);
    this.notify();
  }

  fail(error: unknown): void {
    if (this.ended) return;
    this.failure = { error };
    this.end();
  }

  finish(): void {
    if (this.ended) return;
    this.end();
  }

  abort(reason: unknown): void {
    this.close({ error: reason });
  }

  private nextBatch(): Promise<IteratorResult<readonly T[], undefined>> {
    if (this.head < this.items.length) {
      const batch = this.head === 0 ? this.items : this.items.slice(this.head);
      this.items = [];
      this.head = 0;
      return Promise.resolve({ value: batch, done: false });
    }
    if (this.ended) return this.endResult<readonly T[]>();
    return this.waitForData().then(() => this.nextBatch());
  }

  private shift(): T {
    const value = this.items[this.head]!;
    this.items[this.head] = undefined as T; // let the value go as soon as it is handed out
    this.head++;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return value;
  }

  /** The source is finished; buffered values are still handed out before the end (or error). */
  private end(): void {
    this.ended = true;
    detach(this.link as Link<unknown>);
    this.notify();
  }

  /** The consumer is finished: drop the buffer and unsubscribe now. */
  private close(failure: { error: unknown } | undefined): void {
    this.items = [];
    this.head = 0;
    if (!this.ended) {
      this.ended = true;
      this.failure = failure;
    }
    detach(this.link as Link<unknown>);
    this.notify();
  }

  /** After the buffer is drained: the error once, then done for ever. */
  private endResult<R>(): Promise<IteratorResult<R, undefined>> {
    const failure = this.failure;
    if (failure === undefined) return Promise.resolve(DONE);
    this.failure = undefined;
    return Promise.reject(failure.error);
  }

  private waitForData(): Promise<void> {
    if (this.wakePromise === undefined) {
      this.wakePromise = new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      // A waiting next() must keep the iterator alive, or a running for-await loop could be collected.
      this.link.strong = this;
    }
    return this.wakePromise;
  }

  private notify(): void {
    const wake = this.wake;
    if (wake === undefined) return;
    this.wake = undefined;
    this.wakePromise = undefined;
    this.link.strong = undefined;
    wake();
  }
}
