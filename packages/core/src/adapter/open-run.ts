import type { Filter } from '../filter.js';
import { openFedRun } from '../internal/fed-run/open-fed-run.js';
import type { FedRun, RunSink } from '../internal/fed-run/run-sink.js';
import { assertFunction } from '../internal/validate.js';
import { describeValue } from '../internal/describe.js';

export type { RunSink } from '../internal/fed-run/run-sink.js';

/** A run of a pipeline that an adapter feeds chunk by chunk; see {@link openRun}. */
export type Run<In> = FedRun<In>;

/**
 * Starts one run of `filter` for a push-style host — a stream transform, an RxJS operator, a web
 * `TransformStream`, anything that is handed chunks and must hand outputs on. This is the single place
 * of the push side's rules, so an adapter is only the translation to its host:
 *
 * - Outputs reach `sink.push` in order. A failure (a filter throwing, the input failing) closes the run
 *   at once; the outputs made before it are pushed first, then `sink.fail(error)`. The end of input
 *   pushes the filters' final outputs, then `sink.end()`. When a stage such as `take` finishes, the same
 *   happens at once, `done` turns true, and later writes are ignored.
 * - Every filter's cleanup runs exactly once, however the run ends, including `close()`.
 * - All-synchronous pipelines run inside `write`, which returns `undefined`; pipelines with async stages
 *   return a promise from `write` that settles when the chunk is taken, and stop making outputs while
 *   `sink.push` returns `false`, until `resume()`.
 * - A handler downstream may write again from inside `push` (re-entrancy): the chunk is taken after the
 *   outputs still going out, never interleaved with them.
 *
 * Throws a `TypeError` naming `caller` when `filter` is not a filter, and a filter's setup error (as a
 * `FilterError`) for all-synchronous pipelines.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const run = openRun(lines(), { push: (line) => void out.push(line), end() {}, fail() {} }, 'myAdapter()');
 * run.write('a\nb');
 * run.end(); // out: ['a', 'b']
 * ```
 */
export function openRun<In, Out>(filter: Filter<In, Out>, sink: RunSink<Out>, caller: string): Run<In> {
  if (typeof caller !== 'string') {
    throw new TypeError(`openRun(): caller must be a string, got ${describeValue(caller)}`);
  }
  if (sink === null || typeof sink !== 'object') {
    throw new TypeError(`${caller}: sink must be an object, got ${describeValue(sink)}`);
  }
  assertFunction(sink.push, caller, 'sink.push');
  assertFunction(sink.end, caller, 'sink.end');
  assertFunction(sink.fail, caller, 'sink.fail');
  return openFedRun<In, Out>(filter, sink, caller);
}
