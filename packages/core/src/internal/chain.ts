import { FilterError } from '../filter-error.js';
import { ChunkTypeError } from './check-chunk.js';
import { Final, Many, Signal, SKIP, type Stage, type SyncStageSpec } from './stage.js';

/**
 * Runs consecutive synchronous stages as one loop: a chunk goes through every stage in a single call,
 * with no iterator hop or promise between stages. Outputs collect in `out`; the host takes them from
 * there. The chain holds its stages and its output buffer, never a consumer.
 */
/** The stages of a run of no stages: shared, never written. */
const NO_STAGES = Object.freeze([]) as unknown as Stage[];

/**
 * The outputs of a chain that has none yet, until {@link Chain.append} gives it an array: shared and
 * frozen, so that a write that does not go through `append` throws instead of reaching other chains.
 * A run lives as long as its consumer, and most push consumers never buffer more than the one output a
 * sink keeps in a field of its own: no array for them (32 bytes each, thousands on one hub).
 */
export const NO_OUTPUTS = Object.freeze([]) as unknown as unknown[];

export class Chain {
  /**
   * Outputs produced since the host last took them: `out[0]` to `out[count - 1]`. A count rather than the
   * array's length, because truncating an array on every chunk costs more than the whole filter step.
   */
  out: unknown[] = NO_OUTPUTS;
  count = 0;
  /**
   * Index of the last stage that has finished (returned a {@link Final}), or -1. Input for that stage or
   * any before it is pointless, so the host stops reading its source once this is ≥ 0.
   */
  finished = -1;

  protected stages: Stage[];
  /** The FilterError most recently thrown, so an enclosing feed rethrows it instead of wrapping it again. */
  private failure: Error | undefined;
  private closed = false;

  /**
   * @param offset how many stages precede this chain in the whole pipeline (for error positions)
   * @param total how many stages the whole pipeline has
   */
  constructor(
    protected specs: readonly SyncStageSpec[],
    private readonly offset = 0,
    protected total = specs.length,
  ) {
    this.stages = NO_STAGES;
    this.openStages();
  }

  /** Makes this run's state for each stage of `specs`; on a failure, cleans up the ones made and throws. */
  protected openStages(): void {
    const specs = this.specs;
    if (specs.length === 0) return;
    // The stages go into an exact-size copy of `specs`, each in its spec's place: a run lives as long as
    // its consumer (thousands of them on one push source), and an array built by pushing keeps room for
    // 17 entries. Building it that way and copying it left 450 bytes of garbage per consumer attached to
    // a hub, most of what attaching allocated; this way, none.
    const stages = specs.slice() as unknown[] as Stage[];
    let made = 0;
    try {
      for (; made < specs.length; made++) {
        const stage = specs[made]!.create();
        stages[made] = stage;
        if (stage.finishedAtStart) this.finished = made;
      }
    } catch (error) {
      this.stages = stages.slice(0, made);
      this.cleanup();
      throw this.error(made, error);
    }
    this.stages = stages;
  }

  /** Runs each live stage's end step in order, feeding its final outputs through the stages after it. */
  end(): void {
    const stages = this.stages;
    for (let i = this.finished + 1; i < stages.length; i = Math.max(i + 1, this.finished + 1)) {
      const end = stages[i]!.end;
      if (end === undefined) continue;
      let items: readonly unknown[] | undefined;
      try {
        items = end();
      } catch (error) {
        throw this.wrap(error, i);
      }
      if (items === undefined) continue;
      for (let k = 0; k < items.length && this.finished <= i; k++) this.feed(items[k], i + 1);
    }
  }

  /** Runs every stage's cleanup once; rethrows the first error a cleanup threw, after running them all. */
  cleanup(): void {
    if (this.closed) return;
    this.closed = true;
    // A released run takes nothing more, even from inside a step that closed it (a stage calling its own
    // consumer's `return()`): the rest of that step's outputs are not fed to stages already cleaned up.
    this.finished = this.stages.length - 1;
    let failure: { error: unknown } | undefined;
    for (let i = 0; i < this.stages.length; i++) {
      const cleanup = this.stages[i]!.cleanup;
      if (cleanup === undefined) continue;
      try {
        cleanup();
      } catch (error) {
        failure ??= { error: this.error(i, error) };
      }
    }
    if (failure !== undefined) throw failure.error;
  }

  /** Takes the outputs collected so far, as an array of their own. */
  take(): unknown[] {
    const out = this.out;
    const count = this.count;
    this.out = NO_OUTPUTS;
    this.count = 0;
    if (out === NO_OUTPUTS) return [];
    if (out.length !== count) out.length = count;
    return out;
  }

  /** Feeds a batch of source chunks, stopping early once a stage has finished; returns how many it fed. */
  pushEach(batch: readonly unknown[]): number {
    let i = 0;
    for (; i < batch.length && this.finished < 0; i++) this.push(batch[i]);
    return i;
  }

  /**
   * True while a live stage holds data from earlier inputs that it has not emitted (see
   * `StageHooks.holding`); asked only when the source tracks consumption. What a stage at or before a
   * finished one holds will never come out, like data a filter drops, so it is not asked.
   */
  holding(): boolean {
    const stages = this.stages;
    for (let i = this.finished + 1; i < stages.length; i++) {
      const holding = stages[i]!.holding;
      if (holding !== undefined && holding()) return true;
    }
    return false;
  }

  /** Feeds one source chunk through every stage; its outputs are appended to `out`. */
  push(value: unknown): void {
    const result = this.pass(value);
    if (typeof result !== 'symbol' || result !== SKIP) this.append(result);
  }

  /** Appends an output to `out`. */
  protected append(value: unknown): void {
    let out = this.out;
    if (out === NO_OUTPUTS) this.out = out = [];
    out[this.count++] = value;
  }

  /**
   * Feeds one source chunk through every stage: the hot path of every host. The usual outcome, one plain
   * output, is returned rather than buffered, so a host that hands outputs out one at a time never writes
   * it to `out` and reads it back (with the SKIP test described at {@link SKIP}, this took sync `pull` on
   * map → filter → map from 37 to 28 ms per million strings). Any other outcome returns {@link SKIP}: no output, or outputs appended to `out` (several, or those of a
   * stage that finished).
   *
   * The first positions are written out one by one on purpose. A single call site in a loop sees every
   * stage's step function and goes megamorphic, so V8 can inline none of them; one call site per position
   * sees only the filter that sits there, and gets inlined (measured: about 1.5× the loop's speed on
   * map → filter → map). Longer chains continue in the loop.
   */
  pass(value: unknown): unknown {
    if (this.finished >= 0) return SKIP;
    const stages = this.stages;
    const length = stages.length;
    let i = 0;
    let result: unknown;
    try {
      if (length > 0) {
        const stage0 = stages[0]!;
        const step0 = stage0.step; // called bare: a user's function must not see the stage as `this`
        result = step0(value, stage0.index++);
        if (typeof result === 'symbol' && result === SKIP) return SKIP;
        if (stage0.mayEmitSignal && result instanceof Signal) return this.expand(result, 0);
        value = result;
      }
      if (length > 1) {
        i = 1;
        const stage1 = stages[1]!;
        const step1 = stage1.step;
        result = step1(value, stage1.index++);
        if (typeof result === 'symbol' && result === SKIP) return SKIP;
        if (stage1.mayEmitSignal && result instanceof Signal) return this.expand(result, 1);
        value = result;
      }
      if (length > 2) {
        i = 2;
        const stage2 = stages[2]!;
        const step2 = stage2.step;
        result = step2(value, stage2.index++);
        if (typeof result === 'symbol' && result === SKIP) return SKIP;
        if (stage2.mayEmitSignal && result instanceof Signal) return this.expand(result, 2);
        value = result;
      }
      if (length > 3) return this.feed(value, 3);
    } catch (error) {
      throw this.wrap(error, i);
    }
    return value;
  }

  /** Feeds `value` to stage `from` and the stages after it, appending the output to `out`. */
  private feed(value: unknown, from: number): typeof SKIP {
    if (this.finished >= from) return SKIP;
    const stages = this.stages;
    let i = from;
    try {
      for (; i < stages.length; i++) {
        const stage = stages[i]!;
        const step = stage.step;
        const result = step(value, stage.index++);
        if (typeof result === 'symbol' && result === SKIP) return SKIP;
        if (stage.mayEmitSignal && result instanceof Signal) return this.expand(result, i);
        value = result;
      }
    } catch (error) {
      throw this.wrap(error, i);
    }
    this.append(value);
    return SKIP;
  }

  /** Wraps a stage's error in a FilterError, unless a nested feed already did. */
  private wrap(error: unknown, index: number): unknown {
    if (error === this.failure) return error;
    if (error instanceof ChunkTypeError) return (this.failure = error.at(this.offset + index + 1, this.total));
    return (this.failure = this.error(index, error));
  }

  /** Feeds a step's several outputs, or its last one, on through the stages after it, into `out`. */
  private expand(signal: Signal, at: number): typeof SKIP {
    let result: unknown = signal;
    if (result instanceof Final) {
      if (at > this.finished) this.finished = at;
      result = result.result;
      if (typeof result === 'symbol' && result === SKIP) return SKIP;
    }
    if (!(result instanceof Many)) return this.feed(result, at + 1);
    const items = result.items;
    // Stop expanding as soon as a later stage finishes: it would ignore the rest.
    for (let k = 0; k < items.length && this.finished <= at; k++) this.feed(items[k], at + 1);
    return SKIP;
  }

  private error(index: number, cause: unknown): FilterError {
    return new FilterError(this.specs[index]?.name ?? 'filter', this.offset + index + 1, this.total, cause);
  }
}
