// Property: every host runs a pipeline to the same outputs. Random pipelines over random inputs, cut into
// random batches, give identical results through sync pull, async pull (chunk by chunk and batched),
// pullBatches, collect and the stepper, with and without an async stage in the middle.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batch } from '../filters/batch.js';
import { defineFilter } from '../filters/define-filter.js';
import { distinctUntilChanged } from '../filters/distinct-until-changed.js';
import { drop } from '../filters/drop.js';
import { dropWhile } from '../filters/drop-while.js';
import { filter } from '../filters/filter.js';
import { flatMap } from '../filters/flat-map.js';
import { map } from '../filters/map.js';
import { mapAsync } from '../filters/map-async.js';
import { pipe } from '../filters/pipe.js';
import { scan } from '../filters/scan.js';
import { take } from '../filters/take.js';
import { takeWhile } from '../filters/take-while.js';
import { tap } from '../filters/tap.js';
import type { Filter } from '../filter.js';
import { fromBatches } from '../sources/from-batches.js';
import { splitAt } from '../text/test-text-arbitraries.js';
import { collect } from './collect.js';
import { pull } from './pull.js';
import { pullBatches } from './pull-batches.js';
import { start } from './start.js';

type NumberFilter = Filter<number, number>;

/** Sums pairs; emits a leftover odd one at end: a stage with buffered state and end outputs. */
const pairSums = (): NumberFilter =>
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
const countAtEnd = (): NumberFilter =>
  defineFilter<number, number>('countAtEnd', () => {
    let count = 0;
    return {
      step: (n) => (count++, [n]),
      end: () => [100 + count],
    };
  });

const stage: fc.Arbitrary<{ label: string; make: () => NumberFilter }> = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map((k) => ({ label: `map+${k}`, make: () => map((n: number) => n + k) })),
  fc.integer({ min: 2, max: 4 }).map((m) => ({ label: `filter%${m}`, make: () => filter((n: number) => n % m !== 0) })),
  fc.integer({ min: 0, max: 3 }).map((r) => ({
    label: `flatMap×${r}`,
    make: () => flatMap((n: number) => Array.from({ length: r }, (_, i) => n + i)),
  })),
  fc.constant({ label: 'scan', make: () => scan((acc: number, n: number) => acc + n) }),
  // take(0) is its own case in every host: weight it.
  fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 })).map((c) => ({ label: `take${c}`, make: () => take<number>(c) })),
  fc.integer({ min: 0, max: 3 }).map((c) => ({ label: `drop${c}`, make: () => drop<number>(c) })),
  fc.integer({ min: 0, max: 9 }).map((k) => ({
    label: `takeWhile<${k}`,
    make: () => takeWhile((n: number) => n < k, { inclusive: k % 2 === 0 }),
  })),
  fc.integer({ min: 0, max: 9 }).map((k) => ({ label: `dropWhile<${k}`, make: () => dropWhile((n: number) => n < k) })),
  fc.integer({ min: 1, max: 3 }).map((s) => ({
    label: `batch${s}`,
    make: () => pipe(batch<number>(s), map((group: number[]) => group.reduce((a, b) => a + b, 0))),
  })),
  fc.constant({ label: 'distinct', make: () => distinctUntilChanged<number>() }),
  fc.constant({ label: 'tap', make: () => tap<number>(() => undefined) }),
  fc.constant({ label: 'pairSums', make: pairSums }),
  fc.constant({ label: 'countAtEnd', make: countAtEnd }),
);

function pipeAll(filters: readonly NumberFilter[]): NumberFilter {
  if (filters.length === 0) return map((n: number) => n);
  return (pipe as (...f: NumberFilter[]) => NumberFilter)(...filters);
}

async function* chunksOf<T>(values: readonly T[]): AsyncGenerator<T> {
  for (const value of values) yield value;
}

async function drainBatches<T>(it: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const values of it) out.push(...values);
  return out;
}

function stepThrough(pipeline: NumberFilter, input: readonly number[]): number[] {
  const stepper = start(pipeline);
  const out: number[] = [];
  for (const n of input) out.push(...stepper.push(n));
  out.push(...stepper.end());
  return out;
}

const scenario = fc.record({
  stages: fc.array(stage, { maxLength: 6 }),
  input: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 25 }),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
  asyncAt: fc.nat(),
  concurrency: fc.integer({ min: 1, max: 4 }),
});

describe('all hosts agree', () => {
  it('property: sync pull, collect and start give identical outputs', () => {
    fc.assert(
      fc.property(scenario, ({ stages, input }) => {
        const pipeline = pipeAll(stages.map((s) => s.make()));
        const expected = [...pull(input, pipeline)];
        expect(collect(input, pipeline)).toEqual(expected);
        expect(stepThrough(pipeline, input)).toEqual(expected);
        // A generator source (iterator protocol) rather than an array (read by index).
        expect([...pull(input.values(), pipeline)]).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('property: async pull, pullBatches and async collect give the sync outputs, batched or not', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ stages, input, cuts }) => {
        const pipeline = pipeAll(stages.map((s) => s.make()));
        const expected = [...pull(input, pipeline)];
        const batches = splitAt(input, cuts);
        const pulled: number[] = [];
        for await (const n of pull(chunksOf(input), pipeline)) pulled.push(n);
        expect(pulled).toEqual(expected);
        const pulledBatched: number[] = [];
        for await (const n of pull(fromBatches(batches), pipeline)) pulledBatched.push(n);
        expect(pulledBatched).toEqual(expected);
        expect(await drainBatches(pullBatches(fromBatches(batches), pipeline))).toEqual(expected);
        expect(await drainBatches(pullBatches(input, pipeline))).toEqual(expected);
        expect(await collect(chunksOf(input), pipeline)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('property: an async identity stage anywhere changes no output', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ stages, input, cuts, asyncAt, concurrency }) => {
        const filters = stages.map((s) => s.make());
        const expected = [...pull(input, pipeAll(filters))];
        const at = asyncAt % (filters.length + 1);
        const identity = mapAsync(async (n: number) => n, { concurrency });
        const withAsync = pipeAll([...filters.slice(0, at), identity, ...filters.slice(at)]);
        const pulled: number[] = [];
        for await (const n of pull(fromBatches(splitAt(input, cuts)), withAsync)) pulled.push(n);
        expect(pulled).toEqual(expected);
        expect(await drainBatches(pullBatches(chunksOf(input), withAsync))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
