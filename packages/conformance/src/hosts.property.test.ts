// Conformance: every host of @siphon/core and every adapter runs a random pipeline to what the reference
// model (plain array functions over the whole input) says it makes. Random stages, random input arriving
// in random groups (one per turn of the event loop), a stage or the source failing at a random point.
// Each scenario runs twice, as generated and with an identity `mapAsync((x) => x)` at a random place
// (hosts that run only synchronous pipelines run it once), and both runs must give the model's outputs,
// the model's ending (end, or the error's kind and stage), and every probed stage made and cleaned up
// exactly once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../core/src/test-reference-model.js';
import { hosts, settle, type Host, type HostOutcome } from './test-hosts.js';
import {
  build,
  expectedOf,
  groupsOf,
  labelsOf,
  scenario,
  sourceFailsAtOf,
  stepsOf,
  type Scenario,
} from './test-plan.js';
import { textRun, textScenario, type TextScenario } from './test-text-plan.js';

/**
 * numRuns per host and property (NUM_RUNS in the environment overrides it, for a longer search): 16
 * properties × 200 scenarios × up to 2 runs took 6–10 s here, with the other helpers' suites running.
 */
const NUM_RUNS = Number(process.env.NUM_RUNS ?? 200);

/** A run that has not ended after this long has hung: fail with the scenario rather than time out. */
const HUNG_AFTER_MS = 5_000;

async function runGuarded(run: Promise<HostOutcome>): Promise<HostOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the run did not end within ${HUNG_AFTER_MS} ms`)), HUNG_AFTER_MS);
  });
  try {
    return await Promise.race([run, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** The model's outcome, as `host` can give it. */
function expectedOn(host: Host, model: Outcome, s: Scenario, failsAt: number | undefined): Outcome {
  const sourceFails = failsAt !== undefined && failsAt < s.input.length;
  // A stage finished before the source failed: the model's run ended cleanly, but this host's source runs on.
  if (host.sourceOutlivesEarlyEnd === true && sourceFails && model.ending.kind === 'end') {
    return { values: model.values, ending: { kind: 'source' } };
  }
  return model;
}

async function check(host: Host, s: Scenario, identity: boolean): Promise<void> {
  const steps = stepsOf(s, identity, host.async);
  const failsAt = sourceFailsAtOf(s);
  const { filter, ledger } = build(steps);
  const got = await runGuarded(host.run(filter, groupsOf(s.input, s.cuts), failsAt));
  await settle(); // cleanups a stream runs as it is destroyed or cancelled
  const expected = expectedOn(host, expectedOf(steps, s.input, failsAt), s, failsAt);
  const probes = ledger.report();
  // Stages are made lazily: a run whose source failed before its first value may never have made them.
  const made = failsAt === 0 && probes.every(([opened]) => opened === 0) ? 0 : 1;
  expect(
    { pipeline: labelsOf(steps), values: got.values, ending: got.ending, probes },
    `${host.name}${identity ? ' with the async identity' : ''}`,
  ).toEqual({ pipeline: labelsOf(steps), ...expected, probes: probes.map(() => [made, made]) });
}

describe('every host and adapter matches the reference model, with and without an async identity', () => {
  for (const host of hosts) {
    it(`property: ${host.name}`, async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          await check(host, s, false);
          if (host.async) await check(host, s, true);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});

async function checkText(host: Host, s: TextScenario, identity: boolean): Promise<void> {
  const { filter, ledger, groups, expected, label } = textRun(s, identity);
  const got = await runGuarded(host.run(filter, groups, s.sourceFailsAt));
  await settle();
  const probes = ledger.report();
  const made = s.sourceFailsAt === 0 && probes.every(([opened]) => opened === 0) ? 0 : 1;
  expect(
    { pipeline: label, values: got.values, ending: got.ending, probes },
    `${host.name}${identity ? ' with the async identity' : ''}`,
  ).toEqual({ pipeline: label, ...expected, probes: probes.map(() => [made, made]) });
}

describe('lines over text cut at random, on every host and adapter, matches the reference model', () => {
  for (const host of hosts) {
    it(`property: ${host.name}`, async () => {
      await fc.assert(
        fc.asyncProperty(textScenario, async (s) => {
          await checkText(host, s, false);
          if (host.async) await checkText(host, s, true);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});
