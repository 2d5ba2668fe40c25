import { Chain } from '../chain.js';
import { SKIP, type SyncStageSpec } from '../stage.js';
import type { FedRun, RunSink } from './run-sink.js';

const enum State {
  Open,
  /** The sink has been told `end` or `fail`, or is about to be. */
  Over,
  /** Closed by the host: the sink is called no more. */
  Closed,
}

/** What arrived while a write's outputs were still going out: taken right after them, in order. */
type Queued = { readonly chunk: unknown } | { readonly end: true } | { readonly error: unknown };

/**
 * A fed run of an all-synchronous pipeline: each write runs the fused chain and pushes the chunk's
 * outputs before it returns.
 *
 * Re-entrancy (a downstream handler that writes again, as RxJS subjects do): a write, end or failure
 * that arrives while outputs of an earlier write are still going out waits in a queue and is taken right
 * after them. While the last output of a write goes out nothing of that write is left, so a re-entrant
 * write there runs at once, nested, as a chain of plain operators would run it.
 */
export class SyncFedRun<In, Out> implements FedRun<In> {
  private state = State.Open;
  /** A write is running its chain, or pushing outputs other than its last. */
  private busy = false;
  private queue: Queued[] | undefined;

  constructor(
    private readonly chain: Chain,
    private readonly sink: RunSink<Out>,
  ) {}

  /** Makes the run's stages now: a filter whose setup throws throws here, with nothing to clean up. */
  static open<In, Out>(specs: readonly SyncStageSpec[], sink: RunSink<Out>): SyncFedRun<In, Out> {
    return new SyncFedRun(new Chain(specs), sink);
  }

  get done(): boolean {
    return this.state !== State.Open || this.chain.finished >= 0;
  }

  write(chunk: In): undefined {
    if (this.state !== State.Open) return undefined;
    if (this.busy || this.queue !== undefined) {
      (this.queue ??= []).push({ chunk });
      return undefined;
    }
    this.pushOne(this.step(chunk));
    this.takeQueued();
    return undefined;
  }

  /**
   * {@link write} for a caller that wants a chunk's single output back rather than pushed (the stepper,
   * which returns outputs): the usual outcome, one output, is returned, with nothing pushed to the sink;
   * any other outcome goes to the sink as `write` sends it, and this returns {@link SKIP}. Measured: the
   * stepper's push took 1.2–1.7× the time when every output went through the sink.
   */
  writeForOne(chunk: In): unknown {
    if (this.state !== State.Open || this.busy || this.queue !== undefined) return this.write(chunk) ?? SKIP;
    const only = this.step(chunk);
    if (this.queue === undefined) return only;
    // A write that came in during the step waits in the queue: its outputs go to the sink after this one.
    this.pushOne(only);
    this.takeQueued();
    return SKIP;
  }

  end(): undefined {
    if (this.state !== State.Open) return undefined;
    if (this.busy || this.queue !== undefined) (this.queue ??= []).push({ end: true });
    else this.finish();
    return undefined;
  }

  fail(error: unknown): void {
    if (this.state !== State.Open) return;
    if (this.busy || this.queue !== undefined) (this.queue ??= []).push({ error });
    else this.failWith(error);
  }

  resume(): void {}

  close(): undefined {
    if (this.state === State.Closed) return undefined;
    this.state = State.Closed;
    this.queue = undefined;
    this.chain.cleanup(); // once: a no-op when the run already ended
    return undefined;
  }

  /** Read through a method: the host may close the run from inside any sink call. */
  private isClosed(): boolean {
    return this.state === State.Closed;
  }

  /**
   * Runs one chunk through the chain. The usual outcome, a single output, is returned for the caller to
   * hand on; every other one (none, several, a failure, a stage that finished) is dealt with here, and
   * this returns {@link SKIP}.
   */
  private step(chunk: unknown): unknown {
    const chain = this.chain;
    if (chain.finished >= 0) return SKIP; // a stage finished earlier in this write's queue
    let only: unknown;
    this.busy = true; // a filter that writes again (a tap feeding a subject) waits for this write
    try {
      only = chain.pass(chunk);
    } catch (error) {
      this.busy = false;
      this.failAfterOutputs(error);
      return SKIP;
    }
    this.busy = false;
    if (typeof only !== 'symbol' || only !== SKIP) return only;
    if (chain.count > 0) this.emit(chain.take());
    if (chain.finished >= 0 && this.state === State.Open) this.finish();
    return SKIP;
  }

  /** Hands a step's single output to the sink; nothing of its write is left, so a re-entrant write runs nested. */
  private pushOne(only: unknown): void {
    if (typeof only !== 'symbol' || only !== SKIP) this.sink.push(only as Out);
  }

  private takeQueued(): void {
    for (let queue = this.queue; queue !== undefined && this.state === State.Open; queue = this.queue) {
      const next = queue.shift();
      if (queue.length === 0) this.queue = undefined;
      if (next === undefined) return;
      if ('chunk' in next) this.pushOne(this.step(next.chunk));
      else if ('end' in next) this.finish();
      else this.failWith(next.error);
    }
  }

  /** Pushes outputs in order, stopping if the host closes the run from a handler. */
  private emit(outputs: readonly unknown[]): void {
    const last = outputs.length - 1;
    this.busy = true;
    for (let i = 0; i <= last && !this.isClosed(); i++) {
      if (i === last) this.busy = false;
      this.sink.push(outputs[i] as Out);
    }
    this.busy = false;
  }

  /** End of input, or a stage finished: the later stages' final outputs, the cleanups, then `end`. */
  private finish(): void {
    this.state = State.Over;
    this.queue = undefined;
    const chain = this.chain;
    try {
      chain.end();
    } catch (error) {
      this.failAfterOutputs(error);
      return;
    }
    const outputs = chain.take();
    try {
      chain.cleanup();
    } catch (error) {
      this.emit(outputs);
      if (!this.isClosed()) this.sink.fail(error);
      return;
    }
    this.emit(outputs);
    if (!this.isClosed()) this.sink.end();
  }

  /**
   * A stage failed partway through a chunk: the run closes at once, the outputs it made before the
   * failure (earlier lines of a chunk that `lines` split) go out, then the error.
   */
  private failAfterOutputs(error: unknown): void {
    this.state = State.Over;
    this.queue = undefined;
    const outputs = this.chain.take();
    try {
      this.chain.cleanup();
    } catch {
      // The stage's error is the one reported, as when a run fails and its cleanup fails too.
    }
    this.emit(outputs);
    if (!this.isClosed()) this.sink.fail(error);
  }

  /** The input failed: no final outputs; the cleanups run, then the error. */
  private failWith(error: unknown): void {
    this.state = State.Over;
    this.queue = undefined;
    try {
      this.chain.cleanup();
    } catch {
      // The input's error is the one reported.
    }
    if (!this.isClosed()) this.sink.fail(error);
  }
}
