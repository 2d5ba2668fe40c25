// A reference model of the core's filters for property tests (not part of the package): each stage is
// also written as a plain array function over everything it receives, so a host is checked against what
// the pipeline means, not only against another host. A bug every host shares shows up as a difference
// from the model. Any host's property test can use it: run the pipeline `make()` builds, normalise what
// came out with `outcomeOf`, and compare with `runModel`.
//
// The model's rules, the README's: a run hands out every output made before a failure, then the error; a
// stage's final outputs (`end`) come only when its input ended normally; a stage that finishes (`take`,
// `takeWhile`) ends the run cleanly, so a failure that would have come later never happens.
import fc from 'fast-check';
import { FilterError } from './filter-error.js';
import type { Filter } from './filter.js';
import { batch } from './filters/batch.js';
import { defineFilter } from './filters/define-filter.js';
import { distinctUntilChanged } from './filters/distinct-until-changed.js';
import { drop } from './filters/drop.js';
import { dropWhile } from './filters/drop-while.js';
import { filter } from './filters/filter.js';
import { flatMap } from './filters/flat-map.js';
import { map } from './filters/map.js';
import { mapAsync } from './filters/map-async.js';
import { pipe } from './filters/pipe.js';
import { scan } from './filters/scan.js';
import { take } from './filters/take.js';
import { takeWhile } from './filters/take-while.js';
import { tap } from './filters/tap.js';

export type NumberFilter = Filter<number, number>;

/** Why a run ended: its input ended (or a stage finished), a stage failed, or the source failed. */
export type Ending =
  { readonly kind: 'end' } | { readonly kind: 'filter'; readonly stage: number } | { readonly kind: 'source' };

/** What a run hands out: its outputs, in order, and how it ended. */
export interface Outcome {
  readonly values: readonly number[];
  readonly ending: Ending;
}

/** What flows from one stage of the model to the next: everything a stage received, and how it stopped. */
export interface Flow {
  readonly values: readonly number[];
  /**
   * True when the input ended normally or a stage finished: the stages after it then run their final
   * outputs. False after a failure, whose `ending` says where.
   */
  readonly complete: boolean;
  readonly ending: Ending;
}

/** A stage of a random pipeline: its filter, and the same thing as an array function. */
export interface ModelStage {
  readonly label: string;
  /** How many stages it adds to the flattened pipeline (a `pipe` of two counts two). */
  readonly size: number;
  readonly make: () => NumberFilter;
  /** `position`: the 1-based place of its first stage in the flattened pipeline (for a failure's `stage`). */
  readonly model: (flow: Flow, position: number) => Flow;
}

/** The error a failing stage throws, and a failing source. */
export const STAGE_FAILURE = 'stage failed';
export const SOURCE_FAILURE = 'source failed';

const plain = (
  label: string,
  make: () => NumberFilter,
  model: (values: readonly number[]) => number[],
): ModelStage => ({
  label,
  size: 1,
  make,
  model: (flow) => ({ ...flow, values: model(flow.values) }),
});

/** A stage whose final outputs (made from everything it saw) come only when its input ended normally. */
const withEnd = (
  label: string,
  size: number,
  make: () => NumberFilter,
  model: (values: readonly number[]) => { steps: number[]; end: number[] },
): ModelStage => ({
  label,
  size,
  make,
  model: (flow) => {
    const { steps, end } = model(flow.values);
    return { ...flow, values: flow.complete ? [...steps, ...end] : steps };
  },
});

/** Ends the run cleanly once it has what it needs: a failure further on never happens. */
const finishing = (
  label: string,
  make: () => NumberFilter,
  model: (values: readonly number[]) => { values: number[]; finished: boolean },
): ModelStage => ({
  label,
  size: 1,
  make,
  model: (flow) => {
    const { values, finished } = model(flow.values);
    return finished ? { values, complete: true, ending: { kind: 'end' } } : { ...flow, values };
  },
});

/** Sums pairs; emits a leftover odd one at end: a stage with buffered state and end outputs. */
export const pairSums = (): NumberFilter =>
  defineFilter<number, number>('pairSums', () => {
    let held: number | undefined;
    return {
      step(n) {
        if (held === undefined) {
          held = n;
          return;
        }
        const sum = held + n;
        held = undefined;
        return [sum];
      },
      end: () => (held === undefined ? undefined : [held]),
    };
  });

/** Passes chunks on and emits how many it saw when the input ends, even when it saw none. */
export const countAtEnd = (): NumberFilter =>
  defineFilter<number, number>('countAtEnd', () => {
    let count = 0;
    return {
      step: (n) => (count++, [n]),
      end: () => [100 + count],
    };
  });

function chunk(values: readonly number[], size: number): number[] {
  const sums: number[] = [];
  for (let i = 0; i < values.length; i += size) sums.push(values.slice(i, i + size).reduce((a, b) => a + b, 0));
  return sums;
}

/** Every stage the random pipelines are made of, with its model. */
export const modelStage: fc.Arbitrary<ModelStage> = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map((k) =>
    plain(
      `map+${k}`,
      () => map((n: number) => n + k),
      (v) => v.map((n) => n + k),
    ),
  ),
  fc.integer({ min: 2, max: 4 }).map((m) =>
    plain(
      `filter%${m}`,
      () => filter((n: number) => n % m !== 0),
      (v) => v.filter((n) => n % m !== 0),
    ),
  ),
  fc.integer({ min: 0, max: 3 }).map((r) =>
    plain(
      `flatMap×${r}`,
      () => flatMap((n: number) => Array.from({ length: r }, (_, i) => n + i)),
      (v) => v.flatMap((n) => Array.from({ length: r }, (_, i) => n + i)),
    ),
  ),
  fc.constant(
    plain(
      'scan',
      () => scan((acc: number, n: number) => acc + n),
      (v) => {
        const out: number[] = [];
        v.forEach((n, i) => out.push(i === 0 ? n : out[i - 1]! + n));
        return out;
      },
    ),
  ),
  // take(0) is its own case in every host: weight it.
  fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 })).map((c) =>
    finishing(
      `take${c}`,
      () => take<number>(c),
      (v) => ({ values: v.slice(0, c), finished: v.length >= c }),
    ),
  ),
  fc.integer({ min: 0, max: 3 }).map((c) =>
    plain(
      `drop${c}`,
      () => drop<number>(c),
      (v) => v.slice(c),
    ),
  ),
  fc.integer({ min: 0, max: 9 }).map((k) => {
    const inclusive = k % 2 === 0;
    return finishing(
      `takeWhile<${k}${inclusive ? ' inclusive' : ''}`,
      () => takeWhile((n: number) => n < k, { inclusive }),
      (v) => {
        const stop = v.findIndex((n) => !(n < k));
        if (stop === -1) return { values: [...v], finished: false };
        return { values: v.slice(0, inclusive ? stop + 1 : stop), finished: true };
      },
    );
  }),
  fc.integer({ min: 0, max: 9 }).map((k) =>
    plain(
      `dropWhile<${k}`,
      () => dropWhile((n: number) => n < k),
      (v) => {
        const start = v.findIndex((n) => !(n < k));
        return start === -1 ? [] : v.slice(start);
      },
    ),
  ),
  fc.integer({ min: 1, max: 3 }).map((s) =>
    withEnd(
      `batch${s}`,
      2,
      () =>
        pipe(
          batch<number>(s),
          map((group: number[]) => group.reduce((a, b) => a + b, 0)),
        ),
      (v) => {
        const whole = v.length - (v.length % s);
        return { steps: chunk(v.slice(0, whole), s), end: chunk(v.slice(whole), s) };
      },
    ),
  ),
  fc.constant(
    plain(
      'distinct',
      () => distinctUntilChanged<number>(),
      (v) => v.filter((n, i) => i === 0 || !Object.is(n, v[i - 1])),
    ),
  ),
  fc.constant(
    plain(
      'tap',
      () => tap<number>(() => undefined),
      (v) => [...v],
    ),
  ),
  fc.constant(
    withEnd('pairSums', 1, pairSums, (v) => {
      const whole = v.length - (v.length % 2);
      return { steps: chunk(v.slice(0, whole), 2), end: v.slice(whole) };
    }),
  ),
  fc.constant(withEnd('countAtEnd', 1, countAtEnd, (v) => ({ steps: [...v], end: [100 + v.length] }))),
);

/** A stage that passes its inputs on and throws {@link STAGE_FAILURE} on its input number `at` (0-based). */
export function failingStage(at: number): ModelStage {
  return {
    label: `fail@${at}`,
    size: 1,
    make: () =>
      map((n: number, index: number) => {
        if (index === at) throw new Error(STAGE_FAILURE);
        return n;
      }),
    model: (flow, position) =>
      flow.values.length > at
        ? { values: flow.values.slice(0, at), complete: false, ending: { kind: 'filter', stage: position } }
        : flow,
  };
}

/**
 * The async form of {@link failingStage}: a `mapAsync` at `concurrency` whose call for input `i` takes
 * `delays[i % delays.length]` promise ticks, so calls settle in a random order, and whose call for input
 * `at` fails. The model is the same: the outputs before the failing input, then the error.
 */
export function failingAsyncStage(at: number, concurrency: number, delays: readonly number[]): ModelStage {
  return {
    label: `mapAsync×${concurrency} fail@${at} delays ${delays.join(',')}`,
    size: 1,
    make: () =>
      mapAsync(
        async (n: number, index: number) => {
          for (let tick = delays[index % delays.length] ?? 0; tick > 0; tick--) await null;
          if (index === at) throw new Error(STAGE_FAILURE);
          return n;
        },
        { concurrency },
      ),
    model: failingStage(at).model,
  };
}

/** What the model says a run of `stages` over `input` hands out; the source fails on read `sourceFailsAt`. */
export function runModel(stages: readonly ModelStage[], input: readonly number[], sourceFailsAt = Infinity): Outcome {
  const failed = input.length > sourceFailsAt;
  let flow: Flow = failed
    ? { values: input.slice(0, sourceFailsAt), complete: false, ending: { kind: 'source' } }
    : { values: input, complete: true, ending: { kind: 'end' } };
  let position = 1;
  for (const stage of stages) {
    flow = stage.model(flow, position);
    position += stage.size;
  }
  return { values: flow.values, ending: flow.ending };
}

/** The pipeline the stages make (an identity map when there are none). */
export function pipeAll(filters: readonly NumberFilter[]): NumberFilter {
  if (filters.length === 0) return map((n: number) => n);
  return (pipe as (...f: NumberFilter[]) => NumberFilter)(...filters);
}

/** The flattened pipeline's length. */
export function sizeOf(stages: readonly ModelStage[]): number {
  return Math.max(
    1,
    stages.reduce((total, stage) => total + stage.size, 0),
  );
}

/** How a run ended, in the model's terms, from what the host threw (`undefined`: it ended normally). */
export function endingOf(error: unknown): Ending {
  if (error === undefined) return { kind: 'end' };
  if (error instanceof FilterError && error.cause instanceof Error && error.cause.message === STAGE_FAILURE) {
    return { kind: 'filter', stage: error.stage };
  }
  if (error instanceof Error && !(error instanceof FilterError) && error.message === SOURCE_FAILURE)
    return { kind: 'source' };
  throw error; // anything else is a bug the test must show as it is
}

/** A sync iterable over `input` that throws {@link SOURCE_FAILURE} on read `failsAt`. */
export function* failingSync(input: readonly number[], failsAt = Infinity): Generator<number> {
  for (let i = 0; i < input.length; i++) {
    if (i >= failsAt) throw new Error(SOURCE_FAILURE);
    yield input[i]!;
  }
}

/** The async form of {@link failingSync}. */
export async function* failingAsync(input: readonly number[], failsAt = Infinity): AsyncGenerator<number> {
  for (let i = 0; i < input.length; i++) {
    await Promise.resolve();
    if (i >= failsAt) throw new Error(SOURCE_FAILURE);
    yield input[i]!;
  }
}

/** An async iterable of `batches` that throws {@link SOURCE_FAILURE} on the read of chunk `failsAt`. */
export async function* failingBatches(
  batches: readonly (readonly number[])[],
  failsAt = Infinity,
): AsyncGenerator<number[]> {
  let read = 0;
  for (const group of batches) {
    await Promise.resolve();
    if (read + group.length > failsAt) {
      // The chunks before the failing one come in a batch of their own; then the read fails.
      if (failsAt > read) yield group.slice(0, failsAt - read);
      throw new Error(SOURCE_FAILURE);
    }
    read += group.length;
    yield [...group];
  }
}

/** Pulls a sync iterator to its end or its error. */
export function drainSync(iterator: Iterator<number>): Outcome {
  const values: number[] = [];
  try {
    for (let result = iterator.next(); result.done !== true; result = iterator.next()) values.push(result.value);
  } catch (error) {
    return { values, ending: endingOf(error) };
  }
  return { values, ending: endingOf(undefined) };
}

/** Pulls an async iterator of values (or, with `flat`, of batches) to its end or its error. */
export async function drainAsync(iterator: AsyncIterator<number | readonly number[]>): Promise<Outcome> {
  const values: number[] = [];
  try {
    for (let result = await iterator.next(); result.done !== true; result = await iterator.next()) {
      const value = result.value;
      if (typeof value === 'number') values.push(value);
      else values.push(...value);
    }
  } catch (error) {
    return { values, ending: endingOf(error) };
  }
  return { values, ending: endingOf(undefined) };
}

/**
 * `lines` over a whole text, written with `split`: each `\n` ends a line (with the `\r` before it, unless
 * `keepEnds`), and what follows the last `\n` is the last line when it is not empty.
 */
export function linesModel(text: string, keepEnds: boolean): string[] {
  const parts = text.split('\n');
  const rest = parts.pop()!;
  const lines = parts.map((line) => (keepEnds ? `${line}\n` : line.endsWith('\r') ? line.slice(0, -1) : line));
  return rest === '' ? lines : [...lines, rest];
}
