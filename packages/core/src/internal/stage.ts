/**
 * The protocol between built-in filters and the hosts that run them. Nothing here is exported from the
 * package: filters return what they produce, and the host decides where it goes.
 */

/**
 * A step's result meaning "no output for this chunk".
 *
 * Hot paths test for it as `typeof result === 'symbol' && result === SKIP`, never with a bare `===`. A
 * bundle turns this module's `const` into a `var`, so V8 no longer knows SKIP is a symbol, and a bare
 * `===` against it compiles to the generic equality: a step result that is a new string must then be
 * built and passed to a call. After the `typeof`, two symbols are compared by reference, and a result V8
 * knows is a string skips the test. Returning a chunk's single output from `Chain.pass` was slower than
 * buffering it until this test replaced the bare `===`; together they took sync `pull` on map → filter
 * → map from 37 to 28 ms per million strings, where a helper function holding the same test gave 30.
 */
export const SKIP: unique symbol = Symbol('siphon.skip');

/** Base of the step results that are not a single plain output. */
export abstract class Signal {}

/** A step's result carrying several outputs (or none) for one chunk. */
export class Many extends Signal {
  constructor(readonly items: readonly unknown[]) {
    super();
  }
}

/** A step's result after which the stage accepts no more input (e.g. `take` reached its count). */
export class Final extends Signal {
  /** @param result a plain output, {@link SKIP} or a {@link Many} */
  constructor(readonly result: unknown) {
    super();
  }
}

/** What one step may return. */
export type StepResult = unknown;

/** What a {@link Stage} does besides its step. */
export interface StageHooks {
  /** Final outputs at the end of the input. */
  readonly end?: (() => readonly unknown[] | undefined) | undefined;
  /** Releases the run's state; called once however the run ends. */
  readonly cleanup?: (() => void) | undefined;
  /** True when the stage needs no input at all (`take(0)`): the run ends before reading the source. */
  readonly finishedAtStart?: boolean;
  /**
   * True when the step returns one output or {@link SKIP}, never a {@link Signal}: the host then skips
   * the `instanceof Signal` test. Cheap where V8 has seen one result class; measured 1–3 % on a fused
   * map → filter → map over strings, and a stand-alone loop whose `instanceof` had no feedback to go on
   * ran three times slower with it.
   */
  readonly atMostOne?: boolean;
  /**
   * True while the stage holds data derived from earlier inputs that it has not emitted yet (a partial
   * batch, a partial line). Asked only when the run's source tracks consumption (see the adapter entry's
   * `consumption`): inputs since the last moment no stage held anything are not counted as consumed.
   */
  readonly holding?: (() => boolean) | undefined;
}

/** The hooks of a stage that has none. */
export const NO_HOOKS: StageHooks = Object.freeze({});

/** The hooks of a stage that returns at most one output per chunk and has nothing else: share this one. */
export const AT_MOST_ONE: StageHooks = Object.freeze({ atMostOne: true });

/**
 * One filter's private state for one run. Every stage has this one shape, so the host's hot loop sees a
 * single hidden class whatever the filter.
 *
 * It keeps its hooks as given, rather than a field for each: a run lives as long as its consumer, and a
 * stateless stage's hooks are shared constants ({@link AT_MOST_ONE}), so a `map` stage is 56 bytes
 * rather than 80 (thousands of them on one push source). A filter whose hooks close over the run's
 * state makes them per run anyway.
 */
export class Stage {
  /**
   * How many chunks this stage has been given so far in this run: the host passes it to `step` and
   * counts it here (a chain counts its first stage's in a field of its own), so that `map((v, i) => …)` needs no closure of its own around the user's function
   * (measured: that wrapper and its counter were the biggest single cost of a fused map → filter → map).
   */
  index = 0;
  /** See {@link StageHooks.atMostOne}. */
  readonly mayEmitSignal: boolean;

  constructor(
    /** One chunk's outputs; `index` is the chunk's 0-based position among this stage's inputs. */
    readonly step: (chunk: unknown, index: number) => StepResult,
    readonly hooks: StageHooks = NO_HOOKS,
  ) {
    this.mayEmitSignal = hooks.atMostOne !== true;
  }

  get end(): (() => readonly unknown[] | undefined) | undefined {
    return this.hooks.end;
  }

  get cleanup(): (() => void) | undefined {
    return this.hooks.cleanup;
  }

  get finishedAtStart(): boolean {
    return this.hooks.finishedAtStart ?? false;
  }

  /** See {@link StageHooks.holding}. */
  get holding(): (() => boolean) | undefined {
    return this.hooks.holding;
  }
}

/** A synchronous filter stage: `create` is called once per run, so state never leaks between runs. */
export interface SyncStageSpec {
  readonly kind: 'sync';
  readonly name: string;
  readonly create: () => Stage;
}

/** One run of an asynchronous stage: its call per chunk, and what releases the run's state. */
export interface AsyncStageRun {
  /** One chunk's single output, or a promise of it; `index` is the chunk's 0-based position. */
  readonly call: (value: unknown, index: number) => unknown;
  /** Called once when the run stops, however it stops, after upstream is closed. */
  readonly cleanup?: (() => void) | undefined;
}

/** An asynchronous stage (`mapAsync`): only the async host can run it. */
export interface AsyncStageSpec {
  readonly kind: 'async';
  readonly name: string;
  /** How many calls may be in flight at once. */
  readonly concurrency: number;
  /** Called once per run, so state never leaks between runs. */
  readonly open: () => AsyncStageRun;
}

export type StageSpec = SyncStageSpec | AsyncStageSpec;

/** Wraps a list of outputs as a step result, avoiding a wrapper for the common zero/one cases. */
export function outputs(items: readonly unknown[]): StepResult {
  if (items.length === 0) return SKIP;
  if (items.length === 1) return items[0];
  return new Many(items);
}
