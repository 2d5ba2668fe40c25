import { lines, pull, type Overflow } from '@siphon/core';
import fc from 'fast-check';
import { interval, Observable, of, Subject, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fromObservable } from './from-observable.js';

const boom = new Error('boom');

async function drain<T>(iterator: AsyncIterator<T>, limit = Infinity): Promise<T[]> {
  const out: T[] = [];
  while (out.length < limit) {
    const result = await iterator.next();
    if (result.done === true) break;
    out.push(result.value);
  }
  return out;
}

describe('fromObservable', () => {
  it('pulls every value of a cold observable, then ends', async () => {
    expect(await drain(fromObservable(of(1, 2, 3)))).toEqual([1, 2, 3]);
  });

  it('pulls from a hot Subject through a filter, and the source error is thrown after the buffered values', async () => {
    const subject = new Subject<string>();
    const it = pull(fromObservable(subject), lines());
    subject.next('a\nb');
    subject.next('c\n');
    subject.error(boom);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const line of it) seen.push(line);
      })(),
    ).rejects.toBe(boom);
    expect(seen).toEqual(['a', 'bc']);
    expect(subject.observed).toBe(false);
  });

  it('ends after the buffered values when the observable completes, and unsubscribes', async () => {
    const subject = new Subject<number>();
    const it = fromObservable(subject);
    subject.next(1);
    subject.complete();
    expect(subject.observed).toBe(false);
    expect(await drain(it)).toEqual([1]);
    expect(await drain(fromObservable(throwError(() => boom))).catch((e) => e)).toBe(boom);
  });

  it('unsubscribes at once on return() and on break', async () => {
    const subject = new Subject<number>();
    const it = fromObservable(subject);
    expect(subject.observed).toBe(true);
    void it.return?.();
    expect(subject.observed).toBe(false);

    const ticks = fromObservable(subject);
    const pending = (async () => {
      for await (const tick of ticks) if (tick === 2) break;
      return subject.observed;
    })();
    for (let i = 0; i < 5 && subject.observed; i++) {
      subject.next(i);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await pending).toBe(false);
  });

  it('unsubscribes when its signal aborts, and rejects a pending next() with the reason', async () => {
    const subject = new Subject<number>();
    const controller = new AbortController();
    const it = fromObservable(subject, { signal: controller.signal });
    const pending = it.next();
    controller.abort(boom);
    expect(subject.observed).toBe(false);
    await expect(pending).rejects.toBe(boom);
  });

  it('keeps the buffer within highWaterMark for a fast hot source and a slow consumer', async () => {
    const source = interval(1);
    for (const overflow of ['drop-oldest', 'drop-newest'] as const) {
      const it = fromObservable(source, { highWaterMark: 3, overflow });
      let maxBuffered = 0;
      const watcher = setInterval(() => (maxBuffered = Math.max(maxBuffered, it.buffered)), 1);
      const seen: number[] = [];
      for await (const tick of it) {
        seen.push(tick);
        maxBuffered = Math.max(maxBuffered, it.buffered);
        await new Promise((resolve) => setTimeout(resolve, 15)); // much slower than the source
        if (seen.length === 4) break;
      }
      clearInterval(watcher);
      expect(maxBuffered).toBe(3); // it did fill up, and never went past the mark
      expect(it.dropped).toBeGreaterThan(0);
      expect(seen).toEqual([...seen].sort((a, b) => a - b)); // dropping never reorders
    }
  });

  it("fails with a RangeError after the buffered values on overflow 'error' (the default), and unsubscribes", async () => {
    const subject = new Subject<number>();
    const it = fromObservable(subject, { highWaterMark: 2 });
    subject.next(1);
    subject.next(2);
    expect(subject.observed).toBe(true);
    subject.next(3);
    expect(subject.observed).toBe(false);
    expect(it.buffered).toBe(2);
    const seen: number[] = [];
    const error = await (async () => {
      for await (const value of it) seen.push(value);
    })().catch((e: unknown) => e);
    expect(seen).toEqual([1, 2]);
    expect(error).toBeInstanceOf(RangeError);
    expect(String(error)).toMatch(/highWaterMark 2/);
  });

  it('does what each overflow policy says, for any interleaving of pushes and pulls', async () => {
    const step = fc.oneof(fc.constant<'pull'>('pull'), fc.integer({ min: 1, max: 5 }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<Overflow>('drop-oldest', 'drop-newest', 'error'),
        async (steps, highWaterMark, overflow) => {
          const subject = new Subject<number>();
          const it = fromObservable(subject, { highWaterMark, overflow });
          // A model of the buffer: what the policy says should be waiting, dropped, or failed.
          const model: number[] = [];
          let dropped = 0;
          let failed = false;
          let next = 0;
          for (const s of steps) {
            if (s === 'pull') {
              if (model.length === 0) continue; // a pull on an empty buffer would wait
              const result = await it.next();
              expect(result).toEqual({ value: model.shift(), done: false });
              continue;
            }
            for (let i = 0; i < s; i++) {
              const value = next++;
              subject.next(value);
              if (failed) continue;
              if (model.length < highWaterMark) model.push(value);
              else if (overflow === 'drop-newest') dropped++;
              else if (overflow === 'drop-oldest') {
                model.shift();
                model.push(value);
                dropped++;
              } else failed = true;
              expect(it.buffered).toBe(model.length);
              expect(it.buffered).toBeLessThanOrEqual(highWaterMark);
            }
          }
          expect(it.dropped).toBe(dropped);
          expect(subject.observed).toBe(!failed);
          if (failed) {
            for (const value of model) expect(await it.next()).toEqual({ value, done: false });
            await expect(it.next()).rejects.toBeInstanceOf(RangeError);
          } else {
            await it.return?.();
            expect(subject.observed).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('works with any object that has subscribe()', async () => {
    let unsubscribed = 0;
    const custom = {
      subscribe(observer: { next(value: number): void }) {
        observer.next(7);
        return { unsubscribe: () => void unsubscribed++ };
      },
    };
    const it = fromObservable(custom);
    expect(await it.next()).toEqual({ value: 7, done: false });
    await it.return?.();
    expect(unsubscribed).toBe(1);
    const plain = new Observable<number>((subscriber) => subscriber.next(1));
    expect(await fromObservable(plain).next()).toEqual({ value: 1, done: false });
  });

  it('rejects bad input, naming fromObservable and the argument', () => {
    expect(() => fromObservable(null as never)).toThrow(TypeError);
    expect(() => fromObservable({} as never)).toThrow(/^fromObservable\(\): observable must be an Observable/);
    expect(() => fromObservable(of(1), { highWaterMark: 0 })).toThrow(RangeError);
    expect(() => fromObservable(of(1), { highWaterMark: 0 })).toThrow(/fromObservable\(\): options.highWaterMark/);
    expect(() => fromObservable(of(1), { overflow: 'drop' as never })).toThrow(/fromObservable\(\): options.overflow/);
    expect(() => fromObservable(of(1), { signal: {} as never })).toThrow(/fromObservable\(\): options.signal/);
    expect(() => fromObservable(of(1), 5 as never)).toThrow(/fromObservable\(\): options must be an object/);
  });
});
