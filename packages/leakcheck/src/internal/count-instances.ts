import * as v8 from 'node:v8';
import { describeValue } from './describe.js';
import type { Constructor } from '../constructor.js';
import { gcFunction } from './gc.js';
import { nextTurn } from './next-turn.js';

type QueryObjects = (ctor: Constructor, options: { format: 'count' }) => number;

/** Node's `v8.queryObjects` (Node ≥ 20.13), or an `Error` that says what is missing. */
function queryObjects(caller: string): QueryObjects {
  // Read from the namespace, not imported by name: on an older Node a missing named export would fail
  // the whole package at load time, where only the counting checks need it.
  const query = (v8 as { queryObjects?: unknown }).queryObjects;
  if (typeof query !== 'function') {
    throw new Error(
      `${caller}: v8.queryObjects() is missing: counting live instances needs Node ≥ 20.13 ` +
        `(this is Node ${process.versions.node}); track the objects with expectAllCollected() instead`,
    );
  }
  return query as QueryObjects;
}

/** Throws unless `ctor` is a constructor whose instances can be counted (a function with a prototype). */
export function assertConstructor(ctor: unknown, caller: string): asserts ctor is Constructor {
  const prototype = typeof ctor === 'function' ? (ctor as { prototype?: unknown }).prototype : undefined;
  if (prototype === null || typeof prototype !== 'object') {
    throw new TypeError(`${caller}: constructor must be a class or constructor function, got ${describeValue(ctor)}`);
  }
}

/**
 * Up to `rounds` times: wait for a later macrotask, run a full GC, and count the objects that have
 * `ctor.prototype` in their prototype chain. Stops once `enough(count)` holds, or once two rounds in a row
 * count the same (the heap has settled). Returns the last count.
 */
export async function countAfterGc(
  ctor: Constructor,
  rounds: number,
  caller: string,
  enough: (count: number) => boolean = () => false,
): Promise<number> {
  const query = queryObjects(caller);
  const gc = gcFunction(caller);
  let previous = -1;
  let count = -1;
  for (let round = 0; round < rounds; round++) {
    await nextTurn();
    gc();
    count = query(ctor, { format: 'count' });
    if (enough(count) || count === previous) return count;
    previous = count;
  }
  return count;
}
