import { expect, it } from 'vitest';
import { assertSameResult } from './check.js';
import type { Scenario } from './scenario.js';

/**
 * The test every scenario gets: each variant runs once at the scenario's tiny test size, and its result
 * must equal the reference. Nothing is timed.
 */
export function testScenario<I, R>(scenario: Scenario<I, R>, required: readonly string[]): void {
  it(`${scenario.id}: registers every required variant, and says why an adapter row is missing`, async () => {
    const registry = await scenario.variants();
    const registered = registry.variants.map((v) => v.name);
    expect(registered).toEqual(expect.arrayContaining([scenario.floor, ...required]));
    for (const skipped of registry.skipped) expect(skipped.reason).toMatch(/\S/);
  });

  it(`${scenario.id}: every variant's result equals the reference`, async () => {
    const registry = await scenario.variants();
    const input = scenario.prepare(scenario.sizes.test);
    const expected = scenario.reference(input);
    for (const variant of registry.variants) {
      const runInput = scenario.freshInputPerRun === true ? scenario.prepare(scenario.sizes.test) : input;
      const actual = await variant.run(scenario.checkInput?.(runInput) ?? runInput);
      assertSameResult(variant.name, actual, expected);
    }
  });
}
