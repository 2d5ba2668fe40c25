import { isBatchSource, kBatches } from './batch-protocol.js';
import { describeValue } from './describe.js';
import type { AsyncStageSpec, StageSpec, SyncStageSpec } from './stage.js';

export type AnySource = Iterable<unknown> | AsyncIterable<unknown>;

/** True for sources the sync host can run: sync iterables that are not also batch or async sources. */
export function isSyncSource(source: AnySource): source is Iterable<unknown> {
  return typeof (source as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function' && !isBatchSource(source);
}

/** What the async hosts read a source through: its batches when it offers them, else one chunk a read. */
export interface OpenedSource {
  readonly iterator: AsyncIterator<unknown> | Iterator<unknown>;
  readonly batched: boolean;
}

/**
 * Opens a source for an async host. Tests the methods rather than using `in`, which throws for a string:
 * a string is an iterable source like any other.
 */
export function openAsyncSource(source: AnySource): OpenedSource {
  if (isBatchSource(source)) return { iterator: source[kBatches](), batched: true };
  if (typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function') {
    return { iterator: (source as AsyncIterable<unknown>)[Symbol.asyncIterator](), batched: false };
  }
  return { iterator: (source as Iterable<unknown>)[Symbol.iterator](), batched: false };
}

export function assertSource(source: unknown, caller: string): asserts source is AnySource {
  const ok =
    source !== null &&
    (typeof source === 'object' || typeof source === 'function' || typeof source === 'string') &&
    (typeof (source as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function' ||
      typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function');
  if (!ok) {
    throw new TypeError(`${caller}: source must be an Iterable or AsyncIterable, got ${describeValue(source)}`);
  }
}

/** The specs of a pipeline the sync host is asked to run, or a `TypeError` naming its first async stage. */
export function syncSpecs(specs: readonly StageSpec[], caller: string): readonly SyncStageSpec[] {
  const index = specs.findIndex((spec) => spec.kind === 'async');
  if (index === -1) return specs as readonly SyncStageSpec[];
  const spec = specs[index] as AsyncStageSpec;
  throw new TypeError(
    `${caller}: ${spec.name} (stage ${index + 1} of ${specs.length}) is asynchronous and cannot run ` +
      'synchronously; pull from an AsyncIterable source instead (for an array, `fromBatches([array])`)',
  );
}
