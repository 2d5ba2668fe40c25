import { EventEmitter } from 'node:events';
import { PerformanceObserver } from 'node:perf_hooks';
import { collectGarbage } from '@siphon/leakcheck';
import { attach, Foo } from '@siphon/naive';
import { SiphonFoo } from './siphon-foo.js';

/** Which design a run uses. */
export type Design = 'naive' | 'siphon';

/** What one run of the incident measured. */
export interface RunResult {
  readonly design: Design;
  readonly consumers: number;
  /** Consumers still reachable after they were all dropped and the GC ran. */
  readonly reachable: number;
  /** Listeners the long-lived hub still has for them. */
  readonly hubListeners: number;
  /** Heap still in use after the GC, over what it was before the consumers were made. */
  readonly heapRetainedBytes: number;
  /** Time the GC paused the program for while the consumers were made, fed and dropped (no forced GC). */
  readonly gcPauseMs: number;
  /** One full collection after the drop: what every later major GC pays for whatever was kept. */
  readonly fullGcMs: number;
  /** The hub: still alive, as a long-lived source is. Release it with {@link release}. */
  readonly hub: EventEmitter;
  /** One consumer that survived the drop, if any, for its retainer path. */
  readonly survivor: WeakRef<object> | undefined;
}

/** A run's figures, without the live objects: what the demo's table shows. */
export type DesignFigures = Omit<RunResult, 'hub' | 'survivor'>;

/** How many chunks each of the demo's consumers receives. */
export const CHUNKS_PER_CONSUMER = 16;

/** The chunks every consumer receives: request lines, as a proxy's security filter would see them. */
export function chunksFor(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `GET /api/v1/items/${1000 + i}?fields=id,name,price HTTP/1.1`);
}

/**
 * The incident, run one way: `consumers` consumers (every other one in DOS mode) attach to one
 * long-lived hub, the hub sends them `chunks`, each reads its data, and then the program drops them all.
 */
export async function runDesign(design: Design, consumers: number, chunks: readonly string[]): Promise<RunResult> {
  const hub = new EventEmitter();
  hub.setMaxListeners(0); // one listener per consumer is this program's point, not a mistake to warn about

  await collectGarbage({ rounds: 3 });
  const heapBefore = process.memoryUsage().heapUsed;
  const gc = watchGc();

  const refs = await makeFeedAndDrop(design, hub, consumers, chunks);
  const gcPauseMs = await gc.stop();
  // A collected Siphon consumer removes its hub listener in a finalizer, a task after the GC.
  await collectGarbage({ rounds: 3 });
  for (let round = 0; round < 10 && hub.listenerCount('data') > countLive(refs); round++) {
    await collectGarbage({ rounds: 1 });
  }
  const reachable = countLive(refs);
  const survivor = refs.find((ref) => ref.deref() !== undefined);
  refs.length = 0; // the weak references are not part of what either design retains
  await collectGarbage({ rounds: 1 });

  const heapRetainedBytes = Math.max(0, process.memoryUsage().heapUsed - heapBefore);
  const fullGcMs = await timeOneFullGc();
  return {
    design,
    consumers,
    reachable,
    hubListeners: hub.listenerCount('data'),
    heapRetainedBytes,
    gcPauseMs,
    fullGcMs,
    hub,
    survivor,
  };
}

/** Lets go of a run's hub, and with it whatever the hub kept. */
export function release(result: RunResult): void {
  result.hub.removeAllListeners();
}

// Consumers are made in these functions, so nothing in a caller's frame keeps one alive.
async function makeFeedAndDrop(
  design: Design,
  hub: EventEmitter,
  count: number,
  chunks: readonly string[],
): Promise<Array<WeakRef<object>>> {
  if (design === 'naive') {
    const foos = makeNaive(hub, count);
    for (const chunk of chunks) hub.emit('data', chunk);
    check(foos[0]!.allData(), chunks, '\n');
    check(foos[1]?.allData(), chunks, '\r\n');
    return foos.map((foo) => new WeakRef(foo));
  }
  const foos = makeSiphon(hub, count);
  for (const chunk of chunks) hub.emit('data', chunk);
  check(foos[0]!.allData(), chunks, '\n');
  check(foos[1]?.allData(), chunks, '\r\n');
  return foos.map((foo) => new WeakRef(foo));
}

function makeNaive(hub: EventEmitter, count: number): Foo[] {
  const foos: Foo[] = [];
  for (let i = 0; i < count; i++) {
    const foo = new Foo({ dosMode: i % 2 === 1 });
    attach(foo, hub);
    foos.push(foo);
  }
  return foos;
}

function makeSiphon(hub: EventEmitter, count: number): SiphonFoo[] {
  const foos: SiphonFoo[] = [];
  for (let i = 0; i < count; i++) foos.push(new SiphonFoo(hub, { dosMode: i % 2 === 1 }));
  return foos;
}

function countLive(refs: ReadonlyArray<WeakRef<object>>): number {
  let live = 0;
  for (const ref of refs) if (ref.deref() !== undefined) live++;
  return live;
}

function check(actual: string | undefined, chunks: readonly string[], newline: string): void {
  if (actual === undefined) return;
  const expected = chunks.map((chunk) => chunk + newline).join('');
  if (actual !== expected)
    throw new Error(`a consumer collected the wrong data: ${JSON.stringify(actual.slice(0, 80))}`);
}

/** Sums the durations of the GC pauses Node reports as `gc` performance entries. */
function watchGc(): { stop(): Promise<number> } {
  let total = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) total += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    async stop() {
      await nextTurn(); // entries arrive a turn after their GC
      for (const entry of observer.takeRecords()) total += entry.duration;
      observer.disconnect();
      return total;
    },
  };
}

async function timeOneFullGc(): Promise<number> {
  let duration = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) duration += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  await collectGarbage({ rounds: 1 });
  await nextTurn();
  for (const entry of observer.takeRecords()) duration += entry.duration;
  observer.disconnect();
  return duration;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
