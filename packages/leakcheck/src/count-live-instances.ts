import type { LeakCheckOptions } from './leak-check-options.js';
import { assertConstructor, countAfterGc } from './internal/count-instances.js';
import { readOptions } from './internal/read-options.js';
import type { Constructor } from './constructor.js';

/**
 * Counts the live objects that have `constructor.prototype` in their prototype chain (instances of the
 * class and of its subclasses, and its subclasses' prototypes), after forcing garbage collection: up to
 * `rounds` times a turn of the event loop and a full GC, stopping once two rounds count the same. Built
 * on `v8.queryObjects()` (Node ≥ 20.13), which never hands out the objects themselves.
 *
 * Counting needs no reference to the objects, so it also sees instances the test never got hold of (a
 * run's internal state, say); measure a baseline first and compare, since other code may hold instances.
 *
 * @example
 * ```ts
 * const before = await countLiveInstances(Consumer);
 * runConsumersAndDropThem(1000);
 * expect(await countLiveInstances(Consumer)).toBe(before);
 * ```
 */
export async function countLiveInstances(constructor: Constructor, options?: LeakCheckOptions): Promise<number> {
  const caller = 'countLiveInstances()';
  assertConstructor(constructor, caller);
  const { rounds } = readOptions(options, caller);
  return countAfterGc(constructor, rounds, caller);
}
