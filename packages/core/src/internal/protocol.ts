import { ChunkTypeError } from './check-chunk.js';
import { Final, Many, Signal, SKIP } from './stage.js';

/**
 * The key every copy of `@siphon/core` marks its filters with. It comes from the global symbol registry,
 * so two copies in one program (the ESM and the CommonJS build, two versions in `node_modules`) share it
 * and recognise each other's filters, where `instanceof` sees only its own copy's class.
 */
export const FILTER_BRAND: unique symbol = Symbol.for('siphon.filter') as typeof FILTER_BRAND;

/**
 * The version of what a filter carries and what its stages return. Version 1 is:
 * - a filter is an object with `name` (a string) and `specs`, the flat list of its stages
 *   (`SyncStageSpec`/`AsyncStageSpec` in `stage.ts`), and its {@link FILTER_BRAND} is a {@link Protocol};
 * - a sync stage's `create()` returns an object with `step(chunk, index)`, `end`, `cleanup`,
 *   `finishedAtStart` and `mayEmitSignal` (a `Stage`); `step` returns an output, the protocol's `skip`,
 *   or one of its `Many`/`Final` objects, and may throw its `ChunkTypeError`;
 * - an async stage's `open()` returns `{ call(value, index), cleanup? }`;
 * - a batched source has a `Symbol.for('siphon.batches')` method returning an async iterator of arrays.
 * Any change to these shapes takes a new version: copies of another version then refuse each other's
 * filters with a message that says so, rather than misreading them.
 */
export const PROTOCOL_VERSION = 1;

/** What a filter's brand holds: its protocol version and the values its stages' results are made of. */
export interface Protocol {
  readonly version: number;
  readonly skip: symbol;
  readonly Signal: abstract new (...args: never[]) => object;
  readonly Many: new (...args: never[]) => { readonly items: readonly unknown[] };
  readonly Final: new (...args: never[]) => { readonly result: unknown };
  readonly ChunkTypeError: new (...args: never[]) => ChunkTypeError;
}

/** This copy's protocol. */
export const PROTOCOL: Protocol = Object.freeze({
  version: PROTOCOL_VERSION,
  skip: SKIP,
  Signal,
  Many,
  Final,
  ChunkTypeError,
});

/**
 * The brand of a value marked as a filter by any copy of the core, or `undefined`. A brand that is not a
 * protocol object at all counts as an unknown version (`NaN`), so it is refused rather than misread.
 */
export function brandOf(value: unknown): Protocol | { readonly version: number } | undefined {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  const brand = (value as { [FILTER_BRAND]?: unknown })[FILTER_BRAND];
  if (brand === undefined) return undefined;
  const version = (brand as { version?: unknown } | null)?.version;
  return typeof version === 'number' ? (brand as { readonly version: number }) : { version: NaN };
}
