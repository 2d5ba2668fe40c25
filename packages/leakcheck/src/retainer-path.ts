import { randomUUID } from 'node:crypto';
import { findRetainers } from './internal/find-retainers.js';
import { formatRetainers } from './internal/format-retainers.js';
import { assertWeakTarget } from './internal/read-options.js';
import { takeHeapSnapshot } from './internal/take-heap-snapshot.js';

/** Holds the probe while the snapshot is taken, so no compiler can treat it as dead. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- written, never read: it only keeps the probe alive
let probeInUse: object | undefined;

/**
 * How `value` is kept alive: the shortest chain of strong references from a GC root to it, read from a
 * heap snapshot and written from the object outwards, e.g.
 * `Foo ← bound onData ← AddLF.callback ← filter (variable of anonymous function) ← Array[0] ← Object.data ← EventEmitter._events ← hub (variable of a suspended async function) ← (root: …)`.
 *
 * Weak references and the caller's own stack are not retainers. `undefined` when nothing else holds the
 * value. Takes a full heap snapshot: slow (about half a second per 100 MB of heap) and synchronous, so keep
 * it for reports of failures.
 *
 * @example
 * ```ts
 * const hub = new EventEmitter();
 * const consumer = new Consumer(hub); // subscribes consumer.onData.bind(consumer)
 * console.log(retainerPath(consumer)); // "Consumer ← bound onData ← Array[1] ← Object.data ← EventEmitter._events ← …"
 * ```
 */
export function retainerPath(value: object): string | undefined {
  assertWeakTarget(value, 'retainerPath()', 'value');
  // The snapshot has no handle on `value`; a property with a unique name is an edge we can find in it.
  const key = `leakcheck_probe_${randomUUID().replaceAll('-', '')}`;
  probeInUse = { [key]: value };
  let graph;
  try {
    graph = takeHeapSnapshot();
  } finally {
    probeInUse = undefined;
  }
  const probeEdges = graph.propertyEdgesNamed(key);
  const first = probeEdges[0];
  if (first === undefined) return undefined;
  const target = graph.edgeTo(first);
  const edges = findRetainers(graph, target, new Set(probeEdges));
  return edges === undefined ? undefined : formatRetainers(graph, target, edges);
}
