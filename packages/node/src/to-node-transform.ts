import type { Transform } from 'node:stream';
import type { Filter } from '@siphon/core';
import { assertFilter, describeValue } from '@siphon/core/adapter';
import { FilterTransform } from './internal/filter-transform.js';

/** Options for {@link toNodeTransform}. */
export interface NodeTransformOptions {
  /**
   * `'object'`: any value but `null` goes in and comes out, and `highWaterMark` counts chunks.
   * `'bytes'`: `Buffer`s go in (a written string is encoded first, as Node does), the filter must output
   * `Uint8Array`s, and `highWaterMark` counts bytes.
   * @default 'object'
   */
  readonly mode?: 'object' | 'bytes';
  /**
   * How much each side buffers before backpressure applies, in chunks or bytes according to `mode`.
   * @default Node's default for the mode
   */
  readonly highWaterMark?: number;
  /** Aborting it destroys the transform with an `AbortError`, as Node's own `signal` option does. */
  readonly signal?: AbortSignal;
}

/**
 * Wraps a filter as a Node `Transform`, for `stream.pipeline()`, `stream/promises`' `pipeline`, `.pipe()`
 * and `stream.compose()`. Each transform is one run of the filter, with its own fresh state.
 *
 * Backpressure is Node's own: a write's outputs are pushed before its callback runs, so a slow reader
 * holds up the writer once `highWaterMark` is reached. The filter's final outputs (a last unterminated
 * line, say) are pushed when the input ends. A filter error destroys the stream with the core's
 * `FilterError`, which `pipeline()`'s callback receives. `destroy()`, an aborted `signal`, or an abort
 * of the `pipeline()` it is in run every stage's cleanup exactly once. When a stage such as `take`
 * finishes, the readable side ends at once and later writes are accepted and dropped, so the pipeline
 * still completes; to stop reading the source itself, use the filter as a pipeline stage,
 * `(source) => pull(source, filter)`, or {@link pullReadable}.
 *
 * Filters with async stages (`mapAsync`) work too: their outputs keep the input's order, and the writer
 * waits while the pipeline is busy.
 *
 * @example
 * ```ts
 * import { pipeline } from 'node:stream/promises';
 * import { decodeText, encodeText, lines, map, pipe } from '@siphon/core';
 * import { toNodeTransform } from '@siphon/node';
 *
 * await pipeline(
 *   fs.createReadStream('in.log'),
 *   toNodeTransform(pipe(decodeText(), lines(), map((line) => `${line.trimEnd()}\n`), encodeText()), { mode: 'bytes' }),
 *   fs.createWriteStream('out.log'),
 * );
 * ```
 */
export function toNodeTransform<In, Out>(
  filter: Filter<In, Out>,
  options?: NodeTransformOptions & { readonly mode?: 'object' },
): Transform;
export function toNodeTransform(
  filter: Filter<Buffer, Uint8Array>,
  options: NodeTransformOptions & { readonly mode: 'bytes' },
): Transform;
export function toNodeTransform(filter: Filter<never, unknown>, options?: NodeTransformOptions): Transform {
  assertFilter(filter, 'toNodeTransform()');
  // The same rules as the core's options: undefined is none, anything but a plain object is refused,
  // each option's type is checked, unknown keys are ignored (as Node's own streams ignore them).
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`toNodeTransform(): options must be an object, got ${describeValue(options)}`);
  }
  const { mode = 'object', highWaterMark, signal } = options;
  if (mode !== 'object' && mode !== 'bytes') {
    throw new RangeError(`toNodeTransform(): options.mode must be 'object' or 'bytes', got ${JSON.stringify(mode)}`);
  }
  if (highWaterMark !== undefined && typeof highWaterMark !== 'number') {
    throw new TypeError(
      `toNodeTransform(): options.highWaterMark must be a number, got ${describeValue(highWaterMark)}`,
    );
  }
  if (highWaterMark !== undefined && !(Number.isInteger(highWaterMark) && highWaterMark >= 0)) {
    throw new RangeError(
      `toNodeTransform(): options.highWaterMark must be a whole number ≥ 0, got ${String(highWaterMark)}`,
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`toNodeTransform(): options.signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
  return new FilterTransform(filter, { bytes: mode === 'bytes', highWaterMark, signal });
}
