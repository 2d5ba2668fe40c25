import { describe, expectTypeOf, it } from 'vitest';
import { map } from '../filters/map.js';
import { fromBatches } from '../sources/from-batches.js';
import { fromPush, type PushIterator } from '../sources/from-push.js';
import { lines } from '../text/lines.js';
import { collect } from './collect.js';
import { pull } from './pull.js';
import type { AsyncPullIterator, PullIterator } from './pull-iterator.js';
import { pullBatches } from './pull-batches.js';
import { start, type Stepper } from './start.js';

declare const syncSource: Iterable<string>;
declare const asyncSource: AsyncIterable<string>;
declare const eitherSource: Iterable<string> | AsyncIterable<string>;

describe('host types', () => {
  it('pull returns a sync iterator for an Iterable, an async one for an AsyncIterable', () => {
    expectTypeOf(pull(syncSource, lines())).toEqualTypeOf<PullIterator<string>>();
    expectTypeOf(
      pull(
        ['a'],
        map((s: string) => s.length),
      ),
    ).toEqualTypeOf<PullIterator<number>>();
    expectTypeOf(pull(asyncSource, lines())).toEqualTypeOf<AsyncPullIterator<string>>();
    expectTypeOf(pull(fromBatches([['a']]), lines())).toEqualTypeOf<AsyncPullIterator<string>>();
    expectTypeOf(pull(eitherSource, lines())).toEqualTypeOf<PullIterator<string> | AsyncPullIterator<string>>();
  });

  it('the iterators are standard iterators that can always be closed', () => {
    const sync = pull(syncSource, lines());
    expectTypeOf(sync).toMatchTypeOf<IterableIterator<string> & Disposable>();
    expectTypeOf(sync.return()).toEqualTypeOf<IteratorResult<string, undefined>>();
    expectTypeOf(sync[Symbol.iterator]()).toEqualTypeOf<PullIterator<string>>();
    const async = pull(asyncSource, lines());
    expectTypeOf(async).toMatchTypeOf<AsyncIterableIterator<string> & AsyncDisposable>();
    expectTypeOf(async.return()).toEqualTypeOf<Promise<IteratorResult<string, undefined>>>();
    expectTypeOf(fromPush<number>(() => undefined).return()).toEqualTypeOf<
      Promise<IteratorResult<number, undefined>>
    >();
  });

  it('collect returns an array or a promise of one', () => {
    expectTypeOf(collect(syncSource, lines())).toEqualTypeOf<string[]>();
    expectTypeOf(
      collect(
        asyncSource,
        map((s: string) => s.length),
      ),
    ).toEqualTypeOf<Promise<number[]>>();
  });

  it('pullBatches returns batches; start returns a stepper', () => {
    expectTypeOf(pullBatches(asyncSource, lines())).toEqualTypeOf<AsyncPullIterator<readonly string[]>>();
    const stepper = start(map((s: string) => s.length));
    expectTypeOf(stepper).toEqualTypeOf<Stepper<string, number>>();
    expectTypeOf(stepper.push).parameter(0).toEqualTypeOf<string>();
    expectTypeOf(stepper.end()).toEqualTypeOf<readonly number[]>();
  });

  it('rejects a source whose chunks the filter does not accept', () => {
    // @ts-expect-error numbers into a string filter
    pull([1, 2], lines());
    // @ts-expect-error the same for async sources
    collect(fromBatches([[1]]), lines());
    // @ts-expect-error and for the stepper
    start(lines()).push(1);
  });

  it('types the push bridge', () => {
    expectTypeOf(fromPush<number>(() => undefined)).toEqualTypeOf<PushIterator<number>>();
    expectTypeOf(
      pull(
        fromPush<string>(() => undefined),
        lines(),
      ),
    ).toEqualTypeOf<AsyncPullIterator<string>>();
  });
});
