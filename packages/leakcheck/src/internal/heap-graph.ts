/** The parts of a V8 `.heapsnapshot` file this package reads. */
interface RawSnapshot {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: readonly string[];
      readonly node_types: readonly [readonly string[], ...unknown[]];
      readonly edge_fields: readonly string[];
      readonly edge_types: readonly [readonly string[], ...unknown[]];
    };
  };
  readonly nodes: readonly number[];
  readonly edges: readonly number[];
  readonly strings: readonly string[];
}

/**
 * A heap snapshot as a graph of node and edge ordinals, with each node's incoming edges indexed so a search
 * can walk from an object towards the roots.
 */
export class HeapGraph {
  readonly nodeCount: number;
  readonly #raw: RawSnapshot;
  readonly #nodeFields: number;
  readonly #edgeFields: number;
  readonly #nodeTypeAt: number;
  readonly #nodeNameAt: number;
  readonly #edgeTypeAt: number;
  readonly #edgeNameAt: number;
  readonly #edgeToAt: number;
  readonly #nodeTypes: readonly string[];
  readonly #edgeTypes: readonly string[];
  /** Per node, where its outgoing edges start (edge ordinals); one extra slot for the end. */
  readonly #firstEdge: Uint32Array;
  /** Per node, where its incoming edges start in `#incoming`; one extra slot for the end. */
  readonly #firstIncoming: Uint32Array;
  readonly #incoming: Uint32Array;
  /** Per edge ordinal, the node it leaves from. */
  readonly #edgeFrom: Uint32Array;

  constructor(raw: RawSnapshot) {
    const meta = raw.snapshot.meta;
    this.#raw = raw;
    this.#nodeFields = meta.node_fields.length;
    this.#edgeFields = meta.edge_fields.length;
    this.#nodeTypeAt = meta.node_fields.indexOf('type');
    this.#nodeNameAt = meta.node_fields.indexOf('name');
    const edgeCountAt = meta.node_fields.indexOf('edge_count');
    this.#edgeTypeAt = meta.edge_fields.indexOf('type');
    this.#edgeNameAt = meta.edge_fields.indexOf('name_or_index');
    this.#edgeToAt = meta.edge_fields.indexOf('to_node');
    this.#nodeTypes = meta.node_types[0];
    this.#edgeTypes = meta.edge_types[0];

    const nodeCount = raw.nodes.length / this.#nodeFields;
    const edgeCount = raw.edges.length / this.#edgeFields;
    this.nodeCount = nodeCount;
    this.#firstEdge = new Uint32Array(nodeCount + 1);
    this.#edgeFrom = new Uint32Array(edgeCount);
    const incomingCount = new Uint32Array(nodeCount + 1);
    for (let node = 0, edge = 0; node < nodeCount; node++) {
      this.#firstEdge[node] = edge;
      const end = edge + (raw.nodes[node * this.#nodeFields + edgeCountAt] ?? 0);
      for (; edge < end; edge++) {
        this.#edgeFrom[edge] = node;
        incomingCount[this.edgeTo(edge)]!++;
      }
    }
    this.#firstEdge[nodeCount] = edgeCount;
    this.#firstIncoming = new Uint32Array(nodeCount + 1);
    for (let node = 0; node < nodeCount; node++) {
      this.#firstIncoming[node + 1] = this.#firstIncoming[node]! + incomingCount[node]!;
    }
    this.#incoming = new Uint32Array(edgeCount);
    const next = this.#firstIncoming.slice(0, nodeCount);
    for (let edge = 0; edge < edgeCount; edge++) this.#incoming[next[this.edgeTo(edge)]!++] = edge;
  }

  nodeType(node: number): string {
    return this.#nodeTypes[this.#raw.nodes[node * this.#nodeFields + this.#nodeTypeAt]!] ?? 'unknown';
  }

  nodeName(node: number): string {
    return this.#raw.strings[this.#raw.nodes[node * this.#nodeFields + this.#nodeNameAt]!] ?? '';
  }

  edgeType(edge: number): string {
    return this.#edgeTypes[this.#raw.edges[edge * this.#edgeFields + this.#edgeTypeAt]!] ?? 'unknown';
  }

  /** A property or variable name, or an element index as a string. */
  edgeName(edge: number): string {
    const value = this.#raw.edges[edge * this.#edgeFields + this.#edgeNameAt]!;
    const type = this.edgeType(edge);
    return type === 'element' || type === 'hidden' ? String(value) : (this.#raw.strings[value] ?? '');
  }

  edgeFrom(edge: number): number {
    return this.#edgeFrom[edge]!;
  }

  edgeTo(edge: number): number {
    return this.#raw.edges[edge * this.#edgeFields + this.#edgeToAt]! / this.#nodeFields;
  }

  /** Edge ordinals leaving `node`. */
  *outgoing(node: number): Generator<number> {
    for (let edge = this.#firstEdge[node]!; edge < this.#firstEdge[node + 1]!; edge++) yield edge;
  }

  /** Edge ordinals arriving at `node`. */
  *incoming(node: number): Generator<number> {
    for (let at = this.#firstIncoming[node]!; at < this.#firstIncoming[node + 1]!; at++) yield this.#incoming[at]!;
  }

  /** Property edges named `name`, from any node: the way to find an object planted before the snapshot. */
  propertyEdgesNamed(name: string): number[] {
    const nameIndex = this.#raw.strings.indexOf(name);
    if (nameIndex < 0) return [];
    const found: number[] = [];
    const edges = this.#raw.edges;
    for (let at = 0; at < edges.length; at += this.#edgeFields) {
      if (edges[at + this.#edgeNameAt] === nameIndex) {
        const edge = at / this.#edgeFields;
        if (this.edgeType(edge) === 'property') found.push(edge);
      }
    }
    return found;
  }
}

/** Parses the JSON text of a `.heapsnapshot` file. */
export function parseHeapSnapshot(text: string): HeapGraph {
  return new HeapGraph(JSON.parse(text) as RawSnapshot);
}
