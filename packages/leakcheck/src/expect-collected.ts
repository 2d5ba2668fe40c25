import type { ExpectCollectedOptions } from './leak-check-options.js';
import { describeValue } from './internal/describe.js';
import { leakReport } from './internal/leak-report.js';
import { assertFunction, assertWeakTarget, readOptions } from './internal/read-options.js';
import { TrackedSet } from './internal/tracked-set.js';

/**
 * Calls `factory`, then resolves once the object it returns (or resolves to) has been garbage-collected.
 * Rejects with a {@link LeakError} when the object survives every GC round; the error's message carries
 * the object's retainer path from a heap snapshot, taken only on failure.
 *
 * The factory should make the object, use it as the code under test would, and return it without keeping
 * it anywhere else.
 *
 * @example
 * ```ts
 * await expectCollected(async () => {
 *   const consumer = new Consumer();
 *   for await (const line of pull(fromEvent(hub, 'data'), lines())) consumer.add(line);
 *   return consumer;
 * });
 * ```
 */
export async function expectCollected(
  factory: () => object | Promise<object>,
  options?: ExpectCollectedOptions,
): Promise<void> {
  const caller = 'expectCollected()';
  assertFunction(factory, caller, 'factory');
  const { rounds, retainerPath } = readOptions(options, caller);
  const tracked = new TrackedSet();
  await trackResult(factory, tracked, caller);
  await tracked.settle(rounds, caller);
  if (tracked.retainedLabels().length === 0) return;
  const summary = `${caller}: the object the factory returned survived ${rounds} rounds of forced GC`;
  throw leakReport(summary, tracked, retainerPath);
}

/** In its own frame, so the factory's result is not kept by the caller's suspended frame. */
async function trackResult(factory: () => unknown, tracked: TrackedSet, caller: string): Promise<void> {
  const value = await factory();
  assertWeakTarget(value, caller, 'the value factory returns');
  tracked.add(value, describeValue(value), caller);
}
