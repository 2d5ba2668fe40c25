import { fromPush, lines, map, pipe, pull } from '@siphon/core';
import { firstValueFrom, lastValueFrom, Subject, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fromObservable } from './from-observable.js';
import { toObservable } from './to-observable.js';

const boom = new Error('boom');

describe('toObservable', () => {
  it('emits a sync iterable synchronously, then completes; each subscription iterates afresh', () => {
    const observable = toObservable(new Set([1, 2, 3]));
    for (let round = 0; round < 2; round++) {
      const seen: unknown[] = [];
      observable.subscribe({ next: (x) => seen.push(x), complete: () => seen.push('done') });
      expect(seen).toEqual([1, 2, 3, 'done']);
    }
  });

  it("calls a sync source's return() when the subscriber unsubscribes early", () => {
    const log: string[] = [];
    function* numbers() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        log.push('closed');
      }
    }
    const seen: number[] = [];
    toObservable(numbers())
      .pipe(take(3))
      .subscribe((x) => seen.push(x));
    expect(seen).toEqual([0, 1, 2]);
    expect(log).toEqual(['closed']);
  });

  it('sends an error thrown by the source', async () => {
    function* failing() {
      yield 1;
      throw boom;
    }
    await expect(lastValueFrom(toObservable(failing()))).rejects.toBe(boom);
    async function* failingAsync() {
      yield 1;
      throw boom;
    }
    await expect(lastValueFrom(toObservable(failingAsync()))).rejects.toBe(boom);
  });

  it('emits an async iterable in order, then completes', async () => {
    async function* letters() {
      yield 'a';
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield 'b';
    }
    expect(await lastValueFrom(toObservable(letters()).pipe(toArray()))).toEqual(['a', 'b']);
    const run = pull(
      fromPush<string>((observer) => (observer.next('x\ny\nz'), observer.complete())),
      lines(),
    );
    expect(await lastValueFrom(toObservable(run).pipe(toArray()))).toEqual(['x', 'y', 'z']);
  });

  it("calls an async source's return() at once on unsubscribe, even while a next() is pending", async () => {
    const calls: string[] = [];
    const source: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          calls.push('next');
          return new Promise<IteratorResult<number>>(() => {}); // a quiet source: never answers
        },
        return: async () => {
          calls.push('return');
          return { value: undefined, done: true };
        },
      }),
    };
    const subscription = toObservable(source).subscribe();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['next']);
    subscription.unsubscribe();
    expect(calls).toEqual(['next', 'return']);
    subscription.unsubscribe();
    expect(calls).toEqual(['next', 'return']);
  });

  it('unsubscribes a whole Siphon run from its hot source when the subscriber takes what it needs', async () => {
    const subject = new Subject<string>();
    const upper = toObservable(
      pull(
        fromObservable(subject),
        pipe(
          lines(),
          map((line) => line.toUpperCase()),
        ),
      ),
    );
    const first = firstValueFrom(upper);
    subject.next('hello\nworld\n');
    expect(await first).toBe('HELLO');
    expect(subject.observed).toBe(false);
  });

  it('does not call return() on a source that ended by itself', () => {
    let returned = 0;
    const source: Iterable<number> = {
      [Symbol.iterator]: () => {
        let i = 0;
        return {
          next: () => (i < 2 ? { value: i++, done: false } : { value: undefined, done: true }),
          return: () => {
            returned++;
            return { value: undefined, done: true };
          },
        };
      },
    };
    const seen: number[] = [];
    toObservable(source).subscribe((x) => seen.push(x));
    expect(seen).toEqual([0, 1]);
    expect(returned).toBe(0);
  });

  it('rejects what is not iterable, naming toObservable', () => {
    expect(() => toObservable(42 as never)).toThrow(TypeError);
    expect(() => toObservable({} as never)).toThrow(
      /^toObservable\(\): source must be an Iterable or AsyncIterable, got Object/,
    );
  });
});
