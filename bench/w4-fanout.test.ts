import { describe } from 'vitest';
import { testScenario } from './harness/scenario-test.js';
import { names, scenario } from './w4-fanout.js';

describe('W4 fan-out', () => {
  testScenario(scenario, Object.values(names));
});
