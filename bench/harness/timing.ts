import { measure } from 'mitata';
import type { PassOptions } from './options.js';

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median(): no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * One mitata measurement of `run`: its median time per call, in nanoseconds. With `freshInput`, every
 * call gets an input of its own, made before the call's time starts (a scenario whose runs change their
 * input: W3, W4), and calls are never batched, so each input is made just before its call.
 *
 * @example
 * ```ts
 * const ns = await timeOnce((hub: EventEmitter) => attachAll(hub), options, () => new EventEmitter());
 * ```
 */
export async function timeOnce<I>(
  run: (input: I) => unknown,
  options: PassOptions,
  freshInput?: () => I,
): Promise<number> {
  const budget = {
    min_samples: options.minSamples,
    max_samples: options.maxSamples,
    min_cpu_time: options.minCpuTimeNs,
    warmup_samples: 1,
  };
  if (freshInput === undefined) return (await measure(() => run(undefined as I), budget)).p50;
  // mitata's computed parameters: a generator yields `{ 0: make, bench }`, and mitata awaits `make()` before
  // each call's time starts and passes its result to `bench` (a form its type declarations do not cover).
  // One macrotask after making it, so that what making it set going (W4 ends the previous run's consumers)
  // has settled before the time starts.
  const settled = async (): Promise<I> => {
    const input = freshInput();
    await new Promise((resolve) => setImmediate(resolve));
    return input;
  };
  const withInput = function* () {
    yield { 0: settled, bench: run };
  } as unknown as () => Generator<() => unknown, void, undefined>;
  return (await measure(withInput, { ...budget, batch_threshold: 0 })).p50;
}
