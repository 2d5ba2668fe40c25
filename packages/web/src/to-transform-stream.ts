import type { Filter } from '@siphon/core';
import { transformerCancelSupported } from './internal/cancel-support.js';
import { describeValue } from '@siphon/core/adapter';
import { FilterTransformer } from './internal/filter-transformer.js';
import { transformPair } from './internal/transform-pair.js';

/** Options for {@link toTransformStream}. */
export interface ToTransformStreamOptions<In, Out> {
  /**
   * How many input chunks (or how much input, with a `size`) the writable side queues before writers see
   * backpressure.
   * @default `{ highWaterMark: 1 }`, as for any TransformStream
   */
  readonly writableStrategy?: QueuingStrategy<In>;
  /**
   * How many outputs the readable side queues before the filter stops taking input.
   * @default `{ highWaterMark: 0 }`, as for any TransformStream: nothing is produced ahead of a read
   */
  readonly readableStrategy?: QueuingStrategy<Out>;
}

/**
 * Runs `filter` as a WHATWG transform stream, for `pipeThrough` in browsers, Deno, Bun, Node and workers.
 * Each call starts one run with fresh filter state.
 *
 * - Every chunk written goes through the pipeline; its outputs are enqueued on the readable side in
 *   order. Closing the writable side flushes the filters' final outputs (a partial last line, say).
 * - When a stage such as `take` has finished, the readable side closes and the writable side errors, so a
 *   pipe feeding it cancels its source.
 * - A filter's error errors both sides with a `FilterError`, after the outputs made before it (the
 *   earlier lines of a chunk that `lines` split), with or without async stages.
 * - Cancelling the readable side or aborting the writable side tears the run down: every filter's cleanup
 *   runs exactly once, whichever way the run ends.
 * - Pipelines with async stages (`mapAsync`) keep input order and backpressure: a chunk waits in the
 *   writable side's queue until the pipeline takes it.
 *
 * Where the runtime's TransformStream does not call a transformer's `cancel` (browsers, today), the result
 * is an equivalent pair of a `ReadableStream` and a `WritableStream` in front of the runtime's own
 * TransformStream, so that cancel and abort still reach the filters. It works with `pipeThrough` like any TransformStream,
 * but is not an `instanceof TransformStream` there.
 *
 * @example
 * ```ts
 * const response = await fetch('/log.txt');
 * const crlf = response.body!.pipeThrough(
 *   toTransformStream(pipe(decodeText(), lines({ keepEnds: true }), normalizeNewlines('\r\n'), encodeText())),
 * );
 * ```
 */
export function toTransformStream<In, Out>(
  filter: Filter<In, Out>,
  options?: ToTransformStreamOptions<In, Out>,
): TransformStream<In, Out> {
  // The core's rules for options: undefined is none, anything but a plain object is refused, each
  // option's type is checked, unknown keys are ignored (as WHATWG dictionaries ignore them).
  if (options === undefined) options = {};
  if (!isObject(options)) throw invalid('options', 'an object', describeValue(options));
  const { writableStrategy, readableStrategy } = options;
  assertStrategy(writableStrategy, 'options.writableStrategy');
  assertStrategy(readableStrategy, 'options.readableStrategy');
  const transformer = new FilterTransformer(filter, 'toTransformStream()', readableStrategy?.highWaterMark ?? 0);
  try {
    if (transformerCancelSupported())
      return new TransformStream<In, Out>(transformer, writableStrategy, readableStrategy);
    return transformPair(transformer, writableStrategy, readableStrategy) as TransformStream<In, Out>;
  } catch (error) {
    // A strategy the streams refused: release the run that will never flow, then report the refusal.
    try {
      void Promise.resolve(transformer.cancel()).catch(() => undefined);
    } catch {
      // The strategy's error is the one to report.
    }
    throw error;
  }
}

/**
 * A queuing strategy as the streams standard reads it, checked before the run opens so that the error
 * names this function: an object whose `highWaterMark`, if set, is a number ≥ 0 and whose `size`, if
 * set, is a function.
 */
function assertStrategy(strategy: unknown, name: string): void {
  if (strategy === undefined) return;
  if (!isObject(strategy)) throw invalid(name, 'an object', describeValue(strategy));
  const { highWaterMark, size } = strategy as QueuingStrategy;
  if (highWaterMark !== undefined) {
    if (typeof highWaterMark !== 'number') {
      throw invalid(`${name}.highWaterMark`, 'a number', describeValue(highWaterMark));
    }
    // Written so that NaN fails too.
    if (!(highWaterMark >= 0))
      throw invalid(`${name}.highWaterMark`, 'a number ≥ 0', String(highWaterMark), RangeError);
  }
  if (size !== undefined && typeof size !== 'function') {
    throw invalid(`${name}.size`, 'a function', describeValue(size));
  }
}

function isObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The one shape of this function's input errors: what, what it must be, what it got. */
function invalid(what: string, expected: string, got: string, type: ErrorConstructor = TypeError): Error {
  return new type(`toTransformStream(): ${what} must be ${expected}, got ${got}`);
}
