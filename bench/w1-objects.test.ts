import { describe, expect, it } from 'vitest';
import { assertSameResult, ResultMismatchError } from './harness/check.js';
import { testScenario } from './harness/scenario-test.js';
import { names, scenario } from './w1-objects.js';

describe('W1 objects', () => {
  testScenario(scenario, [
    names.naive,
    names.asyncGenerators,
    names.batchAsyncGenerators,
    names.siphonCollect,
    names.nodeTransforms,
    names.nodeFused,
    names.rxjs,
    names.siphonSync,
    names.siphonAsync,
    names.siphonBatched,
    'sync generators',
    'IxJS sync',
    'IxJS async',
    'it-pipe + it-map/it-filter',
    'streaming-iterables',
    '@thi.ng/transducers',
    'Siphon pullBatches (fromBatches source)',
    'Siphon start() stepper',
  ]);

  it('keeps about half of the strings, so the filter stage does real work', () => {
    const input = scenario.prepare(scenario.sizes.test);
    const kept = input.strings.filter((s) => (s.length + 1) % 2 === 0).length;
    expect(kept / input.strings.length).toBeGreaterThan(0.4);
    expect(kept / input.strings.length).toBeLessThan(0.6);
    expect(input.batches.flat()).toEqual(input.strings);
  });

  it('the result check catches a variant that loses one kept string', async () => {
    const input = scenario.prepare(scenario.sizes.test);
    const floor = (await scenario.variants()).get(scenario.floor);
    const kept = input.strings.findIndex((s) => (s.length + 1) % 2 === 0);
    const lossy = { ...input, strings: input.strings.filter((_, i) => i !== kept), batches: [] };
    expect(() => assertSameResult('lossy', floor.run(lossy), scenario.reference(input))).toThrow(ResultMismatchError);
  });
});
