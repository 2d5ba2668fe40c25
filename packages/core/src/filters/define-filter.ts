import type { Filter } from '../filter.js';
import { describeValue } from '../internal/describe.js';
import { filterOf } from '../internal/recipe.js';
import { outputs, Stage } from '../internal/stage.js';
import { assertFunction } from '../internal/validate.js';

/**
 * One run of a filter written with {@link defineFilter}: the steps, closing over that run's state.
 * Each step returns the outputs it produced as an array, or nothing when it produced none.
 */
export interface FilterSteps<In, Out> {
  /** Handles one chunk. */
  step(chunk: In): readonly Out[] | undefined | void;
  /** Called once when the input ends normally; returns the final outputs (a buffered remainder, say). */
  end?(): readonly Out[] | undefined | void;
  /** Called once when the run stops for any reason (end, early exit, error): release resources here. */
  cleanup?(): void;
  /**
   * True while the filter holds data from earlier chunks that it has not returned yet (the buffer that
   * `end()` would flush). Asked only when the source tracks consumption (a message queue that
   * acknowledges what was consumed, such as `@siphon/redis`), after each chunk: the chunks it holds are
   * not acknowledged until what it holds comes out and is consumed.
   *
   * A filter with an `end()` step that does not declare `holding()` is taken to hold something from its
   * first chunk until the input ends, since its `end()` may return what it buffered: nothing read
   * through it is acknowledged before the run ends normally. A filter without `end()` is taken to hold
   * nothing (what it never returns is dropped, and a dropped chunk may be acknowledged).
   */
  holding?(): boolean;
}

/**
 * Writes a stateful filter. `init` is called once per run and returns that run's steps; keep the run's
 * state in `init`'s local variables, so every run starts fresh and the filter value stays a reusable
 * recipe. Steps return outputs; they are never given a callback or a consumer.
 *
 * @param name shown in error messages, e.g. `dedupe (stage 2 of 3) failed: …`
 *
 * @example
 * ```ts
 * const dedupe = <T>() =>
 *   defineFilter<T, T>('dedupe', () => {
 *     const seen = new Set<T>();
 *     return {
 *       step(value) {
 *         if (seen.has(value)) return;
 *         seen.add(value);
 *         return [value];
 *       },
 *       cleanup() {
 *         seen.clear();
 *       },
 *     };
 *   });
 *
 * collect([1, 2, 1, 3], dedupe<number>()); // [1, 2, 3]
 * ```
 */
export function defineFilter<In, Out>(name: string, init: () => FilterSteps<In, Out>): Filter<In, Out> {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`defineFilter(): name must be a non-empty string, got ${describeValue(name)}`);
  }
  assertFunction(init, `defineFilter('${name}')`, 'init');
  return filterOf<In, Out>({
    kind: 'sync',
    name,
    create: () => {
      const steps: unknown = init();
      if (steps === null || typeof steps !== 'object' || typeof (steps as FilterSteps<In, Out>).step !== 'function') {
        throw new TypeError(`init() must return an object with a step() function, got ${describeValue(steps)}`);
      }
      const { step, end, cleanup, holding } = steps as FilterSteps<In, Out>;
      return new Stage((chunk) => outputs(checked(step.call(steps, chunk as In), 'step')), {
        end: end === undefined ? undefined : () => checked(end.call(steps), 'end'),
        cleanup: cleanup === undefined ? undefined : () => cleanup.call(steps),
        holding:
          holding !== undefined ? () => holding.call(steps) === true : end !== undefined ? alwaysHolding : undefined,
      });
    },
  });
}

function checked(result: unknown, where: string): readonly unknown[] {
  if (result === undefined) return NONE;
  if (Array.isArray(result)) return result;
  throw new TypeError(`${where}() must return an array of outputs or nothing, got ${describeValue(result)}`);
}

const NONE: readonly unknown[] = Object.freeze([]);

const alwaysHolding = (): boolean => true;
