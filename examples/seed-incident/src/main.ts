import { retainerPath } from '@siphon/leakcheck';
import { chunksFor, release, runDesign, type RunResult } from './run-design.js';
import { formatTable } from './format-table.js';

// The reference-cycle incident, run both ways in one process: the callback-filter design it was found
// in, then the same consumers written with Siphon. Usage: pnpm demo [consumers]  (or SEED_CONSUMERS=…)

const consumers = readCount(process.argv[2] ?? process.env.SEED_CONSUMERS, 10_000);
const chunks = chunksFor(16);

console.log(`${consumers.toLocaleString('en-US')} consumers attach to one long-lived hub, receive ${chunks.length} chunks each through AddLF/AddCRLF, and are dropped.\n`);

const naive = await runDesign('naive', consumers, chunks);
// Before the naive hub is let go: how one of its consumers is still reachable.
const path = pathOf(naive);
release(naive);
const siphon = await runDesign('siphon', consumers, chunks);

console.log(formatTable([naive, siphon]));
console.log('\nWhy one naive consumer is still alive (retainer path from a GC root):');
console.log(`  ${path ?? '(none found: it was collected)'}`);
if (siphon.reachable !== 0 || siphon.hubListeners !== 0) {
  console.error('\nUnexpected: Siphon consumers were kept alive.');
  process.exitCode = 1;
}

function pathOf(result: RunResult): string | undefined {
  const survivor = result.survivor?.deref();
  return survivor === undefined ? undefined : retainerPath(survivor);
}

function readCount(text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const count = Number(text);
  if (!Number.isSafeInteger(count) || count < 2) {
    console.error(`seed-incident: the consumer count must be an integer of at least 2, got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return count;
}
