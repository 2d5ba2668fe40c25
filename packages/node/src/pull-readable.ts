import type { Readable } from 'node:stream';
import { fromBatches, pull, type Filter } from '@siphon/core';
import { assertFilter, describeValue } from '@siphon/core/adapter';
import { ReadableBatches } from './internal/readable-batches.js';

/** Options for {@link pullReadable}. */
export interface PullReadableOptions {
  /**
   * Destroy the readable when the consumer stops early: `break`, `return()`, a filter error, or a stage
   * such as `take` finishing. Set it to `false` to leave a long-lived readable open for the next
   * consumer; chunks already read from it in the batch being processed then stay with the stopped run.
   * @default true
   */
  readonly destroyOnReturn?: boolean;
}

/**
 * Pulls `filter`'s outputs from a Node `Readable` (a socket, a file stream, a `PassThrough`…), reading
 * it in batches: each time the readable wakes the consumer, everything `read()` has buffered goes
 * through the filter in one step, instead of one `for await` turn per chunk.
 *
 * Nothing is read before the first `next()`. The run ends when the readable ends, fails (its error is
 * thrown; a premature close throws `ERR_STREAM_PREMATURE_CLOSE`), on `break`/`return()`, or on a filter
 * error (thrown as a `FilterError`). On every exit the listeners it put on the readable are removed;
 * they hold only a small link to the iterator, never the iterator itself, so a consumer dropped without
 * closing is still collected, and its listeners are removed when it is.
 *
 * @example
 * ```ts
 * import { decodeText, lines, pipe } from '@siphon/core';
 * import { pullReadable } from '@siphon/node';
 *
 * for await (const line of pullReadable(socket, pipe(decodeText(), lines()))) {
 *   if (line === 'QUIT') break; // destroys the socket
 *   console.log(line);
 * }
 *
 * // A long-lived readable that outlives this consumer:
 * for await (const line of pullReadable(logStream, lines(), { destroyOnReturn: false })) if (isDone(line)) break;
 * ```
 */
export function pullReadable<In, Out>(
  readable: Readable,
  filter: Filter<In, Out>,
  options?: PullReadableOptions,
): AsyncIterableIterator<Out> & AsyncDisposable {
  if (!isReadable(readable)) {
    throw new TypeError(`pullReadable(): readable must be a Node Readable stream, got ${describeValue(readable)}`);
  }
  assertFilter(filter, 'pullReadable()');
  // The core's rules for options: undefined is none, anything but a plain object is refused, unknown
  // keys are ignored.
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`pullReadable(): options must be an object, got ${describeValue(options)}`);
  }
  const destroyOnReturn = options.destroyOnReturn ?? true;
  if (typeof destroyOnReturn !== 'boolean') {
    throw new TypeError(
      `pullReadable(): options.destroyOnReturn must be a boolean, got ${describeValue(destroyOnReturn)}`,
    );
  }
  const batches = fromBatches(new ReadableBatches(readable, destroyOnReturn) as AsyncIterable<readonly In[]>);
  return pull<In, Out>(batches, filter);
}

function isReadable(value: unknown): value is Readable {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Partial<Readable>).read === 'function' &&
    typeof (value as Partial<Readable>).on === 'function' &&
    typeof (value as Partial<Readable>).readableObjectMode === 'boolean'
  );
}
