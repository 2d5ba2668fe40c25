import type { Filter } from '../filter.js';
import { describeValue } from '../internal/describe.js';
import { filterOf } from '../internal/recipe.js';
import { assertFunction, countOption, readOptions } from '../internal/validate.js';

/** One run of an asynchronous stage written with {@link defineAsyncStage}. */
export interface AsyncStageSteps<In, Out> {
  /** One chunk's single output, or a promise of it. `index` is the chunk's 0-based position in this run. */
  step(chunk: In, index: number): Out | PromiseLike<Out>;
  /**
   * Called once when the run stops for any reason (end, early exit, error), after everything upstream is
   * closed; calls still in flight are abandoned, so cancel them here (abort their `AbortSignal`, say).
   */
  cleanup?(): void;
}

/** Options for {@link defineAsyncStage}. */
export interface DefineAsyncStageOptions {
  /**
   * How many calls of `step` may be in flight at once. Outputs keep the input order whatever it is.
   * @default 1
   */
  readonly concurrency?: number;
}

/**
 * Writes an asynchronous stage with per-run state, for adapters and stages that do their work elsewhere
 * (a worker pool, a remote service). `init` is called once per run and returns that run's steps; each
 * chunk gives exactly one output, in input order, as with `mapAsync`, which is this with no state.
 * Errors name the stage: `inWorkers (stage 2 of 3) failed: …`.
 *
 * @example
 * ```ts
 * const lookup = defineAsyncStage('lookup', () => {
 *   const controller = new AbortController();
 *   return {
 *     step: (id: string) => fetchUser(id, { signal: controller.signal }),
 *     cleanup: () => controller.abort(),
 *   };
 * }, { concurrency: 4 });
 * ```
 */
export function defineAsyncStage<In, Out>(
  name: string,
  init: () => AsyncStageSteps<In, Out>,
  options?: DefineAsyncStageOptions,
): Filter<In, Out> {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`defineAsyncStage(): name must be a non-empty string, got ${describeValue(name)}`);
  }
  const caller = `defineAsyncStage('${name}')`;
  assertFunction(init, caller, 'init');
  const concurrency = countOption(readOptions(options, caller), 'concurrency', caller, 1, true) ?? 1;
  return filterOf({
    kind: 'async',
    name,
    concurrency,
    open: () => {
      const steps: unknown = init();
      if (
        steps === null ||
        typeof steps !== 'object' ||
        typeof (steps as AsyncStageSteps<In, Out>).step !== 'function'
      ) {
        throw new TypeError(`init() must return an object with a step() function, got ${describeValue(steps)}`);
      }
      const { step, cleanup } = steps as AsyncStageSteps<In, Out>;
      return {
        call: (value, index) => step.call(steps, value as In, index),
        cleanup: cleanup === undefined ? undefined : () => cleanup.call(steps),
      };
    },
  });
}
