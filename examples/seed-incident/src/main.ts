import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CHUNKS_PER_CONSUMER, type Design, type DesignFigures } from './run-design.js';
import { formatTable } from './format-table.js';

// The reference-cycle incident, run both ways: the callback-filter design it was found in, then the same
// consumers written with Siphon, each in a process of its own (see run-one.ts).
// Usage: pnpm demo [consumers]  (or SEED_CONSUMERS=…)

const consumers = readCount(process.argv[2] ?? process.env.SEED_CONSUMERS, 10_000);

console.log(
  `${consumers.toLocaleString('en-US')} consumers attach to one long-lived hub, receive ${CHUNKS_PER_CONSUMER} chunks each through AddLF/AddCRLF, and are dropped.\n`,
);

const naive = runInChild('naive');
const siphon = runInChild('siphon');

console.log(formatTable([naive, siphon]));
console.log('\nWhy one naive consumer is still alive (retainer path from a GC root):');
console.log(`  ${naive.path ?? '(none found: it was collected)'}`);
if (siphon.reachable !== 0 || siphon.hubListeners !== 0) {
  console.error('\nUnexpected: Siphon consumers were kept alive.');
  process.exitCode = 1;
}

function runInChild(design: Design): DesignFigures & { readonly path: string | undefined } {
  const script = fileURLToPath(new URL('./run-one.ts', import.meta.url));
  // The same flags as this process: --expose-gc, and sources or dist.
  const output = execFileSync(process.execPath, [...process.execArgv, script, design, String(consumers)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as DesignFigures & { readonly path: string | undefined };
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
