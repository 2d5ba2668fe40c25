import type { Registry } from './registry.js';
import type { Target } from './targets.js';

/** How big a scenario's input is for each kind of pass. */
export interface Sizes {
  /** `pnpm bench`: the size the issue names. */
  readonly full: number;
  /** `pnpm bench:quick`: a short pass for development. */
  readonly quick: number;
  /** The test suite: each variant runs once, to check its result. */
  readonly test: number;
}

/**
 * One benchmark scenario: an input, a reference result, the variants that must reproduce it, and the
 * targets its ratios are judged against. A scenario file exports one and runs it when executed directly.
 */
export interface Scenario<I, R> {
  /** Short id used in tables and file names: `'W1'`. */
  readonly id: string;
  readonly title: string;
  /** `import.meta.url` of the scenario file, so a child process can load the same scenario. */
  readonly url: string;
  readonly sizes: Sizes;
  /** What a size counts, for the README and tables: `'strings'`, `'bytes'`, `'consumers'`. */
  readonly sizeUnit: string;
  /** Builds the input. Deterministic: the same size gives the same input. */
  prepare(size: number): I;
  /** How many chunks the input feeds (heap allocated is reported per chunk). */
  chunksOf(input: I): number;
  /**
   * When the scenario times more than one kind of work (W4: attaching consumers, and delivering to
   * them), how many chunks `variant`'s run handles, for its throughput and heap allocated per chunk.
   * Defaults to {@link chunksOf}.
   */
  chunksFor?(variant: string, input: I): number;
  /** Bytes of input, when throughput is reported in MiB/s rather than chunks/s. */
  bytesOf?(input: I): number;
  /** The result every variant must return, computed independently of every variant. */
  reference(input: I): R;
  /**
   * The input the result check runs on, when it must differ from the timed one (W2 checks a SHA-256 of
   * every output byte, but its timed runs only count them).
   */
  checkInput?(input: I): I;
  /** True when a run changes its input (W3's long-lived source): every run then gets a fresh input. */
  readonly freshInputPerRun?: boolean;
  /**
   * Called before each variant's timed measurement; the harness then forces full GCs until the heap stops
   * shrinking. For a scenario whose variants leave much behind (W4: 10,000 live consumers, or dropped ones
   * with finalizers pending), so that the next variant does not pay for it in its time. It drops what the
   * previous variant keeps alive.
   */
  beforeEachMeasure?(): void;
  /** Report heap retained after the run and a full GC (W3). */
  readonly reportRetained?: boolean;
  /** The variants; adapters that have not landed are skipped with a note. */
  variants(): Promise<Registry<I, R>>;
  /** The name of the variant all ratios are taken against: the hand-written loop. */
  readonly floor: string;
  /**
   * When the scenario times more than one kind of work, the row `variant`'s "× floor" ratio is taken
   * against: the floor's counterpart doing the same kind of work (W4's naive attach for every attach row).
   * Defaults to {@link floor}.
   */
  floorOf?(variant: string): string;
  readonly targets: readonly Target[];
}

/** Identity helper that checks a scenario literal against {@link Scenario}. */
export function defineScenario<I, R>(scenario: Scenario<I, R>): Scenario<I, R> {
  return scenario;
}
