import { describe } from 'vitest';
import { testScenario } from './harness/scenario-test.js';
import { names, scenario } from './w5-workers-cheap.js';

describe('W5 workers, cheap stage', () => {
  testScenario(scenario, [names.inProcess, names.workers, names.workersLarge]);
});
