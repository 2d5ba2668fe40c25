import { Chain, NO_OUTPUTS } from '../chain.js';
import { DONE } from '../done.js';
import { SKIP, type SyncStageSpec } from '../stage.js';
import type { PushSettings } from './push-settings.js';

/** How a sink leaves its source: removing it from a shared event listener, or calling an unsubscribe. */
export interface SinkOwner {
  remove(sink: PushSink): void;
}

/** Held in the sink's bits of the chain's `flags`, as the values of {@link Flag.State}. */
const enum State {
  Open = 0,
  /** The source has ended, failed or been cut off: what is buffered is still handed out, then the end. */
  Ended = 4,
  /** The consumer has closed the run: nothing more is handed out. */
  Closed = 8,
}

/** The sink's bits of the chain's `flags`: those above the chain's own two. */
const enum Flag {
  /** The bits that hold the {@link State}. */
  State = 12,
  /** A value is going through the chain: what the source sends meanwhile is queued. */
  Busy = 16,
  Read = 32,
  HostBatches = 64,
  PipelineBatches = 128,
  Batches = HostBatches | PipelineBatches,
}

/**
 * A sink's state that most consumers never set, apart: a hub may have thousands of consumers alive at
 * once, and each field of the sink is 8 bytes on every one of them.
 */
interface RareState {
  dropped: number;
  abort: { readonly signal: AbortSignal; readonly listener: () => void } | undefined;
  pendingError: { error: unknown } | undefined;
  /** What the source sent while a value went through the chain (values, {@link COMPLETE}, a {@link SourceFailure}). */
  queued: unknown[] | undefined;
}

/**
 * How a waiting `next()` is answered. Only the resolving function is kept: an error is given as a
 * rejected promise, so a waiting consumer holds one function, not two and a record (about 70 bytes each).
 */
type Resolve = (result: IteratorResult<unknown, undefined> | Promise<never>) => void;

const NONE: readonly never[] = Object.freeze([]);

/** No output in {@link PushSink.one}. */
const EMPTY: unique symbol = Symbol('siphon.empty');

/** The source completed during a step. */
const COMPLETE = Object.freeze({});
/** The source failed during a step. */
class SourceFailure {
  constructor(readonly error: unknown) {}
}

/** The owner of a sink that has left its source: a sentinel, so that one field says both. */
const LEFT: SinkOwner = Object.freeze({ remove() {} });
const NO_SPECS: readonly SyncStageSpec[] = NONE;

/**
 * The source-side half of one push consumer: its bounded buffer of outputs and, once a pipeline is
 * pulled from it, that pipeline's fused run, made at the first value or read and run at emission time.
 * Delivering a value is the chain's synchronous step and a buffer write: no promise, no closure, and a
 * value the filter drops costs nothing later.
 *
 * It is the pipeline's {@link Chain} itself, and the chain's output buffer is the consumer's buffer
 * (`out[head]` to `out[count - 1]`, after the one in {@link one}): one object per consumer, and an
 * array only once more than one output waits, because a hub may have thousands of consumers alive at
 * once (152 bytes each for a one-stage pipeline, measured). Before a pipeline takes it over, it is a
 * chain of no stages, whose outputs are the source's values.
 *
 * The source holds the sink strongly; the sink never holds the consumer's iterator (which holds the
 * sink), except through a waiting `next()`'s promise. So an iterator dropped without being closed is
 * collected however long the source lives, and its finalizer detaches the sink and its buffer. Should
 * finalizers never run, the sink of a consumer that is gone still fills up and, with the default
 * overflow policy, leaves at its first overflow, holding at most `highWaterMark` outputs until then.
 * (The sink keeps no `WeakRef` to its consumer to check sooner: making one cost more than the rest of
 * attaching a consumer, measured at 1 µs each, and 32 bytes each.)
 */
export class PushSink extends Chain {
  /**
   * The oldest buffered output, when there is one and the buffer array holds nothing before it; else
   * {@link EMPTY}. Most consumers have at most one output waiting, and a field, unlike an array slot,
   * costs nothing to fill and empty: a `drain()` after every message allocated 184 bytes per consumer
   * per message through the array (its 17-slot store, and the empty array left behind), 56 this way.
   */
  private one: unknown = EMPTY;
  /** The next output to hand out from the array is `out[head]`, after {@link one}. */
  private head = 0;
  /** The waiting read, or (rarely: calls made without awaiting) the waiting reads in call order. */
  private reads: Resolve | Resolve[] | undefined;
  /** What is rarely set, in one object made when it is: most consumers never need one. */
  private rare: RareState | undefined;
  /** How the sink leaves its source; {@link LEFT} once it has (or it never joined one). */
  owner: SinkOwner | undefined;

  constructor(readonly settings: PushSettings) {
    super(NO_SPECS);
  }

  private get state(): State {
    return (this.flags & Flag.State) as State;
  }

  private set state(state: State) {
    this.flags = (this.flags & ~Flag.State) | state;
  }

  /**
   * Reads hand out every buffered output as one array, not one output each: for a host reading the
   * consumer in batches (`'host'`), or because `pullBatches` took it over (`'pipeline'`), whose iterator
   * hands out batches from `drain()` too.
   */
  get batches(): false | 'host' | 'pipeline' {
    const flags = this.flags;
    return (flags & Flag.HostBatches) !== 0 ? 'host' : (flags & Flag.PipelineBatches) !== 0 ? 'pipeline' : false;
  }

  set batches(batches: false | 'host' | 'pipeline') {
    const flags = this.flags & ~Flag.Batches;
    this.flags = flags | (batches === 'host' ? Flag.HostBatches : batches === 'pipeline' ? Flag.PipelineBatches : 0);
  }

  /** Something has read from this sink: a pipeline can no longer take it over. */
  get read(): boolean {
    return (this.flags & Flag.Read) !== 0;
  }

  set read(read: boolean) {
    this.flags = read ? this.flags | Flag.Read : this.flags & ~Flag.Read;
  }

  /** Outputs the overflow policy dropped. */
  get dropped(): number {
    return this.rare?.dropped ?? 0;
  }

  set dropped(dropped: number) {
    this.rareState().dropped = dropped;
  }

  /** The consumer's signal and the listener on it, until the sink leaves its source. */
  get abort(): { readonly signal: AbortSignal; readonly listener: () => void } | undefined {
    return this.rare?.abort;
  }

  set abort(abort: { readonly signal: AbortSignal; readonly listener: () => void } | undefined) {
    if (abort !== undefined || this.rare !== undefined) this.rareState().abort = abort;
  }

  /** Thrown to the consumer after the buffered outputs, once. */
  private get pendingError(): { error: unknown } | undefined {
    return this.rare?.pendingError;
  }

  private set pendingError(error: { error: unknown } | undefined) {
    if (error !== undefined || this.rare !== undefined) this.rareState().pendingError = error;
  }

  private rareState(): RareState {
    return (this.rare ??= { dropped: 0, abort: undefined, pendingError: undefined, queued: undefined });
  }

  get buffered(): number {
    return (this.one === EMPTY ? 0 : 1) + this.count - this.head;
  }

  // --- The source side -----------------------------------------------------------------------

  /** One value from the source. Never throws: a failing filter or an overflow fails this consumer only. */
  deliver(value: unknown): void {
    if (this.state !== State.Open || (this.opening && !this.openPipeline())) return;
    if ((this.flags & Flag.Busy) !== 0) {
      this.enqueue(value);
      return;
    }
    let only: unknown;
    // A stage that makes the source emit again (a `tap` that emits on the same hub) must not re-enter the
    // chain mid-step: what arrives meanwhile waits, and is taken right after this value, in order.
    this.flags |= Flag.Busy;
    try {
      only = this.pass(value);
    } catch (error) {
      this.dropQueued();
      this.failRun(error);
      return;
    }
    if (this.state !== State.Open) {
      // The consumer was closed or aborted from inside the step: what the step made is not wanted.
      this.dropQueued();
      this.clear();
      this.settle();
      return;
    }
    // One plain output (the usual case) means nothing else was buffered and no stage finished.
    if (typeof only !== 'symbol' || only !== SKIP) {
      if (this.reads !== undefined && (this.flags & Flag.Batches) === 0) {
        // A value given to a waiting read is never buffered, nor counted against the bound.
        this.shiftRead()({ value: only, done: false });
        this.takeQueued();
        return;
      }
      if (this.one === EMPTY && this.head === this.count) this.one = only;
      else this.append(only);
    }
    if (this.finished >= 0) this.finishEarly();
    else this.settle();
    this.takeQueued();
  }

  /** The source completed: the pipeline's final outputs follow the buffered ones, then the end. */
  complete(): void {
    if (this.state !== State.Open) return;
    if ((this.flags & Flag.Busy) !== 0) {
      this.enqueue(COMPLETE);
      return;
    }
    this.detach();
    // The run could not start, or needed no input (`take(0)`): it has already ended.
    if (this.opening && !this.openPipeline()) return;
    this.state = State.Ended;
    try {
      this.end();
    } catch (error) {
      this.pendingError = { error };
    }
    this.release();
    this.settle();
  }

  /** The source failed: its error follows the buffered outputs. */
  fail(error: unknown): void {
    if (this.state !== State.Open) return;
    if ((this.flags & Flag.Busy) !== 0) {
      this.enqueue(new SourceFailure(error));
      return;
    }
    // As in `complete`: a run that needs no input (`take(0)`) has ended before its source could fail.
    if (this.opening && !this.openPipeline()) return;
    this.failRun(error);
  }

  /** The consumer's iterator was collected without being closed: let go of everything. */
  abandon(): void {
    this.state = State.Closed;
    this.clear();
    this.pendingError = undefined;
    this.detach();
    try {
      this.cleanup();
    } catch (error) {
      // Nobody is left to receive this teardown's failure; report it where the runtime can.
      (globalThis as { reportError?: (error: unknown) => void }).reportError?.(error);
    }
  }

  // --- The consumer side ---------------------------------------------------------------------

  /**
   * Hands the run of `specs` (all synchronous) to this sink. Values already buffered (what a synchronous
   * source pushed while subscribing) go through it now, in order, and so does an end that came with them.
   * False when it is too late: something has already read from the sink.
   */
  takeOver(specs: readonly SyncStageSpec[], batches: boolean): boolean {
    if (this.read || this.specs.length > 0) return false;
    this.batches = batches ? 'pipeline' : false;
    if (specs.length === 0 || this.state === State.Closed) return true;
    this.specs = specs;
    this.spill();
    if (this.count === this.head && this.state === State.Open) return true;
    const values = this.out.slice(this.head, this.count);
    const ended = this.state === State.Ended;
    const error = this.pendingError;
    this.clear();
    // Open again only to replay; a source that has ended stays detached.
    this.state = State.Open;
    this.pendingError = undefined;
    for (let i = 0; i < values.length; i++) this.deliver(values[i]);
    if (ended && this.state === State.Open) {
      if (error === undefined) this.complete();
      else this.fail(error.error);
    }
    return true;
  }

  next(): Promise<IteratorResult<unknown, undefined>> {
    this.read = true;
    // The usual read of a live consumer (nothing buffered, nothing else waiting) is kept this small, and
    // the rest apart, so that V8 inlines it with the promise's executor and makes no closure for that.
    // Measured on 2,000 `for await` consumers of one hub: 382 bytes allocated per read when this method
    // held every case, 200 with the usual one first, 160 with the rest moved out (a hand-written
    // iterator: 160).
    if (this.reads === undefined && this.state === State.Open && this.buffered === 0 && !this.opening) {
      return new Promise((resolve) => {
        this.reads = resolve;
      });
    }
    return this.nextOtherwise();
  }

  private nextOtherwise(): Promise<IteratorResult<unknown, undefined>> {
    if (this.buffered > 0) return Promise.resolve(this.result());
    if (this.state === State.Open && this.opening) this.openPipeline();
    if (this.state !== State.Open) {
      if (this.buffered > 0) return Promise.resolve(this.result());
      return this.ending();
    }
    return new Promise((resolve) => this.wait(resolve));
  }

  /**
   * The outputs ready now, as an array of their own; never reads, never waits. Taken over by
   * `pullBatches`, whose elements are batches: everything ready as one batch, as a read would give it.
   */
  drain(): readonly unknown[] {
    this.read = true;
    if (this.buffered > 0) return this.batches === 'pipeline' ? [this.takeAll()] : this.takeAll();
    // A consumer that only drains must still learn that it failed (an overflow, a filter's error, the
    // source's error): with nothing left before it, the error is thrown here, once, as `next()` would.
    const error = this.pendingError;
    if (error === undefined || this.state === State.Closed) return NONE;
    this.pendingError = undefined;
    throw error.error;
  }

  /** The consumer is done: drop the buffer, leave the source, run the cleanups once; settle waiting reads. */
  close(): void {
    if (this.state === State.Closed) return;
    this.state = State.Closed;
    this.clear();
    this.pendingError = undefined;
    this.detach();
    try {
      this.cleanup(); // once: a no-op when the run already ended
    } finally {
      this.settleReads();
    }
  }

  /** Aborted by its signal: like {@link close}, but reads (waiting and later) reject with the reason, once. */
  abortWith(reason: unknown): void {
    if (this.state === State.Closed) return;
    this.clear();
    this.pendingError = undefined;
    if (this.state === State.Open) this.failRun(reason);
    else {
      this.pendingError = { error: reason };
      this.settle();
    }
  }

  // --- Inside ---------------------------------------------------------------------------------

  private enqueue(item: unknown): void {
    const rare = this.rareState();
    if (rare.queued === undefined) rare.queued = [item];
    else rare.queued.push(item);
  }

  /** After a value's step: what the source sent during it, in order (usually nothing). */
  private takeQueued(): void {
    this.flags &= ~Flag.Busy;
    const rare = this.rare;
    const queue = rare?.queued;
    if (queue === undefined) return;
    rare!.queued = undefined;
    for (let i = 0; i < queue.length && this.state === State.Open; i++) {
      const item = queue[i];
      if (item === COMPLETE) this.complete();
      else if (item instanceof SourceFailure) this.fail(item.error);
      else this.deliver(item);
    }
  }

  /** After a step that failed or closed the consumer: what the source sent during it is not wanted. */
  private dropQueued(): void {
    this.flags &= ~Flag.Busy;
    if (this.rare !== undefined) this.rare.queued = undefined;
  }

  /** Answers waiting reads from the buffer, then holds the buffer to its bound. */
  private settle(): void {
    while (this.reads !== undefined && this.buffered > 0) this.shiftRead()(this.result());
    if (this.buffered === 0) {
      this.head = 0;
      this.count = 0;
      if (this.state !== State.Open) this.settleReads();
      return;
    }
    const excess = this.buffered - this.settings.highWaterMark;
    if (excess > 0) this.overflow(excess);
  }

  private overflow(excess: number): void {
    this.spill();
    const { overflow, highWaterMark, caller } = this.settings;
    const out = this.out;
    if (overflow === 'drop-oldest') {
      this.dropped += excess;
      for (let i = this.head; i < this.head + excess; i++) out[i] = undefined;
      this.head += excess;
      if (this.head > 1024 && this.head * 2 > this.count) this.compact();
      return;
    }
    // 'drop-newest' keeps the oldest; 'error' keeps them too, and fails after them.
    for (let i = this.count - excess; i < this.count; i++) out[i] = undefined;
    this.count -= excess;
    if (overflow === 'drop-newest') {
      this.dropped += excess;
      return;
    }
    this.failRun(
      new RangeError(
        `${caller}: buffer overflow: ${highWaterMark} outputs are waiting to be pulled ` +
          `(highWaterMark ${highWaterMark}, overflow 'error')`,
      ),
    );
  }

  /** The run fails: leave the source and clean up now; the buffered outputs go out first, then `error`. */
  private failRun(error: unknown): void {
    this.state = State.Ended;
    this.pendingError ??= { error };
    this.detach();
    this.release();
    this.settle();
  }

  /** A stage such as `take` has finished: leave the source now, then flush the stages after it. */
  private finishEarly(): void {
    this.state = State.Ended;
    this.detach();
    try {
      this.end();
    } catch (error) {
      this.pendingError ??= { error };
    }
    this.release();
    this.settle();
  }

  /** Runs the cleanups once; a failing one is reported after the buffered outputs. */
  private release(): void {
    // No pipeline has taken the sink over yet: nothing to release, and the chain must stay open for a
    // take-over that replays what the source pushed (cleaning up the empty chain would mark it done).
    if (this.specs.length === 0) return;
    try {
      this.cleanup();
    } catch (error) {
      this.pendingError ??= { error };
    }
  }

  /** Makes the pipeline's stages, lazily. False when that failed or the run needed no input. */
  private openPipeline(): boolean {
    try {
      this.openStages();
    } catch (error) {
      this.failRun(error);
      return false;
    }
    // Needs no input at all (`take(0)`): end before anything arrives.
    if (this.finished >= 0) {
      this.finishEarly();
      return false;
    }
    return true;
  }

  /** The source side has let go of this sink. */
  get detached(): boolean {
    return this.owner === LEFT;
  }

  /** A pipeline has taken the sink over and its stages are still to be made (at the first value or read). */
  private get opening(): boolean {
    return this.stageCount < this.specs.length;
  }

  private detach(): void {
    if (this.owner === LEFT) return;
    const abort = this.abort;
    this.abort = undefined;
    abort?.signal.removeEventListener('abort', abort.listener);
    const owner = this.owner;
    this.owner = LEFT;
    owner?.remove(this);
  }

  private wait(read: Resolve): void {
    const reads = this.reads;
    if (reads === undefined) this.reads = read;
    else if (typeof reads === 'function') this.reads = [reads, read];
    else reads.push(read);
  }

  private shiftRead(): Resolve {
    const reads = this.reads!;
    if (typeof reads === 'function') {
      this.reads = undefined;
      return reads;
    }
    const read = reads.shift()!;
    if (reads.length === 0) this.reads = undefined;
    return read;
  }

  private result(): IteratorResult<unknown, undefined> {
    if ((this.flags & Flag.Batches) !== 0) return { value: this.takeAll(), done: false };
    const one = this.one;
    if (one !== EMPTY) {
      this.one = EMPTY;
      return { value: one, done: false };
    }
    const out = this.out;
    const value = out[this.head];
    out[this.head++] = undefined; // keep nothing the consumer has already taken
    if (this.head === this.count) {
      this.head = 0;
      this.count = 0;
    }
    return { value, done: false };
  }

  private takeAll(): unknown[] {
    const one = this.one;
    if (one !== EMPTY && this.head === this.count) {
      this.one = EMPTY;
      return [one];
    }
    this.spill();
    if (this.head === 0) {
      // The buffer itself becomes the outputs array: an idle consumer then holds no buffer storage.
      return this.take();
    }
    const taken = this.out.slice(this.head, this.count);
    this.clear();
    return taken;
  }

  private compact(): void {
    this.out = this.out.slice(this.head, this.count);
    this.count -= this.head;
    this.head = 0;
  }

  /** Moves {@link one} into the array, before the rest: for the paths that work on the array alone. */
  private spill(): void {
    const one = this.one;
    if (one === EMPTY) return;
    this.one = EMPTY;
    const rest = this.out.slice(this.head, this.count);
    this.out = [one, ...rest];
    this.head = 0;
    this.count = this.out.length;
  }

  private clear(): void {
    this.one = EMPTY;
    this.out = NO_OUTPUTS;
    this.head = 0;
    this.count = 0;
  }

  /** With nothing left to hand out: the end (or the error, once) for every waiting read. */
  private settleReads(): void {
    while (this.reads !== undefined) {
      const read = this.shiftRead();
      const error = this.pendingError;
      if (error !== undefined && this.state !== State.Closed) {
        this.pendingError = undefined;
        read(Promise.reject(error.error));
      } else {
        read(DONE);
      }
    }
  }

  private ending(): Promise<IteratorResult<unknown, undefined>> {
    const error = this.pendingError;
    if (error === undefined || this.state === State.Closed) return Promise.resolve(DONE);
    this.pendingError = undefined;
    return Promise.reject(error.error);
  }
}
