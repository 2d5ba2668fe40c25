import { ChainNode, MapAsyncNode, SourceNode, type BatchNode } from './async-nodes.js';
import { Chain, StretchChain } from './chain.js';
import { closeAllAsync } from './close.js';
import { ConsumptionTracker, reporterOf, RunMarks } from './consumption.js';
import { DONE } from './done.js';
import { openAsyncSource } from './source.js';
import type { StageSpec, SyncStageSpec } from './stage.js';

type AnyIterator = AsyncIterator<unknown> | Iterator<unknown>;

/**
 * An asynchronous run of a pipeline, as the async iterators and `collect` see it: a buffer of outputs
 * (`out[0]` to `out[count - 1]`) and a way to refill it. Nothing touches the source before the first
 * `fill()`.
 */
export abstract class AsyncCore {
  out: unknown[] = [];
  count = 0;
  /** The next output {@link nextResult} hands out is `out[pos]`. */
  protected pos = 0;
  /**
   * A {@link nextResult} is under way: its outputs are not decided yet, so another must wait for it. Set
   * and cleared by the run itself, in the same callback that makes the result, to spend no promise on it.
   */
  busy = false;
  /** Set when the source tracks consumption and the run reports it per output (DirectRun). */
  protected tracker: ConsumptionTracker | undefined = undefined;

  protected readonly toResult = (filled: boolean): IteratorResult<unknown, undefined> => {
    this.busy = false;
    return filled ? { value: this.takeOne(), done: false } : DONE;
  };

  protected readonly closeWith = (error: unknown): Promise<never> => {
    this.busy = false;
    return this.close({ error }) as Promise<never>;
  };

  /** Replaces the buffer with the next outputs. Resolves `false`, with the run closed, when it is over. */
  abstract fill(): Promise<boolean>;

  /**
   * The next single output, for `pull`'s iterator; on an error the run is closed and the promise rejects.
   * Call it only while not {@link busy}.
   */
  nextResult(): Promise<IteratorResult<unknown, undefined>> {
    if (this.pos < this.count) return Promise.resolve({ value: this.takeOne(), done: false });
    this.busy = true;
    let filled: Promise<boolean>;
    try {
      filled = this.fill();
    } catch (error) {
      return this.closeWith(error);
    }
    return filled.then(this.toResult, this.closeWith);
  }

  protected takeOne(): unknown {
    const out = this.out;
    const value = out[this.pos];
    out[this.pos++] = undefined; // keep nothing the consumer has already taken
    return value;
  }

  /** The buffered outputs as an array the caller may keep. */
  abstract takeAll(): unknown[];

  /** The outputs not handed out yet, as an array the caller may keep; empty when there are none. */
  drain(): unknown[] {
    const ready: unknown[] = [];
    while (this.pos < this.count) ready.push(this.takeOne());
    return ready;
  }

  /** Closes the source (unless it ended by itself) and runs every cleanup, once; rethrows `failure`. */
  abstract close(failure?: { error: unknown }): Promise<void>;
}

/** Starts the async host that fits the pipeline. */
export function asyncCore(source: AsyncIterable<unknown> | Iterable<unknown>, specs: readonly StageSpec[]): AsyncCore {
  return specs.every((spec) => spec.kind === 'sync')
    ? new DirectRun(source, specs as readonly SyncStageSpec[])
    : new NodeRun(source, specs);
}

const enum State {
  NotStarted,
  Reading,
  /** The source is exhausted or cut off: only the chain's final outputs are left. */
  Draining,
  Done,
}

/**
 * The async host for pipelines whose stages are all synchronous: the source feeds one fused chain. Each
 * source read costs one promise reaction, whatever the number of stages; a batch source's whole batch
 * goes through the chain in that one reaction.
 */
class DirectRun extends AsyncCore {
  private state = State.NotStarted;
  private chain: Chain | undefined;
  /** The run failed after making outputs: they are handed out first, then this is thrown, once. */
  private deferred: { error: unknown } | undefined;
  private iterator: AnyIterator | undefined;
  /** The source's `return()`, called when a stage finished early (see {@link cutOff}). */
  private closing: Promise<unknown> | undefined;
  private batched = false;
  // Bound once, not per read.
  private readonly onResult = (result: IteratorResult<unknown>): boolean | Promise<boolean> => this.accept(result);
  private readonly onSourceError = (error: unknown): never => {
    // A source that threw has already closed itself: no `return()` for it.
    if (this.state === State.Reading) this.state = State.Draining;
    throw error;
  };

  constructor(
    private source: AsyncIterable<unknown> | Iterable<unknown> | undefined,
    private readonly specs: readonly SyncStageSpec[],
  ) {
    super();
  }

  fill(): Promise<boolean> {
    try {
      if (this.state === State.NotStarted) this.begin();
    } catch (error) {
      return Promise.reject(error);
    }
    const chain = this.chain;
    // No chain: the run failed to start (a filter's init threw) and is over.
    if (chain === undefined || this.state === State.Done) {
      const deferred = this.deferred;
      this.deferred = undefined;
      return deferred === undefined ? Promise.resolve(false) : Promise.reject(deferred.error);
    }
    chain.count = 0;
    this.count = 0;
    if (this.state === State.Reading) return this.read();
    return this.finish();
  }

  /**
   * The single-item fast path of {@link AsyncCore.nextResult}: one promise reaction per chunk read, the
   * result made in that reaction. Batched sources, the end of the source and a finished stage take the
   * general path through `fill()`.
   */
  override nextResult(): Promise<IteratorResult<unknown, undefined>> {
    if (this.pos < this.count || this.state !== State.Reading || this.batched) return super.nextResult();
    this.busy = true;
    return this.readOne();
  }

  takeAll(): unknown[] {
    this.count = 0;
    return this.chain!.take();
  }

  private readOne(): Promise<IteratorResult<unknown, undefined>> {
    const chain = this.chain!;
    chain.count = 0;
    this.count = 0;
    this.pos = 0;
    this.tracker?.drained();
    let pending: unknown;
    try {
      pending = this.iterator!.next();
    } catch (error) {
      return this.onOneFailed(error);
    }
    return Promise.resolve(pending as Promise<IteratorResult<unknown>>).then(this.onOne, this.onOneFailed);
  }

  private readonly onOne = (
    result: IteratorResult<unknown>,
  ): IteratorResult<unknown, undefined> | Promise<IteratorResult<unknown, undefined>> => {
    if (this.state !== State.Reading) {
      this.busy = false;
      return DONE; // closed while the read was pending
    }
    const chain = this.chain!;
    let settled: boolean | Promise<boolean>;
    try {
      this.push(chain, result);
      // No output from this chunk: read the next one within the same next(). (Tried: settling a
      // promise of our own instead of returning this one, to save the adoption's microtasks, measured
      // no faster.)
      if (result.done !== true && chain.finished < 0 && chain.count === 0) return this.readOne();
      settled = this.settle(chain, result);
    } catch (error) {
      settled = this.fail(chain, error);
    }
    return settled === true ? this.toResult(true) : Promise.resolve(settled).then(this.toResult, this.closeWith);
  };

  private readonly onOneFailed = (error: unknown): Promise<never> => {
    // A source that threw has already closed itself: no `return()` for it.
    if (this.state === State.Reading) this.state = State.Draining;
    return this.closeWith(error);
  };

  async close(failure?: { error: unknown }): Promise<void> {
    if (this.state === State.Done) {
      if (failure !== undefined) throw failure.error;
      // Closed by the consumer: outputs and an error still waiting are of no use to anyone.
      this.deferred = undefined;
      this.count = 0;
      return;
    }
    const sourceOpen = this.state === State.Reading;
    this.state = State.Done;
    this.count = 0;
    const iterator = this.iterator;
    this.iterator = undefined;
    this.source = undefined;
    const chain = this.chain;
    // A cut-off's return() still settling: wait for it, but only finish() reports its error (after the
    // outputs). A consumer closing the run here has stopped after them; a failure of the run wins over it.
    const closing = this.closing?.catch(ignore);
    this.closing = undefined;
    await closeAllAsync([() => (sourceOpen ? iterator?.return?.() : closing), () => chain?.cleanup()], failure);
  }

  private begin(): void {
    this.state = State.Reading;
    const source = this.source!;
    this.source = undefined;
    this.chain = new Chain(this.specs);
    if (this.chain.finished >= 0) {
      // Nothing will be read (`take(0)`): never even open the source. An empty input takes the usual
      // end-of-source path, so the later stages' final outputs and errors are handled as on any run.
      this.iterator = [][Symbol.iterator]();
      return;
    }
    const opened = openAsyncSource(source);
    this.batched = opened.batched;
    this.iterator = opened.iterator;
    const report = reporterOf(this.iterator);
    if (report !== undefined) {
      const tracker = new ConsumptionTracker(report, this.chain);
      this.tracker = tracker;
      // Only a tracked run reports per output: an own takeOne, so an untracked run's stays untouched.
      const take = this.takeOne;
      this.takeOne = () => {
        tracker.at(this.pos);
        return take.call(this);
      };
    }
  }

  private read(): Promise<boolean> {
    this.tracker?.drained();
    let pending: unknown;
    try {
      pending = this.iterator!.next();
    } catch (error) {
      return Promise.reject(this.onSourceError(error));
    }
    return Promise.resolve(pending as Promise<IteratorResult<unknown>>).then(this.onResult, this.onSourceError);
  }

  private accept(result: IteratorResult<unknown>): boolean | Promise<boolean> {
    if (this.state !== State.Reading) return false; // closed while the read was pending
    const chain = this.chain!;
    try {
      this.push(chain, result);
      return this.settle(chain, result);
    } catch (error) {
      return this.fail(chain, error);
    }
  }

  /** Feeds what one read gave (a chunk, or a batch of them) into the chain. */
  private push(chain: Chain, result: IteratorResult<unknown>): void {
    if (result.done === true) return;
    const tracker = this.tracker;
    if (!this.batched) {
      chain.push(result.value);
      tracker?.fed(chain.count);
      return;
    }
    const batch = result.value as readonly unknown[];
    if (tracker === undefined) chain.pushEach(batch);
    else
      for (let i = 0; i < batch.length && chain.finished < 0; i++) {
        chain.push(batch[i]);
        tracker.fed(chain.count);
      }
  }

  /**
   * A filter failed. The run is closed at once, and the promise rejects with the error, unless the chain
   * made outputs before the failure (earlier chunks of a batch, earlier lines of a chunk that `lines`
   * split): those are handed out first, and the error is thrown after them, once.
   */
  private async fail(chain: Chain, error: unknown): Promise<boolean> {
    const count = chain.count;
    if (count === 0) return this.close({ error }) as Promise<never>; // rejects with `error` once closed
    try {
      await this.close({ error });
    } catch (thrown) {
      this.deferred = { error: thrown };
    }
    chain.count = count;
    return this.publish(chain);
  }

  /** After a read whose chunk (if any) has gone into the chain: publish, read on, or end. */
  private settle(chain: Chain, result: IteratorResult<unknown>): boolean | Promise<boolean> {
    if (result.done === true) {
      this.state = State.Draining;
      this.iterator = undefined;
      chain.end();
      this.tracker?.ended(chain.count);
    } else if (chain.finished >= 0) {
      return this.cutOff(chain);
    }
    if (chain.count > 0) return this.publish(chain);
    return this.state === State.Reading ? this.read() : this.finish();
  }

  /**
   * A stage finished early: start closing the source, flush the stages after it, and hand out the
   * outputs without waiting for the source's `return()`: deliver, then close. What that `return()` throws
   * comes after the outputs, from {@link finish}.
   */
  private cutOff(chain: Chain): boolean | Promise<boolean> {
    this.state = State.Draining;
    const iterator = this.iterator;
    this.iterator = undefined;
    this.closing = startReturn(iterator);
    chain.end();
    this.tracker?.ended(chain.count);
    return chain.count > 0 ? this.publish(chain) : this.finish();
  }

  private publish(chain: Chain): boolean {
    this.out = chain.out;
    this.count = chain.count;
    this.pos = 0;
    return true;
  }

  private async finish(): Promise<boolean> {
    this.tracker?.drained(); // the run ends normally: everything it made is consumed
    const closing = this.closing;
    this.closing = undefined;
    await closeAllAsync([() => closing, () => this.close()]);
    return false;
  }
}

/**
 * Calls a source's `return()` and gives its settling as a promise, already marked handled: a consumer
 * that stops after the outputs never asks for its error.
 */
function startReturn(iterator: AnyIterator | undefined): Promise<unknown> {
  let closing: Promise<unknown>;
  try {
    closing = Promise.resolve(iterator?.return?.());
  } catch (error) {
    closing = Promise.reject(error);
  }
  closing.catch(ignore);
  return closing;
}

function ignore(): void {}

/**
 * The async host for pipelines with async stages (`mapAsync`): a source node, then one node per run of
 * synchronous stages (fused into one loop) and one per async stage.
 */
class NodeRun extends AsyncCore {
  private tail: BatchNode | undefined;
  private done = false;
  private readonly marks = new RunMarks();

  constructor(
    private source: AsyncIterable<unknown> | Iterable<unknown> | undefined,
    private readonly specs: readonly StageSpec[],
  ) {
    super();
  }

  async fill(): Promise<boolean> {
    this.count = 0;
    if (this.done) return false;
    if (this.tail !== undefined) this.marks.release(this.tail.mark);
    let batch: readonly unknown[] | undefined;
    try {
      batch = await (this.tail ?? this.build()).next();
    } catch (error) {
      await this.close({ error });
    }
    if (this.done) return false; // closed while we waited
    if (batch === undefined) {
      this.marks.release(this.tail!.mark);
      await this.close();
      return false;
    }
    this.out = batch as unknown[];
    this.count = batch.length;
    this.pos = 0;
    return true;
  }

  takeAll(): unknown[] {
    const out = this.out;
    this.out = [];
    this.count = 0;
    return out;
  }

  async close(failure?: { error: unknown }): Promise<void> {
    if (this.done) {
      if (failure !== undefined) throw failure.error;
      return;
    }
    this.done = true;
    this.source = undefined;
    this.count = 0;
    const tail = this.tail;
    await closeAllAsync(tail === undefined ? [] : [() => tail.close()], failure);
  }

  private build(): BatchNode {
    let node: BatchNode = new SourceNode(this.source, this.marks);
    this.source = undefined;
    const specs = this.specs;
    let i = 0;
    while (i < specs.length) {
      const spec = specs[i]!;
      if (spec.kind === 'async') {
        const upstream = node;
        try {
          node = new MapAsyncNode(upstream, spec, i + 1, specs.length);
        } catch (error) {
          this.tail = upstream;
          throw error;
        }
        i++;
        continue;
      }
      const first = i;
      while (i < specs.length && specs[i]!.kind === 'sync') i++;
      const upstream = node;
      let chain: Chain;
      try {
        chain = new StretchChain(specs.slice(first, i) as SyncStageSpec[], first, specs.length);
      } catch (error) {
        this.tail = upstream;
        throw error;
      }
      node = new ChainNode(upstream, chain, this.marks);
    }
    this.tail = node;
    return node;
  }
}
