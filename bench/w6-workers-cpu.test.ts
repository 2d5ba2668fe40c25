import { describe } from 'vitest';
import { testScenario } from './harness/scenario-test.js';
import { names, scenario } from './w6-workers-cpu.js';

describe('W6 workers, CPU-bound', () => {
  testScenario(scenario, [names.inProcess, names.workers]);
});
