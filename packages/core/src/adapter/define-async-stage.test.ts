import { describe, expect, it } from 'vitest';
import { collect } from '../consume/collect.js';
import { pull } from '../consume/pull.js';
import { FilterError } from '../filter-error.js';
import { pipe } from '../filters/pipe.js';
import { take } from '../filters/take.js';
import { fromBatches } from '../sources/from-batches.js';
import { defineAsyncStage } from './define-async-stage.js';

describe('defineAsyncStage', () => {
  it('gives each run fresh state and runs its cleanup once, however the run ends', async () => {
    const cleanups: number[] = [];
    let runs = 0;
    const numbered = defineAsyncStage(
      'numbered',
      () => {
        const run = ++runs;
        return {
          step: async (value: string, index: number) => `${run}:${index}:${value}`,
          cleanup: () => cleanups.push(run),
        };
      },
      { concurrency: 2 },
    );
    expect(await collect(fromBatches([['a', 'b']]), numbered)).toEqual(['1:0:a', '1:1:b']);
    expect(await collect(fromBatches([['c', 'd', 'e']]), pipe(numbered, take(1)))).toEqual(['2:0:c']);
    const iterator = pull(fromBatches([['x', 'y']]), numbered);
    await iterator.next();
    await iterator.return();
    await iterator.return();
    expect(cleanups).toEqual([1, 2, 3]);
  });

  it('names itself in the FilterError of a failing step, init or cleanup', async () => {
    const failing = defineAsyncStage('lookup', () => ({
      step: async () => {
        throw new Error('no');
      },
    }));
    const error = await collect(fromBatches([[1]]), failing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).message).toBe('lookup (stage 1 of 1) failed: Error: no');

    const badInit = defineAsyncStage('lookup', () => ({}) as never);
    await expect(collect(fromBatches([[1]]), badInit)).rejects.toThrow(
      /lookup \(stage 1 of 1\) failed: TypeError: init\(\)/,
    );

    const badCleanup = defineAsyncStage('lookup', () => ({
      step: (value: number) => value,
      cleanup: () => {
        throw new Error('cleanup');
      },
    }));
    await expect(collect(fromBatches([[1]]), badCleanup)).rejects.toThrow(
      'lookup (stage 1 of 1) failed: Error: cleanup',
    );
  });

  it('rejects bad arguments with errors naming it', () => {
    expect(() => defineAsyncStage('', () => ({ step: (v) => v }))).toThrow(TypeError);
    expect(() => defineAsyncStage('s', 5 as never)).toThrow("defineAsyncStage('s'): init must be a function");
    expect(() => defineAsyncStage('s', () => ({ step: (v) => v }), null as never)).toThrow(
      "defineAsyncStage('s'): options must be an object, got null",
    );
    expect(() => defineAsyncStage('s', () => ({ step: (v) => v }), { concurrency: 0 })).toThrow(RangeError);
  });
});
