import { existsSync } from 'node:fs';
import { afterAll, describe } from 'vitest';
import { testScenario } from './harness/scenario-test.js';
import { names, scenario, stopServer } from './w5-redis.js';

// Needs Debian's redis-server, which .ci/run installs; elsewhere the scenario is skipped.
describe.skipIf(!existsSync('/usr/bin/redis-server') && process.env['CI'] !== 'true')('W5 redis', () => {
  testScenario(scenario, [names.handRaw, names.siphon]);
  afterAll(stopServer);
});
