import type { HeapGraph } from './heap-graph.js';

/** Node types that are storage, not something a reader would name: backing arrays, code, hidden classes. */
const STORAGE_TYPES = new Set([
  'array',
  'code',
  'object shape',
  'number',
  'string',
  'concatenated string',
  'sliced string',
]);

/** Long paths keep this many links nearest the object (where leaks are made) and nearest the root. */
const HEAD_LINKS = 10;
const TAIL_LINKS = 3;

/**
 * Renders a retainer chain (edges from the target upwards, as `findRetainers` returns them) as
 * `Foo ← bound onData ← AddLF.callback ← filter (variable of listener) ← Array[0] ← … ← (root: …)`: each link
 * names the holder and the property, index or variable it holds the previous link by. Engine storage
 * (backing arrays, contexts, hidden classes) is folded into the link that owns it.
 */
export function formatRetainers(graph: HeapGraph, target: number, edges: readonly number[]): string {
  const links = [nodeLabel(graph, target)];
  let index: string | undefined;
  for (let at = 0; at < edges.length; at++) {
    const edge = edges[at]!;
    const holder = graph.edgeFrom(edge);
    const edgeType = graph.edgeType(edge);
    const edgeName = graph.edgeName(edge);
    let link: string | undefined;
    if (graph.nodeType(holder) === 'synthetic') {
      links.push(rootLabel(graph, holder));
      break;
    } else if (isContext(graph, holder) && (edgeType === 'context' || edgeType === 'hidden')) {
      // A hidden slot is a variable V8 did not name in the snapshot (module-level bindings, for one).
      const variable = edgeType === 'context' ? `${edgeName} ` : '';
      const owner = contextOwner(graph, edges[at + 1]);
      link = owner === undefined ? `${variable}(closure variable)` : `${variable}(variable of ${owner})`;
      if (owner !== undefined) at++;
    } else if (edgeName.includes('part of key')) {
      link = 'WeakMap value'; // an ephemeron: the key is alive, so the map keeps the value
    } else if (isStorage(graph, holder)) {
      if (edgeType === 'element') index = `[${edgeName}]`;
      continue;
    } else if (isContext(graph, holder)) {
      continue; // a context's link to its parent or module: the variable link above already said where
    } else if (boundTarget(graph, holder) !== undefined && edgeType === 'internal') {
      link = `bound ${boundTarget(graph, holder)}`;
    } else if (edgeType === 'property') {
      link = `${nodeLabel(graph, holder)}.${edgeName}`;
    } else if (edgeType === 'element') {
      link = `${nodeLabel(graph, holder)}[${edgeName}]`;
    } else {
      link = `${nodeLabel(graph, holder)}${index ?? ''}`;
    }
    index = undefined;
    if (link !== links[links.length - 1]) links.push(link);
  }
  const shown =
    links.length > HEAD_LINKS + TAIL_LINKS + 1
      ? [...links.slice(0, HEAD_LINKS), '…', ...links.slice(-TAIL_LINKS)]
      : links;
  return shown.join(' ← ');
}

function nodeLabel(graph: HeapGraph, node: number): string {
  const name = graph.nodeName(node).replace(/^system \/ /, '');
  switch (graph.nodeType(node)) {
    case 'closure': {
      const bound = boundTarget(graph, node);
      if (bound !== undefined) return `bound ${bound}`;
      return name === '' ? 'anonymous function' : `${name}()`;
    }
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return 'string';
    default:
      return name === '' ? graph.nodeType(node) : name;
  }
}

function isStorage(graph: HeapGraph, node: number): boolean {
  const type = graph.nodeType(node);
  if (STORAGE_TYPES.has(type)) return true;
  const name = graph.nodeName(node);
  return type === 'hidden' && (name === '' || name.startsWith('('));
}

function isContext(graph: HeapGraph, node: number): boolean {
  return graph.nodeName(node) === 'system / Context';
}

/** For a bound function, the name of the function it binds (`onData` for `this.onData.bind(this)`). */
function boundTarget(graph: HeapGraph, node: number): string | undefined {
  if (graph.nodeType(node) !== 'closure') return undefined;
  for (const edge of graph.outgoing(node)) {
    if (graph.edgeName(edge) === 'bound_function') {
      const name = graph.nodeName(graph.edgeTo(edge));
      return name === '' ? 'anonymous function' : name;
    }
  }
  return undefined;
}

/** Who owns a context, when `edge` (the next link up) is a function's or a suspended call's hold on it. */
function contextOwner(graph: HeapGraph, edge: number | undefined): string | undefined {
  if (edge === undefined || graph.edgeName(edge) !== 'context') return undefined;
  const owner = graph.edgeFrom(edge);
  if (graph.nodeType(owner) === 'closure') return nodeLabel(graph, owner);
  const name = graph.nodeName(owner);
  if (name === 'Generator' || name.includes('AsyncFunction')) return 'a suspended async function';
  return undefined;
}

function rootLabel(graph: HeapGraph, holder: number): string {
  // The chain ends at a root category such as `(Strong roots)` or `(Global handles)`; its slot names are
  // engine internals that say nothing to a reader.
  return `(GC root: ${graph.nodeName(holder).replace(/^\((.*)\)$/, '$1')})`;
}
