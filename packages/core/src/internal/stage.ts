/**
 * The protocol between built-in filters and the hosts that run them. Nothing here is exported from the
 * package: filters return what they produce, and the host decides where it goes.
 */

/** A step's result meaning "no output for this chunk". */
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

/**
 * One filter's private state for one run. Every stage has this one shape, so the host's hot loop sees a
 * single hidden class whatever the filter.
 */
export class Stage {
  constructor(
    readonly step: (chunk: unknown) => StepResult,
    readonly end: (() => readonly unknown[] | undefined) | undefined = undefined,
    readonly cleanup: (() => void) | undefined = undefined,
    /** True when the stage needs no input at all (`take(0)`): the run ends before reading the source. */
    readonly finishedAtStart = false,
  ) {}
}

/** A synchronous filter stage: `create` is called once per run, so state never leaks between runs. */
export interface SyncStageSpec {
  readonly kind: 'sync';
  readonly name: string;
  readonly create: () => Stage;
}

/** An asynchronous stage (`mapAsync`): only the async host can run it. */
export interface AsyncStageSpec {
  readonly kind: 'async';
  readonly name: string;
  readonly fn: (value: unknown, index: number) => unknown;
  readonly concurrency: number;
}

export type StageSpec = SyncStageSpec | AsyncStageSpec;

/** Wraps a list of outputs as a step result, avoiding a wrapper for the common zero/one cases. */
export function outputs(items: readonly unknown[]): StepResult {
  if (items.length === 0) return SKIP;
  if (items.length === 1) return items[0];
  return new Many(items);
}
