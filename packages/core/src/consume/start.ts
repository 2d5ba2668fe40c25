import type { Filter } from '../filter.js';
import { FilterError } from '../filter-error.js';
import { disposeSymbol } from '../internal/close.js';
import type { RunSink } from '../internal/fed-run/run-sink.js';
import { SyncFedRun } from '../internal/fed-run/sync-fed-run.js';
import { specsOf } from '../internal/recipe.js';
import { syncSpecs } from '../internal/source.js';
import { SKIP, type SyncStageSpec } from '../internal/stage.js';

/**
 * A run of a pipeline driven chunk by chunk: the digest-style `update()` pattern, without handing the
 * filter a callback. See {@link start}.
 */
export interface Stepper<In, Out> extends Disposable {
  /**
   * Feeds one chunk and returns the outputs it produced (often none). When it makes a stage such as
   * `take` finish, the later stages' final outputs come with it and the run is over. Throws after `end()`.
   */
  push(chunk: In): readonly Out[];
  /** Ends the input, returns the final outputs (a partial last line, say) and releases the run. */
  end(): readonly Out[];
  /**
   * True once the pipeline takes no more input: after `end()`, after an error, or when a stage such as
   * `take` has finished (further pushes then return no outputs, and `end()` returns none).
   */
  readonly done: boolean;
}

/**
 * Starts a run of `filter` that you feed yourself. Use it where data arrives through your own code path
 * (a protocol handler's `onData`, a digest-style `update(chunk)` method) rather than as an iterable.
 * The stepper returns outputs to the caller; it never calls back into it.
 *
 * A filter that throws ends the run (every cleanup runs once) and `push`/`end` throws its `FilterError`,
 * with the outputs that call made before the failure in `error.outputs`: nothing is lost.
 *
 * @example
 * ```ts
 * class LineReader {
 *   private readonly stepper = start(pipe(decodeText(), lines()));
 *   readonly lines: string[] = [];
 *   update(bytes: Uint8Array) {
 *     this.lines.push(...this.stepper.push(bytes));
 *   }
 *   finish() {
 *     this.lines.push(...this.stepper.end());
 *   }
 * }
 * ```
 */
export function start<In, Out>(filter: Filter<In, Out>): Stepper<In, Out> {
  return new FedStepper<In, Out>(syncSpecs(specsOf(filter, 'start()'), 'start()'));
}

const NONE: readonly never[] = Object.freeze([]);

class FedStepper<In, Out> implements Stepper<In, Out> {
  private readonly outputs = new Outputs<Out>();
  private readonly run: SyncFedRun<In, Out>;
  private ended = false;

  constructor(specs: readonly SyncStageSpec[]) {
    this.run = SyncFedRun.open<In, Out>(specs, this.outputs);
  }

  get done(): boolean {
    return this.ended || this.run.done;
  }

  push(chunk: In): readonly Out[] {
    if (this.ended) throw new TypeError('Stepper.push(): the run has ended; start() a new one');
    const only = this.run.writeForOne(chunk);
    if (typeof only !== 'symbol' || only !== SKIP) return [only as Out];
    return this.taken();
  }

  end(): readonly Out[] {
    if (this.ended) throw new TypeError('Stepper.end(): the run has already ended');
    this.ended = true;
    this.run.end();
    return this.taken();
  }

  [disposeSymbol](): void {
    this.ended = true;
    this.run.close();
  }

  private taken(): readonly Out[] {
    try {
      return this.outputs.take();
    } catch (error) {
      this.ended = true; // the run failed and is closed
      throw error;
    }
  }
}

/**
 * The run's sink: the outputs of the call under way, returned when it returns. A single output (the
 * usual case) waits in a field and becomes a one-element array, rather than a pushed-to array that
 * keeps room for 17.
 */
class Outputs<Out> implements RunSink<Out> {
  private first: Out | undefined;
  private more: Out[] | undefined;
  private made = 0;
  private failure: { error: unknown } | undefined;

  push(output: Out): void {
    if (this.made++ === 0) this.first = output;
    else if (this.more === undefined) this.more = [this.first as Out, output];
    else this.more.push(output);
  }

  end(): void {}

  fail(error: unknown): void {
    this.failure = { error };
  }

  /** What the call made; or, when it failed, its error, carrying those outputs when it is a FilterError. */
  take(): readonly Out[] {
    const made = this.made;
    const outputs = made === 0 ? NONE : made === 1 ? [this.first as Out] : this.more!;
    this.first = undefined;
    this.more = undefined;
    this.made = 0;
    const failure = this.failure;
    if (failure === undefined) return outputs;
    this.failure = undefined;
    if (failure.error instanceof FilterError) failure.error.outputs = outputs;
    throw failure.error;
  }
}
