import { describe } from 'vitest';
import { testScenario } from './harness/scenario-test.js';
import { names, scenario } from './w4-workers-cpu.js';

describe('W4 workers, CPU-bound', () => {
  testScenario(scenario, [names.inProcess, names.workers]);
});
