import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = () => void;

let cached: GcFunction | undefined;

/**
 * The engine's full-GC function: `globalThis.gc` when Node runs with `--expose-gc`, otherwise one made at run
 * time. Setting the flag late does not add `gc` to contexts that already exist, but a fresh `vm` context is
 * created with it, and its `gc` collects the whole isolate.
 */
export function gcFunction(caller: string): GcFunction {
  if (cached !== undefined) return cached;
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return (cached = exposed as GcFunction);
  let made: unknown;
  try {
    setFlagsFromString('--expose-gc');
    made = runInNewContext('gc');
  } catch (error) {
    throw unavailable(caller, error);
  }
  if (typeof made !== 'function') throw unavailable(caller, undefined);
  return (cached = made as GcFunction);
}

function unavailable(caller: string, cause: unknown): Error {
  return new Error(
    `${caller}: cannot force garbage collection: globalThis.gc is missing and enabling --expose-gc at run time ` +
      `failed. Run Node with --expose-gc (e.g. NODE_OPTIONS=--expose-gc, vitest's test.execArgv: ['--expose-gc'], ` +
      `or node --expose-gc --test).`,
    { cause },
  );
}
