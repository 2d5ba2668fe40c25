import { lines, map, mapAsync, pipe, type Filter, type PushIterator } from '@siphon/core';
import { Observable, of, Subject, type OperatorFunction } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { fromObservable, toObservable, toOperator, type FromObservableOptions } from './index.js';

declare const text$: Observable<string>;
declare const bytes$: Observable<Uint8Array>;

describe('@siphon/rxjs types', () => {
  it('toOperator turns Filter<In, Out> into OperatorFunction<In, Out>, and types flow through pipe()', () => {
    expectTypeOf(toOperator(lines())).toEqualTypeOf<OperatorFunction<string, string>>();
    expectTypeOf(
      toOperator(
        pipe(
          lines(),
          map((line) => line.length),
        ),
      ),
    ).toEqualTypeOf<OperatorFunction<string, number>>();
    expectTypeOf(text$.pipe(toOperator(map((s: string) => s.length)))).toEqualTypeOf<Observable<number>>();
    expectTypeOf(text$.pipe(toOperator(mapAsync(async (s: string) => [s])))).toEqualTypeOf<Observable<string[]>>();
  });

  it('rejects a filter that does not accept what the observable emits', () => {
    // @ts-expect-error a string filter on a stream of bytes
    bytes$.pipe(toOperator(lines()));
  });

  it('rejects a filter factory passed instead of a filter', () => {
    // @ts-expect-error `lines` is the factory; `lines()` is the filter
    toOperator(lines);
  });

  it('fromObservable returns a PushIterator of the values, and takes the push-bridge options', () => {
    expectTypeOf(fromObservable(text$)).toEqualTypeOf<PushIterator<string>>();
    expectTypeOf(fromObservable(new Subject<number>(), { highWaterMark: 10, overflow: 'drop-oldest' })).toEqualTypeOf<
      PushIterator<number>
    >();
    expectTypeOf<FromObservableOptions['overflow']>().toEqualTypeOf<
      'error' | 'drop-oldest' | 'drop-newest' | undefined
    >();
    // @ts-expect-error not an overflow policy
    fromObservable(text$, { overflow: 'drop' });
    // @ts-expect-error not an observable
    fromObservable([1, 2]);
  });

  it('toObservable takes iterables and async iterables', () => {
    expectTypeOf(toObservable([1, 2])).toEqualTypeOf<Observable<number>>();
    expectTypeOf(toObservable(fromObservable(of('a')))).toEqualTypeOf<Observable<string>>();
    // @ts-expect-error a number is not iterable
    toObservable(3);
  });

  it('keeps Filter variance: a filter of a wider input fits a narrower stream', () => {
    const anyToString: Filter<unknown, string> = map((value: unknown) => String(value));
    expectTypeOf(text$.pipe(toOperator(anyToString))).toEqualTypeOf<Observable<string>>();
  });
});
