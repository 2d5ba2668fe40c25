import { fromBatches, isFilter, pull, type Filter } from '@siphon/core';
import { describeValue } from '@siphon/core/adapter';
import { ReaderBatches } from './internal/reader-batches.js';

/**
 * Pulls `filter`'s outputs from a `ReadableStream`, as an async iterator. The stream is read in batches:
 * after each wake-up, every chunk the stream already has queued goes through the pipeline in one step,
 * rather than one promise per chunk.
 *
 * The stream is locked on the first `next()`. Leaving the loop early (`break`, `return()`, an error, a
 * stage such as `take` finishing) cancels the stream and releases its lock; so does
 * `await using`. When the stream ends or errors, the lock is released as well. Every filter's cleanup runs
 * exactly once, and a filter's error arrives as a `FilterError`.
 *
 * @example
 * ```ts
 * const response = await fetch('/events.ndjson');
 * for await (const event of pullReadableStream(response.body!, pipe(decodeText(), lines(), map(JSON.parse)))) {
 *   render(event);
 * }
 * ```
 */
export function pullReadableStream<In, Out>(
  stream: ReadableStream<In>,
  filter: Filter<In, Out>,
): AsyncIterableIterator<Out> & AsyncDisposable {
  const ok =
    stream !== null &&
    typeof stream === 'object' &&
    typeof (stream as Partial<ReadableStream>).getReader === 'function';
  if (!ok) {
    throw new TypeError(`pullReadableStream(): stream must be a ReadableStream, got ${describeValue(stream)}`);
  }
  if (!isFilter(filter)) {
    throw new TypeError(`pullReadableStream(): filter is not a Siphon filter, got ${describeValue(filter)}`);
  }
  return pull(fromBatches(new ReaderBatches(stream)), filter);
}
