import {
  batch,
  collect,
  defineFilter,
  distinctUntilChanged,
  drop,
  dropWhile,
  filter,
  FilterError,
  flatMap,
  lines,
  map,
  mapAsync,
  pipe,
  scan,
  take,
  takeWhile,
  tap,
  type Filter,
} from '@siphon/core';
import * as rx from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { toOperator } from './to-operator.js';

type Kind = 'hot' | 'cold';
type Notification = readonly [frame: number, kind: 'N' | 'E' | 'C', value?: unknown];

const letters = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 };

function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/**
 * Runs `operator` over a hot or cold marble source on a TestScheduler and records what a subscriber saw
 * (frame by frame) and when the source was subscribed and unsubscribed. `unsubscribe` is a time marble
 * such as `'----|'`: the subscriber unsubscribes at that frame, mid-stream.
 */
function record(
  kind: Kind,
  marbles: string,
  operator: rx.OperatorFunction<number, unknown>,
  unsubscribe?: string,
): { notifications: Notification[]; subscriptions: unknown[] } {
  const scheduler = newScheduler();
  return scheduler.run(({ cold, hot, time }) => {
    const source = kind === 'hot' ? hot(marbles, letters, boom) : cold(marbles, letters, boom);
    const notifications: Notification[] = [];
    const subscription = source.pipe(operator).subscribe({
      next: (value) => notifications.push([scheduler.now(), 'N', value]),
      error: (error) => notifications.push([scheduler.now(), 'E', error]),
      complete: () => notifications.push([scheduler.now(), 'C']),
    });
    if (unsubscribe !== undefined) scheduler.schedule(() => subscription.unsubscribe(), time(unsubscribe));
    return {
      notifications,
      get subscriptions() {
        return source.subscriptions;
      },
    };
  });
}

const boom = new Error('boom');

/** `toOperator(filter)`, with a `FilterError` replaced by its cause so it compares with what RxJS sends. */
function siphon<In, Out>(f: Filter<In, Out>, filterErrors: FilterError[] = []): rx.OperatorFunction<In, Out> {
  return (source) =>
    source.pipe(
      toOperator(f),
      rx.catchError((error: unknown) => {
        if (!(error instanceof FilterError)) return rx.throwError(() => error);
        filterErrors.push(error);
        return rx.throwError(() => error.cause);
      }),
    );
}

const throwOn3 = (x: number): number => {
  if (x === 3) throw boom;
  return x;
};

/** The same computation as a Siphon filter and as RxJS operators. */
const equivalents: ReadonlyArray<{
  name: string;
  siphon: Filter<number, unknown>;
  rxjs: rx.OperatorFunction<number, unknown>;
}> = [
  {
    name: 'map, filter',
    siphon: pipe(
      map((x: number) => x * 10),
      filter((x) => x % 20 === 0),
    ),
    rxjs: rx.pipe(
      rx.map((x: number) => x * 10),
      rx.filter((x) => x % 20 === 0),
    ),
  },
  {
    name: 'map, filter, take',
    siphon: pipe(
      map((x: number) => x + 1),
      filter((x) => x !== 3),
      take(2),
    ),
    rxjs: rx.pipe(
      rx.map((x: number) => x + 1),
      rx.filter((x) => x !== 3),
      rx.take(2),
    ),
  },
  { name: 'take(0)', siphon: take<number>(0), rxjs: rx.take(0) },
  {
    name: 'scan, drop, distinctUntilChanged',
    siphon: pipe(
      scan((sum: number, x: number) => sum + (x % 2), 0),
      drop(1),
      distinctUntilChanged(),
    ),
    rxjs: rx.pipe(
      rx.scan((sum: number, x: number) => sum + (x % 2), 0),
      rx.skip(1),
      rx.distinctUntilChanged(),
    ),
  },
  {
    name: 'takeWhile, dropWhile',
    siphon: pipe(
      dropWhile((x: number) => x < 2),
      takeWhile((x) => x < 4),
    ),
    rxjs: rx.pipe(
      rx.skipWhile((x: number) => x < 2),
      rx.takeWhile((x) => x < 4),
    ),
  },
  {
    name: 'takeWhile inclusive',
    siphon: takeWhile((x: number) => x < 2, { inclusive: true }),
    rxjs: rx.takeWhile((x: number) => x < 2, true),
  },
  {
    name: 'flatMap, take',
    siphon: pipe(
      flatMap((x: number) => [x, -x]),
      take(3),
    ),
    rxjs: rx.pipe(
      rx.mergeMap((x: number) => [x, -x]),
      rx.take(3),
    ),
  },
  { name: 'batch', siphon: batch<number>(2), rxjs: rx.bufferCount(2) },
  {
    name: 'a filter that throws',
    siphon: pipe(
      map((x: number) => x * 2),
      map((x) => throwOn3(x / 2)),
    ),
    rxjs: rx.pipe(
      rx.map((x: number) => x * 2),
      rx.map((x) => throwOn3(x / 2)),
    ),
  },
];

const sources: ReadonlyArray<{ name: string; marbles: string; unsubscribe?: string }> = [
  { name: 'completes', marbles: '-a-b--c-d-e-|' },
  { name: 'completes at once', marbles: '|' },
  { name: 'emits in one frame', marbles: '(abcde|)' },
  { name: 'errors', marbles: '-a-b-c-d-#' },
  { name: 'errors before a value', marbles: '--#' },
  { name: 'never ends, unsubscribed mid-stream', marbles: '-a-b-c-d-e-f-g-h-', unsubscribe: '------|' },
  { name: 'unsubscribed before any value', marbles: '----a-b-|', unsubscribe: '--|' },
];

describe('toOperator: marble tests against RxJS operators', () => {
  for (const kind of ['cold', 'hot'] as const) {
    describe(`${kind} sources`, () => {
      for (const equivalent of equivalents) {
        for (const source of sources) {
          it(`${equivalent.name}: same notifications and subscription frames when the source ${source.name}`, () => {
            const filterErrors: FilterError[] = [];
            const actual = record(kind, source.marbles, siphon(equivalent.siphon, filterErrors), source.unsubscribe);
            const expected = record(kind, source.marbles, equivalent.rxjs, source.unsubscribe);
            expect(actual.notifications).toEqual(expected.notifications);
            expect(actual.subscriptions).toEqual(expected.subscriptions);
            // The filter's own error arrives as a FilterError naming the stage; the source's does not.
            for (const error of filterErrors) {
              expect(error.cause).toBe(boom);
              expect(error.stage).toBe(2);
              expect(error.filter).toBe('map');
            }
          });
        }
      }
    });
  }

  it('emits the outputs, then completes with the end outputs, and unsubscribes when take finishes', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-|', letters);
      const doubledEvens = toOperator(
        pipe(
          filter((x: number) => x % 2 === 0),
          map((x) => x * 10),
          take(2),
        ),
      );
      expectObservable(source.pipe(doubledEvens)).toBe('---x---(y|)', { x: 20, y: 40 });
      expectSubscriptions(source.subscriptions).toBe('^------!');
    });
  });

  it('lines() emits the last partial line on complete', () => {
    newScheduler().run(({ cold, hot, expectObservable }) => {
      const chunks = { a: 'one\ntw', b: 'o\r\nthr', c: 'ee' };
      const out = { x: 'one', y: 'two', z: 'three' };
      expectObservable(cold('-a-b--c-|', chunks).pipe(toOperator(lines()))).toBe('-x-y----(z|)', out);
      expectObservable(hot('-a-b--c-|', chunks).pipe(toOperator(lines()))).toBe('-x-y----(z|)', out);
    });
  });

  it('sends a source error without the end outputs, and a FilterError for a filter that throws', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-#', { a: 'x\ny' }, boom).pipe(toOperator(lines()))).toBe('-x-#', { x: 'x' }, boom);
      const failing = pipe(
        lines(),
        map((line: string) => {
          if (line === 'bad') throw new SyntaxError('bad line');
          return line;
        }),
      );
      const error = new FilterError('map', 2, 2, new SyntaxError('bad line'));
      const chunks = { a: 'ok\n', b: 'bad\nnever\n' };
      expectObservable(cold('-a-b-|', chunks).pipe(toOperator(failing))).toBe('-o-#', { o: 'ok' }, error);
    });
  });
});

describe('toOperator: runs', () => {
  it('starts fresh filter state for each subscription, and cleans up exactly once however it ends', () => {
    const log: string[] = [];
    let runs = 0;
    const counted = defineFilter<number, string>('counted', () => {
      const run = ++runs;
      let seen = 0;
      return {
        step: (x) => [`run ${run}: #${++seen} = ${x}`],
        end: () => [`run ${run}: end after ${seen}`],
        cleanup: () => void log.push(`cleanup ${run}`),
      };
    });
    const operator = toOperator(counted);
    const completed: string[] = [];
    rx.of(1, 2)
      .pipe(operator)
      .subscribe((line) => completed.push(line));
    const subject = new rx.Subject<number>();
    const unsubscribed: string[] = [];
    const subscription = subject.pipe(operator).subscribe((line) => unsubscribed.push(line));
    subject.next(7);
    subscription.unsubscribe();
    subscription.unsubscribe();
    const failed: unknown[] = [];
    rx.throwError(() => boom)
      .pipe(operator)
      .subscribe({ error: (error) => failed.push(error) });

    expect(completed).toEqual(['run 1: #1 = 1', 'run 1: #2 = 2', 'run 1: end after 2']);
    expect(unsubscribed).toEqual(['run 2: #1 = 7']);
    expect(failed).toEqual([boom]);
    expect(log).toEqual(['cleanup 1', 'cleanup 2', 'cleanup 3']);
    expect(subject.observed).toBe(false);
  });

  it('stops a synchronous source as soon as take finishes, as rx.take does', () => {
    let emitted = 0;
    const endless = new rx.Observable<number>((subscriber) => {
      while (!subscriber.closed) subscriber.next(emitted++);
    });
    const out: number[] = [];
    endless
      .pipe(
        toOperator(
          pipe(
            filter((x: number) => x % 2 === 1),
            take(3),
          ),
        ),
      )
      .subscribe((x) => out.push(x));
    expect(out).toEqual([1, 3, 5]);
    expect(emitted).toBe(6);
  });

  it('lets a downstream take unsubscribe a synchronous source at once, as with RxJS operators', () => {
    const pulled = (operator: rx.OperatorFunction<number, number>): number => {
      let count = 0;
      rx.range(0, 1000)
        .pipe(
          rx.tap(() => count++),
          operator,
          rx.take(3),
        )
        .subscribe();
      return count;
    };
    expect(pulled(toOperator(filter((x: number) => x % 3 === 0)))).toBe(pulled(rx.filter((x) => x % 3 === 0)));
    expect(pulled(toOperator(filter((x: number) => x % 3 === 0)))).toBe(7);
  });

  /** Feeds 1 then 100 into a Subject whose subscriber feeds `x + 1` back in, re-entrantly, while x < 4. */
  function reenter(operator: rx.OperatorFunction<number, number>, pushBack = true): string[] {
    const subject = new rx.Subject<number>();
    const seen: string[] = [];
    subject.pipe(operator).subscribe({
      next: (x) => {
        seen.push(`in ${x}`);
        if (pushBack && x > 0 && x < 4) subject.next(x + 1); // re-enters the operator from inside its own emission
        seen.push(`out ${x}`);
      },
      complete: () => seen.push('complete'),
    });
    subject.next(1);
    subject.next(100);
    subject.complete();
    return seen;
  }

  it('interleaves synchronous re-entrant emissions exactly as the RxJS operators do', () => {
    const cases: Array<[Filter<number, number>, rx.OperatorFunction<number, number>]> = [
      [map((x: number) => x * 1), rx.map((x) => x * 1)],
      [filter((x: number) => x !== 3), rx.filter((x) => x !== 3)],
      [
        pipe(
          map((x: number) => x + 0),
          take(3),
        ),
        rx.pipe(
          rx.map((x) => x + 0),
          rx.take(3),
        ),
      ],
      [
        pipe(
          scan((a: number, x: number) => a + x, 0),
          take(3),
        ),
        rx.pipe(
          rx.scan((a, x) => a + x, 0),
          rx.take(3),
        ),
      ],
    ];
    for (const [siphonFilter, rxjsOperator] of cases) {
      const expected = reenter(rxjsOperator);
      expect(reenter(toOperator(siphonFilter))).toEqual(expected);
      expect(expected.filter((line) => line.startsWith('in')).length).toBeGreaterThan(2);
    }
  });

  it('emits a multi-output pipeline in its own order under re-entrancy: values pushed meanwhile wait their turn', () => {
    const pairs = pipe(
      flatMap((x: number) => [x, -x]),
      take(5),
    );
    // The inputs arrive 1, 2, 3, 4 (each pushed back from a handler); the subscriber sees exactly what
    // the pipeline makes of them, in order, and take(5) gives five values.
    expect(reenter(toOperator(pairs))).toEqual([
      'in 1',
      'out 1',
      'in -1',
      'out -1',
      'in 2',
      'out 2',
      'in -2',
      'out -2',
      'in 3',
      'out 3',
      'complete',
    ]);
    expect(collect([1, 2, 3, 4], pairs)).toEqual([1, -1, 2, -2, 3]);
    // Without re-entrancy it is the same as mergeMap + take.
    expect(reenter(toOperator(pairs), false)).toEqual(
      reenter(
        rx.pipe(
          rx.mergeMap((x) => [x, -x]),
          rx.take(5),
        ),
        false,
      ),
    );
  });

  it('takes a value pushed re-entrantly from inside a filter after the value being pushed', () => {
    const subject = new rx.Subject<number>();
    const seen: number[] = [];
    subject
      .pipe(
        toOperator(
          pipe(
            tap((x: number) => x === 1 && subject.next(2)),
            map((x) => x * 10),
          ),
        ),
      )
      .subscribe((x) => seen.push(x));
    subject.next(1);
    expect(seen).toEqual([10, 20]);
  });

  it('runs a filter with async stages in input order, with the end outputs, and completes', async () => {
    const slowFirst = mapAsync(
      (x: number) => new Promise<number>((resolve) => setTimeout(() => resolve(x * 10), x === 1 ? 20 : 1)),
      { concurrency: 3 },
    );
    const operator = toOperator(
      pipe(
        slowFirst,
        map((x) => `${x}`),
        lines(),
      ),
    );
    const out = await rx.lastValueFrom(rx.from([1, 2, 3]).pipe(operator, rx.toArray()));
    // lines() joins the chunks, so the order is visible in one string, which only the end outputs emit.
    expect(out).toEqual(['102030']);
    const ordered = await rx.lastValueFrom(
      rx.from([3, 1, 2]).pipe(
        toOperator(
          pipe(
            slowFirst,
            map((x) => x + 1),
          ),
        ),
        rx.toArray(),
      ),
    );
    expect(ordered).toEqual([31, 11, 21]);
  });

  it('sends errors of async pipelines and cleans up once when unsubscribed while a step is pending', async () => {
    const failing = mapAsync(async (x: number) => {
      if (x === 2) throw boom;
      return x;
    });
    const error = await rx.lastValueFrom(rx.from([1, 2, 3]).pipe(toOperator(failing), rx.toArray())).catch((e) => e);
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).cause).toBe(boom);

    const sourceError = await rx.lastValueFrom(rx.throwError(() => boom).pipe(toOperator(failing))).catch((e) => e);
    expect(sourceError).toBe(boom);

    let cleanups = 0;
    const cleaned = defineFilter<number, number>('cleaned', () => ({
      step: (x) => [x],
      cleanup: () => void cleanups++,
    }));
    const subject = new rx.Subject<number>();
    const seen: number[] = [];
    const never = mapAsync((x: number) => (x === 2 ? new Promise<number>(() => {}) : x));
    const subscription = subject.pipe(toOperator(pipe(cleaned, never))).subscribe((x) => seen.push(x));
    subject.next(1);
    subject.next(2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual([1]);
    expect(subject.observed).toBe(true);
    subscription.unsubscribe();
    expect(subject.observed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 5));
    subscription.unsubscribe();
    expect(cleanups).toBe(1);
  });

  it('completes an async pipeline when take finishes, and unsubscribes from the source', async () => {
    const subject = new rx.Subject<number>();
    const done = rx.lastValueFrom(
      subject.pipe(
        toOperator(
          pipe(
            mapAsync(async (x: number) => x * 2),
            take(2),
          ),
        ),
        rx.toArray(),
      ),
    );
    subject.next(1);
    subject.next(2);
    subject.next(3);
    expect(await done).toEqual([2, 4]);
    expect(subject.observed).toBe(false);
  });

  it('rejects what is not a filter, naming toOperator', () => {
    expect(() => toOperator(map as never)).toThrow(TypeError);
    expect(() => toOperator(map as never)).toThrow(/^toOperator\(\): filter is not a Siphon filter/);
    expect(() => toOperator({ name: 'fake' } as never)).toThrow(/toOperator\(\)/);
  });
});
