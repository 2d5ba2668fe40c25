import { FilterError } from '../filter-error.js';
import { ChunkTypeError } from './check-chunk.js';
import { Final, Many, NO_HOOKS, Signal, SKIP, type Stage, type StageHooks, type SyncStageSpec } from './stage.js';

/** The stages after the first of a run of one stage or none: shared, never written. */
const NO_STAGES = Object.freeze([]) as unknown as Stage[];

/**
 * The chain's bits of {@link Chain.flags}. A subclass uses the bits above them for its own state (a push
 * sink does): one field for both, 8 bytes on each of thousands of consumers.
 */
const enum Bit {
  Closed = 1,
  FirstMayEmitSignal = 2,
}

/** A stage's step, as the chain calls it. */
type Step = (chunk: unknown, index: number) => unknown;

/** The step {@link Chain.passInto} runs where a shorter chain has no stage. */
const passOn: Step = (chunk) => chunk;

/**
 * The outputs of a chain that has none yet, until {@link Chain.append} gives it an array: shared and
 * frozen, so that a write that does not go through `append` throws instead of reaching other chains.
 * A run lives as long as its consumer, and most push consumers never buffer more than the one output a
 * sink keeps in a field of its own: no array for them (32 bytes each, thousands on one hub).
 */
export const NO_OUTPUTS = Object.freeze([]) as unknown as unknown[];

/**
 * Runs consecutive synchronous stages as one loop: a chunk goes through every stage in a single call,
 * with no iterator hop or promise between stages. Outputs collect in `out`; the host takes them from
 * there. The chain holds its stages and its output buffer, never a consumer.
 */
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

  /**
   * The first stage's state for this run, held in the chain's own fields (its step, its input count, its
   * hooks, and a bit of `flags`: whether it may emit a {@link Signal}) rather than as a {@link Stage} in an
   * array: a run lives as long as its consumer, a hub may have thousands of them, and most run one stage
   * (`map(f)`). Measured per `pull(fromEvent(hub, name), map(f))` consumer: a 56-byte stage and a 56-byte
   * array of one, against these fields' 24 bytes. `step0` is undefined for a run of no stages.
   */
  private step0: Step | undefined;
  private index0 = 0;
  private hooks0: StageHooks = NO_HOOKS;
  /** The stages after the first, in an exact-size array. */
  private rest: Stage[] = NO_STAGES;
  /** The FilterError most recently thrown, so an enclosing feed rethrows it instead of wrapping it again. */
  private failure: Error | undefined;
  /** {@link Bit}s, and above them (from 4 on) a subclass's. */
  protected flags = 0;

  /**
   * @param offset how many stages precede these in the whole pipeline, and `total` how many it has: for
   * an error made while opening the stages, before a {@link StretchChain}'s own fields are set
   */
  constructor(
    protected specs: readonly SyncStageSpec[],
    offset = 0,
    total = specs.length,
  ) {
    this.openStages(offset, total);
  }

  /** How many stages this run has made: all of `specs` once open. */
  protected get stageCount(): number {
    return this.step0 === undefined ? 0 : this.rest.length + 1;
  }

  /** Makes this run's state for each stage of `specs`; on a failure, cleans up the ones made and throws. */
  protected openStages(offset = this.offset, total = this.total): void {
    const specs = this.specs;
    if (specs.length === 0) return;
    // The stages after the first go into an exact-size copy of `specs` past the first, each in its
    // spec's place: an array built by pushing keeps room for 17 entries, and building one that way and
    // copying it left 450 bytes of garbage per consumer attached to a hub, most of what attaching
    // allocated; this way, none.
    const rest = specs.length > 1 ? (specs.slice(1) as unknown[] as Stage[]) : NO_STAGES;
    let made = 0;
    try {
      const first = specs[0]!.create();
      this.step0 = first.step;
      if (first.mayEmitSignal) this.flags |= Bit.FirstMayEmitSignal;
      this.hooks0 = first.hooks;
      made = 1;
      if (first.finishedAtStart) this.finished = 0;
      for (; made < specs.length; made++) {
        const stage = specs[made]!.create();
        rest[made - 1] = stage;
        if (stage.finishedAtStart) this.finished = made;
      }
    } catch (error) {
      this.rest = made > 1 ? rest.slice(0, made - 1) : NO_STAGES;
      this.cleanup();
      throw this.error(made, error, offset, total);
    }
    this.rest = rest;
  }

  /** The hooks of stage `index`. */
  private hooksOf(index: number): StageHooks {
    return index === 0 ? this.hooks0 : this.rest[index - 1]!.hooks;
  }

  /** Runs each live stage's end step in order, feeding its final outputs through the stages after it. */
  end(): void {
    const count = this.stageCount;
    for (let i = this.finished + 1; i < count; i = Math.max(i + 1, this.finished + 1)) {
      const end = this.hooksOf(i).end;
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
    if ((this.flags & Bit.Closed) !== 0) return;
    this.flags |= Bit.Closed;
    // A released run takes nothing more, even from inside a step that closed it (a stage calling its own
    // consumer's `return()`): the rest of that step's outputs are not fed to stages already cleaned up.
    const count = this.stageCount;
    this.finished = count - 1;
    let failure: { error: unknown } | undefined;
    for (let i = 0; i < count; i++) {
      const cleanup = this.hooksOf(i).cleanup;
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
    const count = this.stageCount;
    for (let i = this.finished + 1; i < count; i++) {
      const holding = this.hooksOf(i).holding;
      if (holding !== undefined && holding()) return true;
    }
    return false;
  }

  /**
   * Feeds `chunks[from]`, `chunks[from + 1]`, … through every stage as {@link pass} does, pushing every
   * output onto `into` in order, until the chunks end or a stage has finished; returns the index of the
   * next chunk to feed. What a stage's end step makes still goes to `out` ({@link end}), and so do the
   * outputs a failing chunk made before it threw.
   *
   * A chain of at most three stages none of which can emit a {@link Signal} (map, filter) runs a loop of
   * its own that reads the steps and their input counts once, where {@link pass} must read them from the
   * stages for every chunk. Measured on `collect` of map → filter → map over an array of 1,000,000
   * strings under valgrind: 314 M instructions per run through `pass`, 264 M through this loop (the hand
   * loop collecting the same steps' outputs: 216 M; the naive callback classes: 265 M).
   */
  passInto(chunks: ArrayLike<unknown>, from: number, into: unknown[]): number {
    let index = from;
    const step0 = this.step0;
    const rest = this.rest;
    if (
      step0 === undefined ||
      rest.length > 2 ||
      (this.flags & Bit.FirstMayEmitSignal) !== 0 ||
      (rest.length > 0 && rest[0]!.mayEmitSignal) ||
      (rest.length > 1 && rest[1]!.mayEmitSignal)
    ) {
      while (this.finished < 0 && index < chunks.length) {
        const only = this.pass(chunks[index++]);
        if (typeof only !== 'symbol' || only !== SKIP) into.push(only);
        else if (this.count > 0) {
          this.moveOutputs(into, 0);
          this.count = 0;
        }
      }
      return index;
    }
    // A shorter chain runs the same loop with `passOn` in the missing places, rather than testing the
    // stage count at each position for every chunk (measured: 7 % more instructions per run that way).
    const stage1 = rest[0];
    const stage2 = rest[1];
    const step1 = stage1 === undefined ? passOn : stage1.step;
    const step2 = stage2 === undefined ? passOn : stage2.step;
    let index0 = this.index0;
    let index1 = stage1 === undefined ? 0 : stage1.index;
    let index2 = stage2 === undefined ? 0 : stage2.index;
    let at = 0;
    try {
      while (this.finished < 0 && index < chunks.length) {
        at = 0;
        let value = step0(chunks[index++], index0++);
        if (typeof value === 'symbol' && value === SKIP) continue;
        at = 1;
        value = step1(value, index1++);
        if (typeof value === 'symbol' && value === SKIP) continue;
        at = 2;
        value = step2(value, index2++);
        if (typeof value === 'symbol' && value === SKIP) continue;
        into.push(value);
      }
    } catch (error) {
      throw this.wrap(error, at);
    } finally {
      this.index0 = index0;
      if (stage1 !== undefined) stage1.index = index1;
      if (stage2 !== undefined) stage2.index = index2;
    }
    return index;
  }

  /** Moves the outputs `out[from]` to `out[count - 1]` onto the end of `into`, keeping none of them. */
  moveOutputs(into: unknown[], from: number): void {
    const out = this.out;
    for (let i = from; i < this.count; i++) {
      into.push(out[i]);
      out[i] = undefined;
    }
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
    const step0 = this.step0; // called bare: a user's function must not see the chain as `this`
    if (step0 === undefined) return value;
    const rest = this.rest;
    const length = rest.length;
    let i = 0;
    let result: unknown;
    try {
      result = step0(value, this.index0++);
      if (typeof result === 'symbol' && result === SKIP) return SKIP;
      if ((this.flags & Bit.FirstMayEmitSignal) !== 0 && result instanceof Signal) return this.expand(result, 0);
      value = result;
      if (length > 0) {
        i = 1;
        const stage1 = rest[0]!;
        const step1 = stage1.step;
        result = step1(value, stage1.index++);
        if (typeof result === 'symbol' && result === SKIP) return SKIP;
        if (stage1.mayEmitSignal && result instanceof Signal) return this.expand(result, 1);
        value = result;
      }
      if (length > 1) {
        i = 2;
        const stage2 = rest[1]!;
        const step2 = stage2.step;
        result = step2(value, stage2.index++);
        if (typeof result === 'symbol' && result === SKIP) return SKIP;
        if (stage2.mayEmitSignal && result instanceof Signal) return this.expand(result, 2);
        value = result;
      }
      if (length > 2) return this.feed(value, 3);
    } catch (error) {
      throw this.wrap(error, i);
    }
    return value;
  }

  /**
   * Feeds `value` to stage `from` and the stages after it, appending the output to `out`. Never the
   * first stage (`from` ≥ 1): only {@link pass} feeds that one.
   */
  private feed(value: unknown, from: number): typeof SKIP {
    if (this.finished >= from) return SKIP;
    const rest = this.rest;
    let i = from;
    try {
      for (; i <= rest.length; i++) {
        const stage = rest[i - 1]!;
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
    if (error instanceof ChunkTypeError) return (this.failure = error.at(this.positionOf(index), this.total));
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

  private error(index: number, cause: unknown, offset = this.offset, total = this.total): FilterError {
    return new FilterError(this.specs[index]?.name ?? 'filter', offset + index + 1, total, cause);
  }

  /** The 1-based position in the whole pipeline of this chain's stage `index`. */
  private positionOf(index: number): number {
    return this.offset + index + 1;
  }

  /** How many stages precede this chain in the whole pipeline: none, unless it is a {@link StretchChain}. */
  protected get offset(): number {
    return 0;
  }

  /** How many stages the whole pipeline has. */
  protected get total(): number {
    return this.specs.length;
  }
}

/**
 * A chain that is one synchronous stretch of a longer pipeline (between an async host's async stages),
 * which names its stages' positions in the whole pipeline. Apart from {@link Chain}, whose every push
 * consumer and sync run would otherwise carry a field for it: a hub may hold thousands of them.
 */
export class StretchChain extends Chain {
  /**
   * @param stagesBefore how many stages precede this stretch in the whole pipeline
   * @param pipelineLength how many stages the whole pipeline has
   */
  constructor(
    specs: readonly SyncStageSpec[],
    private readonly stagesBefore: number,
    private readonly pipelineLength: number,
  ) {
    super(specs, stagesBefore, pipelineLength);
  }

  protected override get offset(): number {
    return this.stagesBefore;
  }

  protected override get total(): number {
    return this.pipelineLength;
  }
}
