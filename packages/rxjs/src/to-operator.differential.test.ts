import {
  batch,
  collect,
  distinctUntilChanged,
  drop,
  dropWhile,
  filter,
  flatMap,
  fromBatches,
  lines,
  map,
  mapAsync,
  normalizeNewlines,
  pipe,
  scan,
  take,
  takeWhile,
  type Filter,
} from '@siphon/core';
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { toOperator } from './to-operator.js';

type NumberStage = Filter<number, number>;

/** Random stages over numbers, each a fresh recipe; together they cover every kind of sync filter step. */
const numberStage: fc.Arbitrary<NumberStage> = fc.oneof(
  fc.integer({ min: -3, max: 3 }).map((k) => map((x: number) => x * 2 + k)),
  fc.integer({ min: 2, max: 4 }).map((m) => filter((x: number) => Math.abs(x) % m !== 0)),
  fc.integer({ min: 0, max: 2 }).map((n) => flatMap((x: number) => Array.from({ length: n }, (_, i) => x + i))),
  fc.constant(scan((sum: number, x: number) => (sum + x) % 1000, 0)),
  fc.integer({ min: 0, max: 6 }).map((n) => take<number>(n)),
  fc.integer({ min: 0, max: 4 }).map((n) => drop<number>(n)),
  fc.integer({ min: -5, max: 5 }).map((t) => takeWhile((x: number) => x > t)),
  fc.integer({ min: -5, max: 5 }).map((t) => dropWhile((x: number) => x < t)),
  fc.constant(distinctUntilChanged<number>()),
  fc.integer({ min: 1, max: 3 }).map((size) =>
    pipe(
      batch<number>(size),
      map((xs) => xs.reduce((a, b) => a + b, 0)),
    ),
  ),
);

const pipeAll = pipe as unknown as (...filters: NumberStage[]) => NumberStage;
const pipeline = fc.array(numberStage, { minLength: 1, maxLength: 5 }).map((stages) => pipeAll(...stages));

function viaOperator<In, Out>(input: readonly In[], f: Filter<In, Out>): Out[] {
  const out: Out[] = [];
  let completed = false;
  from(input)
    .pipe(toOperator(f))
    .subscribe({ next: (value) => out.push(value), complete: () => (completed = true) });
  expect(completed).toBe(true); // synchronous pipelines finish within subscribe()
  return out;
}

describe('toOperator: differential against collect', () => {
  it('emits exactly what collect returns, for random pipelines over random numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 30 }), pipeline, (input, p) => {
        expect(viaOperator(input, p)).toEqual(collect(input, p));
      }),
      { numRuns: 400 },
    );
  });

  it('emits exactly what collect returns for text split anywhere into chunks', () => {
    const text = pipe(
      normalizeNewlines('\n'),
      lines(),
      filter((line: string) => line !== 'x'),
    );
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'x', '\n', '\r', ' ') }), { maxLength: 20 }),
        (chunks) => {
          expect(viaOperator(chunks, text)).toEqual(collect(chunks, text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('emits exactly what async collect returns for pipelines with async stages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 20 }),
        pipeline,
        fc.integer({ min: 1, max: 4 }),
        async (input, p, concurrency) => {
          const withAsync = pipe(
            mapAsync(async (x: number) => x + 1, { concurrency }),
            p,
          );
          const viaRx = await lastValueFrom(from(input).pipe(toOperator(withAsync), toArray()));
          expect(viaRx).toEqual(await collect(fromBatches([input]), withAsync));
        },
      ),
      { numRuns: 100 },
    );
  });
});
