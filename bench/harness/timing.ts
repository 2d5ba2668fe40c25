import { measure } from 'mitata';
import type { PassOptions } from './options.js';

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median(): no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** One mitata measurement of `run`: its median time per call, in nanoseconds. */
export async function timeOnce(run: () => unknown, options: PassOptions): Promise<number> {
  const stats = await measure(run, {
    min_samples: options.minSamples,
    max_samples: options.maxSamples,
    min_cpu_time: options.minCpuTimeNs,
    warmup_samples: 1,
  });
  return stats.p50;
}
