import { describe, expect, it } from 'vitest';
import { measureMemory } from './harness/memory.js';
import { testScenario } from './harness/scenario-test.js';
import { names, scenario } from './w3-lifecycles.js';

describe('W3 lifecycles', () => {
  testScenario(scenario, [names.siphonPull, names.siphonStepper, names.siphonClosed]);

  it('the retained-heap measure sees the naive leak and not the Siphon consumers (no timing)', async () => {
    const registry = await scenario.variants();
    const size = 5_000;
    const measure = async (name: string) => {
      // A warm-up run first, as the bench's child process does, so that JIT code is not counted as retained.
      await registry.get(name).run(scenario.prepare(100));
      const input = scenario.prepare(size);
      const stats = await measureMemory(() => registry.get(name).run(input), scenario.chunksOf(input));
      return { stats, listeners: input.hub.eventNames().length };
    };
    const naive = await measure(names.naive);
    const siphon = await measure(names.siphonPull);
    // The naive consumers are all still listening; the dropped Siphon ones removed themselves.
    expect(naive.listeners).toBe(size);
    expect(siphon.listeners).toBe(0);
    expect(naive.stats.retainedBytes).toBeGreaterThan(size * 200);
    expect(siphon.stats.retainedBytes).toBeLessThan(naive.stats.retainedBytes / 3);
    expect(naive.stats.allocatedBytes).toBeGreaterThan(0);
  });
});
