import { gcFunction } from './gc.js';
import { nextTurn } from './next-turn.js';

/**
 * Up to `rounds` times: wait for a later macrotask, then run a full GC. Stops early once `done()` says so,
 * checked after each collection.
 */
export async function forceGc(rounds: number, caller: string, done: () => boolean = () => false): Promise<void> {
  const gc = gcFunction(caller);
  for (let round = 0; round < rounds; round++) {
    await nextTurn();
    gc();
    if (done()) return;
  }
}
