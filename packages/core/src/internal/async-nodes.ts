import { FilterError } from '../filter-error.js';
import type { Chain } from './chain.js';
import { closeAllAsync } from './close.js';
import { reporterOf, type RunMarks } from './consumption.js';
import { openAsyncSource } from './source.js';
import type { AsyncStageRun, AsyncStageSpec } from './stage.js';

/** One link of an async run: hands out batches of values; `undefined` means it has no more. */
export interface BatchNode {
  next(): Promise<readonly unknown[] | undefined>;
  /** Stops this node and everything upstream of it. Safe to call more than once. */
  close(): Promise<void>;
  /**
   * Every output derived from the run's first `mark` source inputs has left this node in the batches it
   * returned. Kept only when the source tracks consumption (see `RunMarks`).
   */
  readonly mark: number;
}

/** Reads the run's source: batch by batch when it supports that, else chunk by chunk. */
export class SourceNode implements BatchNode {
  private iterator: AsyncIterator<unknown> | Iterator<unknown> | undefined;
  private batched = false;
  private done = false;
  mark = 0;

  constructor(
    private source: AsyncIterable<unknown> | Iterable<unknown> | undefined,
    private readonly marks?: RunMarks,
  ) {}

  async next(): Promise<readonly unknown[] | undefined> {
    if (this.done) return undefined;
    const iterator = this.iterator ?? this.open();
    let result: IteratorResult<unknown>;
    try {
      result = await iterator.next();
    } catch (error) {
      // A source that threw has already closed itself: no `return()` for it.
      this.done = true;
      throw error;
    }
    if (this.done) return undefined; // closed while we waited
    if (result.done === true) {
      this.done = true;
      return undefined;
    }
    const batch = this.batched ? (result.value as readonly unknown[]) : [result.value];
    this.mark += batch.length;
    return batch;
  }

  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    const iterator = this.iterator;
    this.iterator = undefined;
    await iterator?.return?.();
  }

  private open(): AsyncIterator<unknown> | Iterator<unknown> {
    const source = this.source!;
    this.source = undefined;
    const opened = openAsyncSource(source);
    this.batched = opened.batched;
    this.iterator = opened.iterator;
    if (this.marks !== undefined) this.marks.report = reporterOf(opened.iterator);
    return opened.iterator;
  }
}

/** Runs a chain of synchronous stages over each upstream batch in one loop. */
export class ChainNode implements BatchNode {
  private ended = false;
  private closed = false;
  /** Upstream's close, started when a stage finished early (see {@link cutOff}). */
  private closing: Promise<void> | undefined;
  /** A stage failed after the chain made outputs: they went out as a batch; this is thrown next, once. */
  private deferred: { error: unknown } | undefined;
  mark = 0;

  constructor(
    private readonly upstream: BatchNode,
    private readonly chain: Chain,
    private readonly marks?: RunMarks,
  ) {}

  async next(): Promise<readonly unknown[] | undefined> {
    const deferred = this.deferred;
    if (deferred !== undefined) {
      this.deferred = undefined;
      throw deferred.error;
    }
    const chain = this.chain;
    try {
      if (!this.ended && chain.finished >= 0) this.cutOff();
      while (!this.ended) {
        const batch = await this.upstream.next();
        if (batch === undefined) {
          this.ended = true;
          chain.end();
          if (this.marks?.report !== undefined) this.mark = this.upstream.mark;
          break;
        }
        const fed = chain.pushEach(batch);
        if (chain.finished >= 0) this.cutOff();
        if (this.marks?.report !== undefined) this.follow(batch.length, fed);
        if (chain.count > 0) return chain.take();
      }
      if (chain.count === 0) await this.takeClosing();
    } catch (error) {
      if (chain.count === 0) throw error;
      // Outputs made before the failure (earlier chunks of the batch) still go out, the error after them.
      this.deferred = { error };
      try {
        await this.close();
      } catch {
        // The stage's error is the one reported, as when a run fails and its cleanup fails too.
      }
    }
    return chain.count > 0 ? chain.take() : undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ended = true;
    // A cut-off's close still settling: wait for it, but only next() reports its error, after the outputs.
    const closing = this.closing;
    this.closing = undefined;
    await closeAllAsync([
      () => (closing === undefined ? this.upstream.close() : closing.catch(ignore)),
      () => this.chain.cleanup(),
    ]);
  }

  /**
   * After an upstream batch: when the chain holds nothing, everything derived from the inputs upstream
   * has given is in the chain's outputs, about to be returned. A stage that finished partway through the
   * batch left the rest unread: exact when the upstream is the source (its items are inputs), else the
   * mark stays where it was.
   */
  private follow(length: number, fed: number): void {
    const chain = this.chain;
    if (chain.finished < 0 && chain.holding()) return;
    if (fed === length) this.mark = this.upstream.mark;
    else if (this.upstream instanceof SourceNode) this.mark = this.upstream.mark - (length - fed);
  }

  /**
   * A stage finished early: start closing everything upstream, and flush the stages after it, without
   * waiting for that close: deliver, then close. Its error comes after the outputs ({@link takeClosing}).
   */
  private cutOff(): void {
    this.ended = true;
    const closing = this.upstream.close();
    closing.catch(ignore); // handled here: a consumer that stops after the outputs never asks for it
    this.closing = closing;
    this.chain.end();
  }

  /** Waits for a cut-off's close of upstream, once; rethrows its error. */
  private async takeClosing(): Promise<void> {
    const closing = this.closing;
    this.closing = undefined;
    await closing;
  }
}

function ignore(): void {}

interface Task {
  settled: boolean;
  failed: boolean;
  value: unknown;
  promise: Promise<void> | undefined;
  /** The upstream mark reached with this task's input, the last of its batch; else -1. */
  mark: number;
}

/**
 * `mapAsync`: keeps up to `concurrency` calls in flight, reads ahead from upstream while it has room, and
 * hands results out in input order.
 */
export class MapAsyncNode implements BatchNode {
  private readonly tasks: Task[] = [];
  private inputs: readonly unknown[] = [];
  private inputPos = 0;
  private index = 0;
  private reading: Promise<void> | undefined;
  private upstreamDone = false;
  private upstreamFailure: { error: unknown } | undefined;
  /** A call has failed: the run ends at its input, so no further call starts. */
  private failed = false;
  private closed = false;
  private readonly run: AsyncStageRun;
  mark = 0;
  /** The upstream mark that came with `inputs`. */
  private inputsMark = 0;

  constructor(
    private readonly upstream: BatchNode,
    private readonly spec: AsyncStageSpec,
    private readonly position: number,
    private readonly total: number,
  ) {
    try {
      this.run = spec.open();
    } catch (error) {
      throw new FilterError(spec.name, position, total, error);
    }
  }

  async next(): Promise<readonly unknown[] | undefined> {
    for (;;) {
      this.fill();
      const head = this.tasks[0];
      if (head === undefined) {
        if (this.upstreamFailure !== undefined) throw this.upstreamFailure.error;
        if (this.upstreamDone || this.closed) return undefined;
        await this.reading;
        continue;
      }
      if (!head.settled) await head.promise;
      const out: unknown[] = [];
      while (this.tasks.length > 0 && this.tasks[0]!.settled) {
        const task = this.tasks[0]!;
        // The results before a failed call go out first, and the error on the next call, whatever order
        // the calls settled in (as Node's `Readable.map` does).
        if (task.failed && out.length > 0) return out;
        this.tasks.shift();
        if (task.failed) throw new FilterError(this.spec.name, this.position, this.total, task.value);
        if (task.mark > this.mark) this.mark = task.mark;
        out.push(task.value);
      }
      this.fill();
      return out;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.inputs = [];
    const cleanup = this.run.cleanup;
    await closeAllAsync([
      () => this.upstream.close(),
      () => {
        try {
          cleanup?.();
        } catch (error) {
          throw new FilterError(this.spec.name, this.position, this.total, error);
        }
      },
    ]);
  }

  /** Starts calls while there is room, reading from upstream when out of inputs. */
  private fill(): void {
    // After a failed call no new call starts: the run ends at that input.
    while (!this.closed && !this.failed && this.tasks.length < this.spec.concurrency) {
      if (this.inputPos < this.inputs.length) {
        this.start(this.inputs[this.inputPos++]);
        continue;
      }
      if (!this.upstreamDone && this.upstreamFailure === undefined && this.reading === undefined) this.read();
      return;
    }
  }

  private read(): void {
    this.reading = this.upstream.next().then(
      (batch) => {
        this.reading = undefined;
        if (batch === undefined) this.upstreamDone = true;
        else {
          this.inputs = batch;
          this.inputPos = 0;
          this.inputsMark = this.upstream.mark;
        }
        if (batch === undefined || batch.length === 0) this.markWithoutInput();
        this.fill();
      },
      (error: unknown) => {
        this.reading = undefined;
        this.upstreamFailure = { error };
      },
    );
  }

  /** Upstream moved its mark without giving inputs: it goes with the last task, or holds at once. */
  private markWithoutInput(): void {
    const mark = this.upstream.mark;
    const last = this.tasks[this.tasks.length - 1];
    if (last !== undefined) last.mark = mark;
    else if (mark > this.mark) this.mark = mark;
  }

  private start(value: unknown): void {
    const mark = this.inputPos === this.inputs.length ? this.inputsMark : -1;
    const task: Task = { settled: false, failed: false, value: undefined, promise: undefined, mark };
    this.tasks.push(task);
    let result: unknown;
    try {
      result = this.run.call(value, this.index++);
    } catch (error) {
      this.settle(task, true, error);
      return;
    }
    task.promise = Promise.resolve(result).then(
      (output) => this.settle(task, false, output),
      (error: unknown) => this.settle(task, true, error),
    );
  }

  private settle(task: Task, failed: boolean, value: unknown): void {
    task.settled = true;
    task.failed = failed;
    task.value = value;
    if (failed) this.failed = true;
  }
}
