import type { LeakCheckOptions } from './leak-check-options.js';
import type { Track } from './track.js';
import { assertFunction, readOptions } from './internal/read-options.js';
import { runSetup } from './internal/run-setup.js';
import { TrackedSet } from './internal/tracked-set.js';

/** What {@link measureRetention} found. */
export interface RetentionReport {
  /** How many objects `setup` tracked. */
  readonly tracked: number;
  /** How many of them survived forced garbage collection. */
  readonly retained: number;
  /** Labels of the survivors, in tracking order. */
  readonly retainedLabels: readonly string[];
}

/**
 * Runs `setup`, which makes objects, tracks them and lets go of them; forces GC until all of them are
 * collected or the rounds run out; and reports how many survived. It never fails because of survivors, so
 * one test can assert both sides: the design that leaks retains N of N, the one that does not retains 0.
 *
 * Make the tracked objects inside `setup` (or a function it calls), not in the test's own frame: a
 * suspended async function keeps its locals alive.
 *
 * @example
 * ```ts
 * const hub = new EventEmitter();
 * const naive = await measureRetention((track) => {
 *   for (let i = 0; i < 1000; i++) track(makeNaiveConsumer(hub), `naive ${i}`);
 * });
 * expect(naive.retained).toBe(1000); // the check sees the leak
 * const siphon = await measureRetention((track) => {
 *   for (let i = 0; i < 1000; i++) track(makeSiphonConsumer(hub), `siphon ${i}`);
 * });
 * expect(siphon.retained).toBe(0);
 * ```
 */
export async function measureRetention(
  setup: (track: Track) => void | Promise<void>,
  options?: LeakCheckOptions,
): Promise<RetentionReport> {
  const caller = 'measureRetention()';
  assertFunction(setup, caller, 'setup');
  const { rounds } = readOptions(options, caller);
  const tracked = new TrackedSet();
  await runSetup(setup, tracked, caller);
  await tracked.settle(rounds, caller);
  const retainedLabels = tracked.retainedLabels();
  return { tracked: tracked.size, retained: retainedLabels.length, retainedLabels };
}
