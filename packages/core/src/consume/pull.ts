import type { Filter } from '../filter.js';
import { asyncCore } from '../internal/async-core.js';
import { AsyncPull } from '../internal/async-iterators.js';
import { specsOf } from '../internal/recipe.js';
import { takeOverPush } from '../internal/push/take-over.js';
import { assertSource, isSyncSource, syncSpecs } from '../internal/source.js';
import { SyncRun } from '../internal/sync-run.js';
import type { AsyncPullIterator, PullIterator } from './pull-iterator.js';

/**
 * Runs `filter` over `source` and returns an iterator the consumer pulls outputs from.
 *
 * An `Iterable` source gives an `IterableIterator` that runs synchronously, with no promises anywhere;
 * an `AsyncIterable` source gives an `AsyncIterableIterator`. Nothing is read from the source before the
 * first `next()`. The run ends, closing the source and running every filter's cleanup exactly once, when
 * the outputs are exhausted, on `break`/`return()`, on `Symbol.dispose`/`Symbol.asyncDispose`, or when a
 * filter or the source throws. A filter's error arrives as a {@link FilterError}, after any outputs made
 * before it (the earlier lines of a chunk that `lines` split, the earlier chunks of a batch).
 *
 * Over a push source (`fromPush`, `fromEvent`, `fromObservable`), an all-synchronous pipeline runs as
 * each value arrives, on the source's side, and the iterator's buffer holds its outputs; `drain()` takes
 * what is ready without waiting. Read from the iterator `pull` returns, not from the one it was given.
 *
 * The iterator holds the run; nothing in the run holds the iterator or its consumer.
 *
 * @example
 * ```ts
 * for (const line of pull(['ab\nc', 'd\n'], lines())) console.log(line); // 'ab', 'cd'
 *
 * for await (const line of pull(socket, pipe(decodeText(), lines()))) handle(line);
 * ```
 */
export function pull<In, Out>(source: Iterable<In>, filter: Filter<In, Out>): PullIterator<Out>;
export function pull<In, Out>(source: AsyncIterable<In>, filter: Filter<In, Out>): AsyncPullIterator<Out>;
export function pull<In, Out>(
  source: Iterable<In> | AsyncIterable<In>,
  filter: Filter<In, Out>,
): PullIterator<Out> | AsyncPullIterator<Out>;
export function pull(
  source: Iterable<unknown> | AsyncIterable<unknown>,
  filter: Filter<unknown, unknown>,
): PullIterator<unknown> | AsyncPullIterator<unknown> {
  assertSource(source, 'pull()');
  const specs = specsOf(filter, 'pull()');
  if (isSyncSource(source)) return new SyncRun(source, syncSpecs(specs, 'pull()'));
  return takeOverPush(source, specs, false) ?? new AsyncPull(asyncCore(source, specs));
}
