import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** GC and heap figures of one run of one variant, measured in a process of its own. */
export interface MemoryStats {
  /** GC pauses during the run (`PerformanceObserver` `gc` entries). */
  readonly gcCount: number;
  /** Their total duration, in milliseconds. */
  readonly gcPauseMs: number;
  /** How many of them were full (mark-compact) collections. */
  readonly majorGcCount: number;
  /** Bytes allocated on the JS heap during the run (from `v8.GCProfiler` before/after figures). */
  readonly allocatedBytes: number;
  /** {@link allocatedBytes} divided by the input's chunk count. */
  readonly allocatedPerChunk: number;
  /** Heap still used after the run and a full GC, above what it was before the run (input kept alive). */
  readonly retainedBytes: number;
}

function usedHeap(): number {
  return getHeapStatistics().used_heap_size;
}

function gcFunction(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Full GC until the used heap stops shrinking: each round waits a task first, so that WeakRef targets
 * can go and FinalizationRegistry callbacks (which may remove listeners, freeing more) can run.
 */
export async function collectGarbage(maxRounds = 20): Promise<void> {
  const gc = gcFunction();
  let last = Number.POSITIVE_INFINITY;
  for (let round = 0; round < maxRounds; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    const used = usedHeap();
    if (round >= 3 && used >= last - 1024) return;
    last = used;
  }
}

/**
 * Runs `run` once while observing GC, and reports pauses, bytes allocated and bytes retained.
 * Allocation is the heap growth between collections: for each GC, what was used before it minus what
 * was left after the previous one, plus the growth since the last one.
 */
export async function measureMemory(run: () => unknown, chunks: number): Promise<MemoryStats> {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => {
    entries.push(...list.getEntries());
  });
  await collectGarbage();
  const before = usedHeap();
  observer.observe({ entryTypes: ['gc'] });
  const profiler = new GCProfiler();
  const t0 = performance.now();
  profiler.start();
  await run();
  const end = usedHeap();
  const profile = profiler.stop();
  const t1 = performance.now();
  // gc entries are delivered in a later task.
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();

  let allocatedBytes = 0;
  let afterLast = before;
  for (const gc of profile.statistics) {
    allocatedBytes += gc.beforeGC.heapStatistics.usedHeapSize - afterLast;
    afterLast = gc.afterGC.heapStatistics.usedHeapSize;
  }
  allocatedBytes += end - afterLast;

  const during = entries.filter((entry) => entry.startTime >= t0 && entry.startTime <= t1);
  await collectGarbage();
  const retainedBytes = usedHeap() - before;
  return {
    gcCount: during.length,
    gcPauseMs: during.reduce((total, entry) => total + entry.duration, 0),
    majorGcCount: during.filter(
      (entry) =>
        (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ===
        constants.NODE_PERFORMANCE_GC_MAJOR,
    ).length,
    allocatedBytes,
    allocatedPerChunk: allocatedBytes / chunks,
    retainedBytes,
  };
}
