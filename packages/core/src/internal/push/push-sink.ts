import { Chain } from '../chain.js';
import { DONE } from '../done.js';
import { SKIP, type SyncStageSpec } from '../stage.js';
import type { PushSettings } from './push-settings.js';

/** How a sink leaves its source: removing it from a shared event listener, or calling an unsubscribe. */
export interface SinkOwner {
  remove(sink: PushSink): void;
}

const enum State {
  Open,
  /** The source has ended, failed or been cut off: what is buffered is still handed out, then the end. */
  Ended,
  /** The consumer has closed the run: nothing more is handed out. */
  Closed,
}

/** A `next()` waiting for an output; waiting reads are answered in call order. */
interface PendingRead {
  readonly resolve: (result: IteratorResult<unknown, undefined>) => void;
  readonly reject: (error: unknown) => void;
  next: PendingRead | undefined;
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * The source-side half of one push consumer: its bounded buffer of outputs and, once a pipeline is
 * pulled from it, that pipeline's fused chain, run at emission time. Delivering a value is the chain's
 * synchronous step and a buffer write: no promise, no closure, and a value the filter drops costs
 * nothing later.
 *
 * The source holds the sink strongly; the sink never holds the consumer's iterator (which holds the
 * sink), except through a waiting `next()`'s promise. So an iterator dropped without being closed is
 * collected however long the source lives, and its finalizer (or, where finalizers never run, the next
 * overflow or {@link isAbandoned} check) detaches the sink and its buffer.
 */
export class PushSink {
  /** Buffered outputs: `buffer[head]` to `buffer[tail - 1]`. */
  private buffer: unknown[] = [];
  private head = 0;
  private tail = 0;
  private state = State.Open;
  /** Thrown to the consumer after the buffered outputs, once. */
  private failure: { error: unknown } | undefined;
  private firstRead: PendingRead | undefined;
  private lastRead: PendingRead | undefined;
  /** The stages pulled from this source, once a pipeline has taken it over; undefined: outputs = values. */
  private specs: readonly SyncStageSpec[] | undefined;
  /** The pipeline's run, made at the first value or read after the takeover (filter state is lazy). */
  private chain: Chain | undefined;
  /** Reads hand out every buffered output as one array (`pullBatches`), not one output each. */
  batches = false;
  /** Something has read from this sink: a pipeline can no longer take it over. */
  read = false;
  /** The source side has let go of this sink (or never will take it: it was born detached). */
  detached = false;
  owner: SinkOwner | undefined;
  dropped = 0;
  /** The consumer's iterator, weakly: to tell an abandoned sink from a live one without a finalizer. */
  consumer: WeakRef<object> | undefined;
  abort: { readonly signal: AbortSignal; readonly listener: () => void } | undefined;

  constructor(readonly settings: PushSettings) {}

  get buffered(): number {
    return this.tail - this.head;
  }

  // --- The source side -----------------------------------------------------------------------

  /** One value from the source. Never throws: a failing filter or an overflow fails this consumer only. */
  deliver(value: unknown): void {
    if (this.state !== State.Open) return;
    const specs = this.specs;
    if (specs === undefined) {
      this.accept(value);
      return;
    }
    const chain = this.chain ?? this.openChain(specs);
    if (chain === undefined) return;
    let only: unknown;
    try {
      only = chain.pass(value);
    } catch (error) {
      this.takeFrom(chain);
      this.failRun(error);
      return;
    }
    // One plain output (the usual case) means nothing was buffered and no stage finished.
    if (typeof only !== 'symbol' || only !== SKIP) {
      this.accept(only);
      return;
    }
    if (chain.count > 0) this.takeFrom(chain);
    if (chain.finished >= 0) this.finishEarly(chain);
    else this.settle();
  }

  /** The source completed: the pipeline's final outputs follow the buffered ones, then the end. */
  complete(): void {
    if (this.state !== State.Open) return;
    this.detach();
    const specs = this.specs;
    const chain = this.chain ?? (specs === undefined ? undefined : this.openChain(specs));
    // The run could not start, or needed no input (`take(0)`): it has already ended.
    if (this.state !== State.Open) return;
    this.state = State.Ended;
    if (chain !== undefined) {
      try {
        chain.end();
      } catch (error) {
        this.failure = { error };
      }
      this.takeFrom(chain);
      this.cleanup(chain);
    }
    this.settle();
  }

  /** The source failed: its error follows the buffered outputs. */
  fail(error: unknown): void {
    if (this.state !== State.Open) return;
    this.failRun(error);
  }

  /** The consumer's iterator was collected without being closed: let go of everything. */
  abandon(): void {
    this.state = State.Closed;
    this.clear();
    this.failure = undefined;
    this.detach();
    const chain = this.chain;
    if (chain !== undefined) {
      try {
        chain.cleanup();
      } catch (error) {
        // Nobody is left to receive this teardown's failure; report it where the runtime can.
        (globalThis as { reportError?: (error: unknown) => void }).reportError?.(error);
      }
    }
  }

  /** True when the consumer's iterator is gone and no read is waiting (what a finalizer would find). */
  isAbandoned(): boolean {
    return this.firstRead === undefined && this.consumer !== undefined && this.consumer.deref() === undefined;
  }

  // --- The consumer side ---------------------------------------------------------------------

  /**
   * Hands the run of `specs` (all synchronous) to this sink. Values already buffered (what a synchronous
   * source pushed while subscribing) go through it now, in order, and so does an end that came with them.
   * False when it is too late: something has already read from the sink.
   */
  takeOver(specs: readonly SyncStageSpec[], batches: boolean): boolean {
    if (this.read || this.specs !== undefined) return false;
    this.batches = batches;
    this.specs = specs;
    if (this.state === State.Closed) return true;
    const values = this.head === this.tail ? NONE : this.buffer.slice(this.head, this.tail);
    const ended = this.state === State.Ended;
    const failure = this.failure;
    if (values.length === 0 && !ended) return true;
    this.clear();
    this.state = State.Open;
    this.failure = undefined;
    for (let i = 0; i < values.length; i++) this.deliver(values[i]);
    if (ended && this.state === State.Open) {
      if (failure === undefined) this.complete();
      else this.failRun(failure.error);
    }
    return true;
  }

  next(): Promise<IteratorResult<unknown, undefined>> {
    this.read = true;
    if (this.head < this.tail) return Promise.resolve(this.result());
    if (this.state !== State.Open) return this.ending();
    if (this.specs !== undefined && this.chain === undefined && this.openChain(this.specs) === undefined) {
      return this.next();
    }
    return new Promise((resolve, reject) => {
      const read: PendingRead = { resolve, reject, next: undefined };
      if (this.lastRead === undefined) this.firstRead = read;
      else this.lastRead.next = read;
      this.lastRead = read;
    });
  }

  /** The outputs ready now, as an array of their own; never reads, never waits. */
  drain(): readonly unknown[] {
    this.read = true;
    if (this.head === this.tail) return NONE;
    return this.takeAll();
  }

  /** The consumer is done: drop the buffer, leave the source, run the cleanups once; settle waiting reads. */
  close(): void {
    if (this.state === State.Closed) return;
    this.state = State.Closed;
    this.clear();
    this.failure = undefined;
    this.detach();
    try {
      this.chain?.cleanup(); // once: a no-op when the run already ended
    } finally {
      this.settleReads();
    }
  }

  /** Aborted by its signal: like {@link close}, but reads (waiting and later) reject with the reason, once. */
  abortWith(reason: unknown): void {
    if (this.state === State.Closed) return;
    this.clear();
    if (this.state === State.Open) this.failRun(reason);
    else {
      this.failure = { error: reason };
      this.settle();
    }
  }

  // --- Inside ---------------------------------------------------------------------------------

  /** Buffers one output, or hands it straight to a waiting read: a value given to a read is never buffered. */
  private accept(output: unknown): void {
    const read = this.firstRead;
    if (read !== undefined && !this.batches) {
      this.shiftRead();
      read.resolve({ value: output, done: false });
      return;
    }
    this.put(output);
    this.settle();
  }

  private put(output: unknown): void {
    this.buffer[this.tail++] = output;
  }

  private takeFrom(chain: Chain): void {
    const out = chain.out;
    const count = chain.count;
    for (let i = 0; i < count; i++) {
      this.buffer[this.tail++] = out[i];
      out[i] = undefined;
    }
    chain.count = 0;
  }

  /** Answers waiting reads from the buffer, then holds the buffer to its bound. */
  private settle(): void {
    while (this.firstRead !== undefined && this.head < this.tail) {
      const read = this.shiftRead();
      read.resolve(this.result());
    }
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
      if (this.state !== State.Open) this.settleReads();
      return;
    }
    const excess = this.tail - this.head - this.settings.highWaterMark;
    if (excess > 0) this.overflow(excess);
  }

  private overflow(excess: number): void {
    if (this.isAbandoned()) {
      this.abandon();
      return;
    }
    const { overflow, highWaterMark, caller } = this.settings;
    this.dropped += excess;
    if (overflow === 'drop-oldest') {
      const buffer = this.buffer;
      for (let i = this.head; i < this.head + excess; i++) buffer[i] = undefined;
      this.head += excess;
      if (this.head > 1024 && this.head * 2 > this.tail) this.compact();
      return;
    }
    // 'drop-newest' keeps the oldest; 'error' keeps them too, and fails after them.
    for (let i = this.tail - excess; i < this.tail; i++) this.buffer[i] = undefined;
    this.tail -= excess;
    if (overflow === 'error') {
      this.dropped -= excess;
      this.failRun(
        new RangeError(
          `${caller}: buffer overflow: ${highWaterMark} outputs are waiting to be pulled ` +
            `(highWaterMark ${highWaterMark}, overflow 'error')`,
        ),
      );
    }
  }

  /** The run fails: leave the source and clean up now; the buffered outputs go out first, then `error`. */
  private failRun(error: unknown): void {
    this.state = State.Ended;
    this.failure ??= { error };
    this.detach();
    const chain = this.chain;
    if (chain !== undefined) this.cleanup(chain);
    this.settle();
  }

  /** A stage such as `take` has finished: leave the source now, then flush the stages after it. */
  private finishEarly(chain: Chain): void {
    this.state = State.Ended;
    this.detach();
    try {
      chain.end();
    } catch (error) {
      this.failure ??= { error };
    }
    this.takeFrom(chain);
    this.cleanup(chain);
    this.settle();
  }

  private cleanup(chain: Chain): void {
    try {
      chain.cleanup();
    } catch (error) {
      this.failure ??= { error };
    }
  }

  private openChain(specs: readonly SyncStageSpec[]): Chain | undefined {
    let chain: Chain;
    try {
      chain = new Chain(specs);
    } catch (error) {
      this.failRun(error);
      return undefined;
    }
    this.chain = chain;
    // Needs no input at all (`take(0)`): end before anything arrives.
    if (chain.finished >= 0) {
      this.finishEarly(chain);
      return undefined;
    }
    return chain;
  }

  private detach(): void {
    if (this.detached) return;
    this.detached = true;
    const abort = this.abort;
    this.abort = undefined;
    abort?.signal.removeEventListener('abort', abort.listener);
    const owner = this.owner;
    this.owner = undefined;
    owner?.remove(this);
  }

  private result(): IteratorResult<unknown, undefined> {
    if (this.batches) return { value: this.takeAll(), done: false };
    const buffer = this.buffer;
    const value = buffer[this.head];
    buffer[this.head++] = undefined; // keep nothing the consumer has already taken
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
    }
    return { value, done: false };
  }

  private takeAll(): unknown[] {
    let taken: unknown[];
    if (this.head === 0) {
      // The buffer itself becomes the outputs array: an idle consumer then holds no buffer storage.
      taken = this.buffer;
      if (taken.length !== this.tail) taken.length = this.tail;
      this.buffer = [];
    } else {
      taken = this.buffer.slice(this.head, this.tail);
      this.clear();
    }
    this.head = 0;
    this.tail = 0;
    return taken;
  }

  private compact(): void {
    this.buffer = this.buffer.slice(this.head, this.tail);
    this.tail -= this.head;
    this.head = 0;
  }

  private clear(): void {
    this.buffer = [];
    this.head = 0;
    this.tail = 0;
  }

  /** With nothing left to hand out: the end (or the error, once) for every waiting read. */
  private settleReads(): void {
    while (this.firstRead !== undefined) {
      const read = this.shiftRead();
      const failure = this.failure;
      if (failure !== undefined && this.state !== State.Closed) {
        this.failure = undefined;
        read.reject(failure.error);
      } else {
        read.resolve(DONE);
      }
    }
  }

  private shiftRead(): PendingRead {
    const read = this.firstRead!;
    this.firstRead = read.next;
    if (this.firstRead === undefined) this.lastRead = undefined;
    return read;
  }

  private ending(): Promise<IteratorResult<unknown, undefined>> {
    const failure = this.failure;
    if (failure === undefined || this.state === State.Closed) return Promise.resolve(DONE);
    this.failure = undefined;
    return Promise.reject(failure.error);
  }
}
