import type { ExpectCollectedOptions } from './leak-check-options.js';
import type { Track } from './track.js';
import { leakReport } from './internal/leak-report.js';
import { assertFunction, readOptions } from './internal/read-options.js';
import { runSetup } from './internal/run-setup.js';
import { TrackedSet } from './internal/tracked-set.js';

/**
 * The count form of {@link expectCollected}: runs `setup`, which makes, tracks and lets go of any number of
 * objects, and resolves once every one of them has been garbage-collected. Rejects with a
 * {@link LeakError} that says how many of how many survived, names the first survivors, and gives the
 * retainer path of one of them. Rejects with a `RangeError` when `setup` tracks nothing: a check that
 * cannot fail proves nothing.
 *
 * @example
 * ```ts
 * await expectAllCollected(async (track) => {
 *   for (let i = 0; i < 1000; i++) track(await runConsumer(hub), `consumer ${i}`);
 * });
 * ```
 */
export async function expectAllCollected(
  setup: (track: Track) => void | Promise<void>,
  options?: ExpectCollectedOptions,
): Promise<void> {
  const caller = 'expectAllCollected()';
  assertFunction(setup, caller, 'setup');
  const { rounds, retainerPath } = readOptions(options, caller);
  const tracked = new TrackedSet();
  await runSetup(setup, tracked, caller);
  if (tracked.size === 0) throw new RangeError(`${caller}: setup tracked no objects, so nothing was checked`);
  await tracked.settle(rounds, caller);
  const retained = tracked.retainedLabels().length;
  if (retained === 0) return;
  const summary = `${caller}: ${retained} of ${tracked.size} tracked objects survived ${rounds} rounds of forced GC`;
  throw leakReport(summary, tracked, retainerPath);
}
