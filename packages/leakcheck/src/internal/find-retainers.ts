import type { HeapGraph } from './heap-graph.js';

/** GC roots that only say "running code holds it": the search's own frames, never the leak. */
const IGNORED_ROOTS = new Set(['(Stack roots)', '(Handle scope)']);
/** Strong-root slots that only exist because the object was just looked at (`WeakRef.deref()`). */
const IGNORED_EDGES = new Set(['weak_refs_keep_during_job']);

/**
 * The shortest chain of strong edges from a GC root down to `target`, as edge ordinals ordered from the
 * target upwards (the first edge points at `target`, the last leaves the snapshot's root node). Weak and
 * shortcut edges, the `ignored` edges (the probe's own hold on the target) and stack roots are not followed.
 * `undefined` when nothing but those holds the target.
 */
export function findRetainers(graph: HeapGraph, target: number, ignored: ReadonlySet<number>): number[] | undefined {
  const ROOT = 0;
  const via = new Int32Array(graph.nodeCount).fill(-1);
  const seen = new Uint8Array(graph.nodeCount);
  seen[target] = 1;
  let frontier = [target];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const node of frontier) {
      for (const edge of graph.incoming(node)) {
        const holder = graph.edgeFrom(edge);
        if (seen[holder] === 1 || ignored.has(edge) || !followable(graph, edge, holder)) continue;
        seen[holder] = 1;
        via[holder] = edge;
        if (holder === ROOT) return chain(graph, via, ROOT, target);
        next.push(holder);
      }
    }
    frontier = next;
  }
  return undefined;
}

function followable(graph: HeapGraph, edge: number, holder: number): boolean {
  const type = graph.edgeType(edge);
  if (type === 'weak' || type === 'shortcut') return false;
  if (IGNORED_EDGES.has(graph.edgeName(edge))) return false;
  return !(graph.nodeType(holder) === 'synthetic' && IGNORED_ROOTS.has(graph.nodeName(holder)));
}

function chain(graph: HeapGraph, via: Int32Array, root: number, target: number): number[] {
  const edges: number[] = [];
  for (let node = root; node !== target;) {
    const edge = via[node]!;
    edges.push(edge);
    node = graph.edgeTo(edge);
  }
  return edges.reverse();
}
