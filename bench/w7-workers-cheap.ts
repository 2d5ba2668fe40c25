/**
 * W7 workers, cheap: 100,000 short strings through `map(s => s + '\n')`, in-process and in `inWorkers`
 * with 2 threads. Nothing here is worth a thread: the figure is the overhead of sending every chunk to a
 * worker and back, and of starting the threads once per run.
 */
import { collect, fromBatches } from '@siphon/core';
import { inWorkers } from '@siphon/workers';
import { Registry } from './harness/registry.js';
import { runIfMain } from './harness/run-scenario.js';
import { defineScenario } from './harness/scenario.js';
import { speedAtLeast } from './harness/targets.js';
import { addLF } from './workers/filters.mjs';

export const names = {
  loop: 'hand loop, in-process',
  inProcess: 'Siphon collect, in-process',
  workers: 'Siphon inWorkers, 2 threads',
  workersLarge: 'Siphon inWorkers, 2 threads, batchSize 4096',
} as const;

const filtersUrl = new URL('./workers/filters.mjs', import.meta.url);

function prepare(size: number): string[] {
  return Array.from({ length: size }, (_, i) => `line ${i} ${'x'.repeat(i % 40)}`);
}

function totalLength(lines: readonly string[]): number {
  let total = 0;
  for (const line of lines) total += line.length;
  return total;
}

function reference(lines: readonly string[]): number {
  let total = 0;
  for (const line of lines) total += line.length + 1;
  return total;
}

async function variants(): Promise<Registry<string[], number>> {
  const r = new Registry<string[], number>();
  r.add(names.loop, (lines) => {
    let total = 0;
    for (const line of lines) total += (line + '\n').length;
    return total;
  });
  r.add(names.inProcess, (lines) => totalLength(collect(lines, addLF)));
  const workers = inWorkers<string, string>(filtersUrl, 'addLF', { threads: 2, execArgv: [] });
  r.add(names.workers, async (lines) => totalLength(await collect(fromBatches([lines]), workers)));
  const large = inWorkers<string, string>(filtersUrl, 'addLF', { threads: 2, batchSize: 4096, execArgv: [] });
  r.add(names.workersLarge, async (lines) => totalLength(await collect(fromBatches([lines]), large)));
  return r;
}

export const scenario = defineScenario<string[], number>({
  id: 'W7',
  title: 'workers: a cheap stage, map(s => s + "\\n")',
  url: import.meta.url,
  sizes: { full: 100_000, quick: 10_000, test: 300 },
  sizeUnit: 'strings',
  prepare,
  chunksOf: (lines) => lines.length,
  reference,
  variants,
  floor: names.loop,
  // Not a goal: the overhead, reported (a ratio far below 1 is the expected result).
  targets: [
    speedAtLeast(
      'W7 inWorkers (2 threads) / in-process, cheap stage (overhead, reported)',
      names.workers,
      names.inProcess,
      0,
    ),
  ],
});

await runIfMain(scenario);
