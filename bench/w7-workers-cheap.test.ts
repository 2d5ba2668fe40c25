import { describe } from 'vitest';
import { testScenario } from './harness/scenario-test.js';
import { names, scenario } from './w7-workers-cheap.js';

describe('W7 workers, cheap stage', () => {
  testScenario(scenario, [names.inProcess, names.workers, names.workersLarge]);
});
