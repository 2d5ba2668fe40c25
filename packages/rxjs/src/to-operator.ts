import type { Filter } from '@siphon/core';
import { assertFilter } from '@siphon/core/adapter';
import { Observable, type OperatorFunction } from 'rxjs';
import { RunObserver } from './internal/run-observer.js';

/**
 * Runs a Siphon filter as an RxJS operator, so the same pipeline that `pull` and `collect` run drops into
 * `observable.pipe(...)`.
 *
 * Each subscription starts a fresh run of the filter: a filter value is a recipe, and one operator can be
 * used by any number of subscriptions at once. Every output goes downstream in order; when the source
 * completes, the filter's end outputs (a partial last line, say) are emitted and then `complete`. An
 * error from the source, or a filter's `FilterError`, is sent as `error`. When a stage such as `take`
 * finishes, the operator completes and unsubscribes from the source, synchronous sources included.
 * However the subscription ends, every filter's cleanup runs exactly once.
 *
 * All-synchronous pipelines run inline, value by value, with no scheduling: they behave like the
 * equivalent chain of RxJS operators, re-entrant emissions included. Pipelines with async stages
 * (`mapAsync`) buffer the source's values (RxJS has no backpressure, so without bound, as `concatMap`
 * does) and emit their outputs in input order, asynchronously. A failure sends the outputs made before
 * it, then `error`, with or without async stages.
 *
 * The operator holds its subscriber, as every RxJS operator must; the filters never do.
 *
 * @throws TypeError when `filter` is not a Siphon filter.
 *
 * @example
 * ```ts
 * socketData$.pipe(toOperator(pipe(decodeText(), lines(), filter((line) => line !== '')))).subscribe(handleLine);
 *
 * ids$.pipe(toOperator(mapAsync((id: string) => fetchUser(id), { concurrency: 4 }))).subscribe(show);
 * ```
 */
export function toOperator<In, Out>(filter: Filter<In, Out>): OperatorFunction<In, Out> {
  assertFilter(filter, 'toOperator()');
  return (source) =>
    new Observable<Out>((subscriber) => {
      const upstream = new RunObserver(subscriber, filter);
      subscriber.add(upstream);
      // A pipeline that needs no input (`take(0)`) completes without subscribing, as `take(0)` does.
      if (upstream.done) upstream.complete();
      else source.subscribe(upstream);
    });
}
