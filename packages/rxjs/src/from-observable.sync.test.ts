import { filter, lines, map, pipe, pull, pullBatches, take } from '@siphon/core';
import { Observable, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fromObservable } from './from-observable.js';

// Issue 13, items 3, 4, 8 and 10 on fromObservable, and the push side's fan-out at emission time.

const LIMIT = 100_000;

/**
 * An Observable that emits 0, 1, 2, … synchronously, for as long as its subscriber is open. Bounded at
 * LIMIT only so that a regression fails the test (emitted = LIMIT) instead of hanging the run.
 */
function infinite(log: { emitted: number; unsubscribed: number }): Observable<number> {
  return new Observable<number>((subscriber) => {
    let i = 0;
    while (!subscriber.closed && log.emitted < LIMIT) {
      log.emitted++;
      subscriber.next(i++);
    }
    return () => {
      log.unsubscribed++;
    };
  });
}

/** The same, starting a microtask after subscribing: by then pull() has taken the consumer over. */
function infiniteLater(log: { emitted: number }): Observable<number> {
  return new Observable<number>((subscriber) => {
    queueMicrotask(() => {
      let i = 0;
      while (!subscriber.closed && log.emitted < LIMIT) {
        log.emitted++;
        subscriber.next(i++);
      }
    });
  });
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function watch(promise: Promise<unknown>): string[] {
  const log: string[] = [];
  promise.then(
    (result) => log.push(`resolved ${JSON.stringify(result)}`),
    (error: unknown) => log.push(`rejected ${error instanceof Error ? error.message : String(error)}`),
  );
  return log;
}

describe('issue 13 (3): fromObservable stops a synchronous Observable', () => {
  it("an infinite synchronous Observable stops at the overflow ('error'): fromObservable() returns", async () => {
    const log = { emitted: 0, unsubscribed: 0 };
    const it = fromObservable(infinite(log), { highWaterMark: 4 });
    // The fifth value overflowed; the subscriber closed at once, inside subscribe.
    expect(log.emitted).toBe(5);
    expect(it.buffered).toBe(4);
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const n of it) got.push(n);
      })(),
    ).rejects.toThrow(/^fromObservable\(\): buffer overflow/);
    expect(got).toEqual([0, 1, 2, 3]);
    expect(log.emitted).toBe(5);
  });

  it('with the default highWaterMark too (1024 values, then the overflow)', () => {
    const log = { emitted: 0, unsubscribed: 0 };
    const it = fromObservable(infinite(log));
    expect(log.emitted).toBe(1025);
    expect(it.buffered).toBe(1024);
    void it.return();
  });

  it('pull(fromObservable(infinite), take(3)) returns and gives 0, 1, 2, then ends (take finished before the overflow)', async () => {
    const log = { emitted: 0, unsubscribed: 0 };
    const it = pull(fromObservable(infinite(log), { highWaterMark: 8 }), take<number>(3));
    const got: number[] = [];
    for await (const n of it) got.push(n);
    expect(got).toEqual([0, 1, 2]);
    expect(log.emitted).toBe(9);
  });

  it("an infinite synchronous producer that starts after pull() took over stops when the pipeline's take(3) finishes", async () => {
    const log = { emitted: 0 };
    const seen: number[] = [];
    const it = pull(
      fromObservable(infiniteLater(log)),
      pipe(
        map((n: number) => {
          seen.push(n);
          return n * 2;
        }),
        take(3),
      ),
    );
    await tick();
    // No overflow involved: the third output finished take, and the subscriber closed in that next().
    expect(log.emitted).toBe(3);
    expect(seen).toEqual([0, 1, 2]);
    expect(it.drain()).toEqual([0, 2, 4]);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('stops a synchronous producer aborted while it emits inside subscribe, at its next value', async () => {
    // The abort ends the consumer at once, but the subscriber learns of it when the producer next calls
    // next() (the core's observer has no close callback): that one value is ignored, then it is closed.
    const controller = new AbortController();
    let emitted = 0;
    const reason = new Error('enough');
    const observable = new Observable<number>((subscriber) => {
      let i = 0;
      while (!subscriber.closed && emitted < LIMIT) {
        emitted++;
        subscriber.next(i++);
        if (i === 5) controller.abort(reason);
      }
    });
    const it = fromObservable(observable, { signal: controller.signal });
    expect(emitted).toBe(6);
    expect(it.buffered).toBe(0);
    await expect(it.next()).rejects.toBe(reason);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('a pushing Subject loop that checks observed stops when take(2) finishes', () => {
    const subject = new Subject<string>();
    const it = pull(fromObservable(subject), pipe(lines(), take(2)));
    let pushes = 0;
    while (subject.observed && pushes < LIMIT) {
      pushes++;
      subject.next(`${pushes}\n`);
    }
    expect(pushes).toBe(2);
    expect(it.drain()).toEqual(['1', '2']);
  });
});

describe('issue 13 (4): a value handed to a waiting next() is not counted against highWaterMark', () => {
  it("highWaterMark 1, a pending next(), two values: no overflow ('error')", async () => {
    const subject = new Subject<number>();
    const it = fromObservable(subject, { highWaterMark: 1 });
    const pending = it.next();
    subject.next(1);
    subject.next(2);
    expect(subject.observed).toBe(true);
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await it.next()).toEqual({ value: 2, done: false });
    subject.next(3);
    subject.next(4);
    expect(subject.observed).toBe(false); // now it overflows
    expect(await it.next()).toEqual({ value: 3, done: false });
    await expect(it.next()).rejects.toThrow(/^fromObservable\(\): buffer overflow/);
  });

  it.each([
    ['drop-newest', [1, 2]],
    ['drop-oldest', [1, 3]],
  ] as const)('%s: highWaterMark 1, a pending next(), three values → exactly 1 dropped', async (overflow, expected) => {
    const subject = new Subject<number>();
    const it = fromObservable(subject, { highWaterMark: 1, overflow });
    const pending = it.next();
    subject.next(1);
    subject.next(2);
    subject.next(3);
    expect(it.dropped).toBe(1);
    expect([(await pending).value, (await it.next()).value]).toEqual(expected);
    await it.return();
  });
});

describe('issue 13 (8): errors name fromObservable()', () => {
  it('a bad signal, highWaterMark or overflow option', () => {
    const subject = new Subject<number>();
    expect(() => fromObservable(subject, { signal: {} as AbortSignal })).toThrow(TypeError);
    expect(() => fromObservable(subject, { signal: {} as AbortSignal })).toThrow(
      /^fromObservable\(\): options\.signal/,
    );
    expect(() => fromObservable(subject, { highWaterMark: 0 })).toThrow(/^fromObservable\(\): options\.highWaterMark/);
    expect(() => fromObservable(subject, { overflow: 'x' as never })).toThrow(/^fromObservable\(\): options\.overflow/);
    expect(subject.observed).toBe(false); // a rejected call subscribes nothing
  });

  it('the overflow, also after pull() took the consumer over', async () => {
    const subject = new Subject<string>();
    const it = pull(fromObservable(subject, { highWaterMark: 2 }), lines());
    subject.next('a\nb\nc\n');
    expect(subject.observed).toBe(false);
    expect(await it.next()).toEqual({ value: 'a', done: false });
    expect(await it.next()).toEqual({ value: 'b', done: false });
    await expect(it.next()).rejects.toThrow(/^fromObservable\(\): buffer overflow: 2 outputs/);
  });
});

describe('issue 13 (10): a pending next() when return() is called settles once with done', () => {
  const opens = [
    ['fromObservable', (subject: Subject<string>) => fromObservable(subject)],
    ['pull(fromObservable) taken over', (subject: Subject<string>) => pull(fromObservable(subject), lines())],
    [
      'pullBatches(fromObservable) taken over',
      (subject: Subject<string>) => pullBatches(fromObservable(subject), lines()),
    ],
  ] as const;

  it.each(opens)('%s', async (_name, open) => {
    const subject = new Subject<string>();
    const it = open(subject);
    const log = watch(it.next());
    await it.return();
    expect(subject.observed).toBe(false);
    await tick();
    expect(log).toEqual(['resolved {"done":true}']);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it.each(opens)('%s: an abort rejects the pending next() with the reason', async (_name, open) => {
    const subject = new Subject<string>();
    const controller = new AbortController();
    const it =
      open === opens[0][1]
        ? fromObservable(subject, { signal: controller.signal })
        : open === opens[1][1]
          ? pull(fromObservable(subject, { signal: controller.signal }), lines())
          : pullBatches(fromObservable(subject, { signal: controller.signal }), lines());
    const log = watch(it.next());
    controller.abort(new Error('gone'));
    expect(subject.observed).toBe(false);
    await tick();
    expect(log).toEqual(['rejected gone']);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});

describe('fromObservable: the pulled pipeline runs at emission time', () => {
  it('a value the filter drops costs no buffer; outputs are counted', () => {
    const subject = new Subject<number>();
    const it = pull(
      fromObservable(subject, { highWaterMark: 2 }),
      filter((n: number) => n > 100),
    );
    for (let i = 0; i < 50; i++) subject.next(i); // dropped by the filter: never overflow
    expect(subject.observed).toBe(true);
    subject.next(101);
    expect(it.drain()).toEqual([101]);
    void it.return();
  });
});
