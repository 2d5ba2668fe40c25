import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { parseHeapSnapshot, type HeapGraph } from './heap-graph.js';

/**
 * A heap snapshot of this isolate, parsed. Synchronous on purpose: objects the caller holds on its stack
 * during the call are sure to be in it. `writeHeapSnapshot` is the synchronous form of `getHeapSnapshot`;
 * the file lives only for the duration of the call.
 */
export function takeHeapSnapshot(): HeapGraph {
  const dir = mkdtempSync(join(tmpdir(), 'leakcheck-'));
  try {
    const file = writeHeapSnapshot(join(dir, 'heap.heapsnapshot'));
    return parseHeapSnapshot(readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
