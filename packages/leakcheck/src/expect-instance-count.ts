import type { LeakCheckOptions } from './leak-check-options.js';
import { LeakError } from './leak-error.js';
import { assertConstructor, countAfterGc } from './internal/count-instances.js';
import { describeValue } from './internal/describe.js';
import { readOptions } from './internal/read-options.js';
import type { Constructor } from './constructor.js';

/**
 * Resolves once at most `expected` objects with `constructor.prototype` in their prototype chain are
 * alive, forcing garbage collection (a turn of the event loop and a full GC per round) up to `rounds`
 * times. Rejects with a {@link LeakError} when more survive every round; its `tracked` is the count seen,
 * and it has no labels or retainer path, since counting never touches the objects. Built on
 * `v8.queryObjects()` (Node ≥ 20.13): see {@link countLiveInstances}, which gives the baseline.
 *
 * @example
 * ```ts
 * const before = await countLiveInstances(Reader);
 * await readAndAbandon(1000); // makes 1000 readers and drops them
 * await expectInstanceCount(Reader, before);
 * ```
 */
export async function expectInstanceCount(
  constructor: Constructor,
  expected: number,
  options?: LeakCheckOptions,
): Promise<void> {
  const caller = 'expectInstanceCount()';
  assertConstructor(constructor, caller);
  if (typeof expected !== 'number') {
    throw new TypeError(`${caller}: expected must be a number, got ${describeValue(expected)}`);
  }
  if (!Number.isInteger(expected) || expected < 0) {
    throw new RangeError(`${caller}: expected must be a whole number ≥ 0, got ${String(expected)}`);
  }
  const { rounds } = readOptions(options, caller);
  // No early stop on a steady count here: a count above `expected` must survive every round to fail.
  let count = -1;
  for (let round = 0; round < rounds && !(count >= 0 && count <= expected); round++) {
    count = await countAfterGc(constructor, 1, caller);
  }
  if (count <= expected) return;
  const name = constructor.name === '' ? 'the constructor' : constructor.name;
  throw new LeakError(
    `${caller}: ${count} objects with ${name}.prototype in their prototype chain survived ${rounds} rounds of ` +
      `forced GC, expected at most ${expected} (${count - expected} more).`,
    { tracked: count, retainedLabels: [] },
  );
}
