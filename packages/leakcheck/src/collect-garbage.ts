import type { LeakCheckOptions } from './leak-check-options.js';
import { forceGc } from './internal/force-gc.js';
import { readOptions } from './internal/read-options.js';

/**
 * Forces full garbage collection `rounds` times, each after a turn of the event loop
 * (`setImmediate`), so that `WeakRef` targets are released, `FinalizationRegistry` callbacks run and
 * settled promises' reactions are done before the next pass.
 *
 * Uses `globalThis.gc` when Node runs with `--expose-gc`; otherwise enables it at run time
 * (`v8.setFlagsFromString('--expose-gc')` and a fresh `vm` context), and rejects with an `Error` that says
 * how to run Node when neither works.
 *
 * @example
 * ```ts
 * const ref = new WeakRef(makeConsumer(hub));
 * await collectGarbage();
 * assert.equal(ref.deref(), undefined);
 * ```
 */
export async function collectGarbage(options?: LeakCheckOptions): Promise<void> {
  const { rounds } = readOptions(options, 'collectGarbage()');
  await forceGc(rounds, 'collectGarbage()');
}
