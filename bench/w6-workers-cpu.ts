/**
 * W6 workers, CPU-bound: 100,000 chunks of 1 KiB, each hashed with 12 chained rounds of SHA-256 (~20 µs
 * of CPU per chunk), by the same filter in-process and in `inWorkers` with 2 threads. One run of the
 * pipeline per timed call, so every `inWorkers` run pays for starting its threads and importing the
 * filter's module in them, as a real run does (the pool stops when the run ends). `execArgv: []`: the
 * bench runs under `--import tsx`, which the threads need not load (a production run has no loader).
 */
import { createHash } from 'node:crypto';
import { collect, fromBatches } from '@siphon/core';
import { inWorkers } from '@siphon/workers';
import { Registry } from './harness/registry.js';
import { runIfMain } from './harness/run-scenario.js';
import { defineScenario } from './harness/scenario.js';
import { speedAtLeast } from './harness/targets.js';
import { digest, ROUNDS } from './workers/filters.mjs';

export const names = {
  loop: 'hand loop, in-process',
  inProcess: 'Siphon collect, in-process',
  workers: 'Siphon inWorkers, 2 threads',
} as const;

const filtersUrl = new URL('./workers/filters.mjs', import.meta.url);

function prepare(size: number): Uint8Array[] {
  return Array.from({ length: size }, (_, i) => {
    const chunk = new Uint8Array(1024);
    for (let k = 0; k < chunk.length; k++) chunk[k] = (i * 31 + k * 7) & 0xff;
    return chunk;
  });
}

/** Sums the first byte of every digest: every digest must be right for the sum to match. */
function sumFirstBytes(digests: readonly Uint8Array[]): number {
  let sum = 0;
  for (const d of digests) sum += d[0]!;
  return sum;
}

function reference(chunks: readonly Uint8Array[]): number {
  let sum = 0;
  for (const chunk of chunks) {
    let out: Uint8Array = chunk;
    for (let round = 0; round < ROUNDS; round++) out = createHash('sha256').update(chunk).update(out).digest();
    sum += out[0]!;
  }
  return sum;
}

async function variants(): Promise<Registry<Uint8Array[], number>> {
  const r = new Registry<Uint8Array[], number>();
  r.add(names.loop, (chunks) => reference(chunks));
  r.add(names.inProcess, (chunks) => sumFirstBytes(collect(chunks, digest)));
  const workers = inWorkers<Uint8Array, Uint8Array>(filtersUrl, 'digest', { threads: 2, batchSize: 256, execArgv: [] });
  r.add(names.workers, async (chunks) => sumFirstBytes(await collect(fromBatches([chunks]), workers)));
  return r;
}

export const scenario = defineScenario<Uint8Array[], number>({
  id: 'W6',
  title: 'workers: SHA-256 ×12 of 1 KiB chunks',
  url: import.meta.url,
  sizes: { full: 100_000, quick: 10_000, test: 300 },
  sizeUnit: 'chunks',
  prepare,
  chunksOf: (chunks) => chunks.length,
  reference,
  variants,
  floor: names.loop,
  targets: [speedAtLeast('W6 inWorkers (2 threads) / the same filter in-process', names.workers, names.inProcess, 1.6)],
});

await runIfMain(scenario);
