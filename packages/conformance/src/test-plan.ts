// A pipeline to run on every host, and what it must do there: the reference model's stages
// (`packages/core/src/test-reference-model.ts`, kept in core so that core's own property test imports it
// without depending on this package), with cleanup probes between them and, for the second run of each
// scenario, an identity `mapAsync` at a random place.
import { defineFilter, map, mapAsync, pipe, type Filter } from '@siphon/core';
import fc from 'fast-check';
import {
  failingAsyncStage,
  failingStage,
  modelStage,
  runModel,
  type ModelStage,
  type NumberFilter,
  type Outcome,
} from '../../core/src/test-reference-model.js';

/** Marks where a cleanup probe goes: a pass-through stage that counts its runs' opens and cleanups. */
export const PROBE = Symbol('probe');

export type Step = ModelStage | typeof PROBE;

/** Counts, per probe, how often its stage was made and cleaned up in one run: `[1, 1]` each, always. */
export class Ledger {
  private readonly counts: [opened: number, cleaned: number][] = [];

  probe<T = number>(): Filter<T, T> {
    const count: [number, number] = [0, 0];
    this.counts.push(count);
    return defineFilter<T, T>('probe', () => {
      count[0]++;
      return {
        step: (n) => [n],
        cleanup: () => {
          count[1]++;
        },
      };
    });
  }

  /** One `[opened, cleaned]` pair per probe, in pipeline order. */
  report(): [number, number][] {
    return this.counts.map(([opened, cleaned]) => [opened, cleaned]);
  }
}

const probeModel: ModelStage = { label: 'probe', size: 1, make: () => map((n: number) => n), model: (flow) => flow };

/** The identity stage of each scenario's second run: `mapAsync((x) => x)`, which sends it down the async host. */
export function asyncIdentity(concurrency: number): ModelStage {
  return {
    label: `mapAsync(x => x)×${concurrency}`,
    size: 1,
    make: () => mapAsync((n: number) => n, { concurrency }),
    model: (flow) => flow,
  };
}

/** A fresh run's pipeline for `steps`, and the ledger of its probes. */
export function build(steps: readonly Step[]): { readonly filter: NumberFilter; readonly ledger: Ledger } {
  const ledger = new Ledger();
  const filters = steps.map((step) => (step === PROBE ? ledger.probe() : step.make()));
  const filter = (pipe as (...f: NumberFilter[]) => NumberFilter)(...filters);
  return { filter, ledger };
}

/** What the model says `steps` make of `input` when the source fails after `sourceFailsAt` values. */
export function expectedOf(
  steps: readonly Step[],
  input: readonly number[],
  sourceFailsAt: number | undefined,
): Outcome {
  return runModel(
    steps.map((step) => (step === PROBE ? probeModel : step)),
    input,
    sourceFailsAt,
  );
}

export function labelsOf(steps: readonly Step[]): string {
  return steps.map((step) => (step === PROBE ? '·' : step.label)).join(' → ');
}

export type Failure =
  | { readonly kind: 'none' }
  | { readonly kind: 'stage'; readonly position: number; readonly at: number }
  /** An async stage failing, its calls settling in a random order (a sync one on sync-only hosts). */
  | {
      readonly kind: 'asyncStage';
      readonly position: number;
      readonly at: number;
      readonly concurrency: number;
      readonly delays: readonly number[];
    }
  | { readonly kind: 'source'; readonly after: number };

/** One scenario: random stages (some probed), input, chunking, failure point, and where the identity goes. */
export interface Scenario {
  readonly stages: readonly { readonly stage: ModelStage; readonly probed: boolean }[];
  readonly input: readonly number[];
  readonly cuts: readonly number[];
  readonly failure: Failure;
  readonly identityAt: number;
  readonly concurrency: number;
}

export const scenario: fc.Arbitrary<Scenario> = fc.record({
  stages: fc.array(fc.record({ stage: modelStage, probed: fc.boolean() }), { maxLength: 5 }),
  input: fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 20 }),
  cuts: fc.array(fc.nat(), { maxLength: 6 }),
  failure: fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.record({ kind: fc.constant('stage' as const), position: fc.nat(), at: fc.nat({ max: 12 }) }),
    // Failing before the first value is its own case on lazy hosts: weight it.
    fc.record({ kind: fc.constant('source' as const), after: fc.oneof(fc.nat({ max: 2 }), fc.nat({ max: 22 })) }),
    fc.record({
      kind: fc.constant('asyncStage' as const),
      position: fc.nat(),
      at: fc.nat({ max: 8 }),
      concurrency: fc.integer({ min: 1, max: 4 }),
      delays: fc.array(fc.nat({ max: 6 }), { minLength: 1, maxLength: 5 }),
    }),
  ),
  identityAt: fc.nat(),
  concurrency: fc.integer({ min: 1, max: 4 }),
});

/**
 * The scenario's steps: a probe first and last, one after each stage that is probed, the failing stage
 * (if any) at its place among the stages, and with `identity`, the async identity at a random place.
 * Without `asyncStages` (a host that runs only synchronous pipelines) a failing async stage is a sync one.
 */
export function stepsOf(s: Scenario, identity: boolean, asyncStages: boolean): Step[] {
  const stages: Step[][] = s.stages.map(({ stage, probed }) => (probed ? [stage, PROBE] : [stage]));
  const { failure } = s;
  if (failure.kind === 'stage' || failure.kind === 'asyncStage') {
    const failing =
      failure.kind === 'asyncStage' && asyncStages
        ? failingAsyncStage(failure.at, failure.concurrency, failure.delays)
        : failingStage(failure.at);
    stages.splice(failure.position % (stages.length + 1), 0, [failing, PROBE]);
  }
  const steps: Step[] = [PROBE, ...stages.flat(), PROBE];
  if (identity) steps.splice(s.identityAt % (steps.length + 1), 0, asyncIdentity(s.concurrency));
  return steps;
}

/** After how many values the source fails; `undefined`: it never does. */
export function sourceFailsAtOf(s: Scenario): number | undefined {
  return s.failure.kind === 'source' ? s.failure.after : undefined;
}

/** Splits `values` at the given positions (taken modulo its length + 1); empty groups included. */
export function groupsOf<T>(values: readonly T[], positions: readonly number[]): T[][] {
  const points = positions.map((p) => p % (values.length + 1)).sort((a, b) => a - b);
  const groups: T[][] = [];
  let from = 0;
  for (const point of points) {
    groups.push(values.slice(from, point));
    from = point;
  }
  groups.push(values.slice(from));
  return groups;
}
