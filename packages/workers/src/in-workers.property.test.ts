import { collect, fromBatches } from '@siphon/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { inWorkers } from './in-workers.js';
import { filters } from './test-support.js';
import * as inProcess from './test-filters.js';

// One stage per filter and batch size drawn, reused across runs: a thread start costs far more than a run.
const made = new Map<string, ReturnType<typeof inWorkers<number, number>>>();
function stageFor(name: string, batchSize: number, maxInFlight: number) {
  const id = `${name}/${batchSize}/${maxInFlight}`;
  let stage = made.get(id);
  if (stage === undefined) {
    stage = inWorkers<number, number>(filters, name, { threads: 2, batchSize, maxInFlight });
    made.set(id, stage);
  }
  return stage;
}
afterAll(async () => {
  await Promise.all([...made.values()].map((stage) => stage.close()));
});

describe('inWorkers (property)', () => {
  it('gives exactly what collect gives in-process, for any input, filter and batch size', async () => {
    const names = ['double', 'evensTimesThree', 'repeatByValue', 'doubleLater'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 200 }),
        fc.constantFrom(1, 3, 16, 64, 500),
        fc.constantFrom(1, 2, 4),
        async (name, input, batchSize, maxInFlight) => {
          const expected = await collect(fromBatches([input]), inProcess[name] as never);
          const actual = await collect(fromBatches([input]), stageFor(name, batchSize, maxInFlight));
          expect(actual).toEqual(expected);
        },
      ),
      // Each run starts its threads afresh (the pool stops when its last run ends): that start, not the
      // batches, is most of a run's time here, so the run count stays small.
      { numRuns: 15 },
    );
  }, 120_000);
});
