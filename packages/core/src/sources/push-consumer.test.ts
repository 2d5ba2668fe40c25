import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { pull } from '../consume/pull.js';
import { pullBatches } from '../consume/pull-batches.js';
import { defineFilter } from '../filters/define-filter.js';
import { filter } from '../filters/filter.js';
import { map } from '../filters/map.js';
import { mapAsync } from '../filters/map-async.js';
import { pipe } from '../filters/pipe.js';
import { take } from '../filters/take.js';
import { tap } from '../filters/tap.js';
import { lines } from '../text/lines.js';
import { manualSource, settle } from '../test-support.js';
import { consumerCount } from './consumer-count.js';
import { fromEvent } from './from-event.js';
import { fromPush, type PushIterator } from './from-push.js';

// The push side's promises when a pipeline is pulled from a push source (issue 12, items 2 and 3): the
// fused chain runs on the source's side as each value arrives, the buffer holds outputs, and `drain()`
// takes what is ready without reading.

function hub(): EventEmitter {
  return new EventEmitter();
}

describe('push consumer: the pulled pipeline runs at emission time', () => {
  it('a tap sees each value when it is pushed, before any next()', async () => {
    const seen: string[] = [];
    const { subscribe, emit } = manualSource<string>();
    const out = pull(
      fromPush(subscribe),
      tap((s: string) => seen.push(s)),
    );
    emit('a', 'b');
    expect(seen).toEqual(['a', 'b']);
    expect(await out.next()).toEqual({ value: 'a', done: false });
    expect(await out.next()).toEqual({ value: 'b', done: false });
    expect(seen).toEqual(['a', 'b']); // reading runs nothing again
  });

  it('the same over fromEvent: the tap runs inside emit()', () => {
    const h = hub();
    const seen: string[] = [];
    const out = pull(
      fromEvent<string>(h, 'data'),
      tap((s: string) => seen.push(s)),
    );
    h.emit('data', 'x');
    expect(seen).toEqual(['x']);
    void out.return();
  });

  it('buffered counts outputs: a chunk lines() splits into 5 counts 5; a value the filter drops counts 0', () => {
    const { subscribe, emit } = manualSource<string>();
    const out = pull(fromPush(subscribe), lines()) as PushIterator<string>;
    emit('1\n2\n3\n4\n5\n');
    expect(out.buffered).toBe(5);

    const even = manualSource<number>();
    const evens = pull(
      fromPush(even.subscribe),
      filter((n: number) => n % 2 === 0),
    ) as PushIterator<number>;
    even.emit(1);
    expect(evens.buffered).toBe(0);
    even.emit(3, 5, 2);
    expect(evens.buffered).toBe(1);
    expect(evens.drain()).toEqual([2]);
  });

  it('highWaterMark bounds outputs, not source values: 5 lines from one chunk overflow a bound of 4', async () => {
    const { state, subscribe, emit } = manualSource<string>();
    const out = pull(fromPush(subscribe, { highWaterMark: 4 }), lines());
    emit('a\nb\nc\nd\ne\n');
    expect(state.tornDown).toBe(1);
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const line of out) got.push(line);
      })(),
    ).rejects.toThrow(/^fromPush\(\): buffer overflow/);
    expect(got).toEqual(['a', 'b', 'c', 'd']);
  });

  it('filter state is lazy: a defineFilter init runs at the first value, not at pull()', async () => {
    let inits = 0;
    const counter = defineFilter<string, string>('counter', () => {
      inits++;
      let n = 0;
      return { step: (s) => [`${++n}:${s}`] };
    });
    const { subscribe, emit } = manualSource<string>();
    const out = pull(fromPush(subscribe), counter);
    expect(inits).toBe(0);
    emit('a');
    expect(inits).toBe(1);
    emit('b');
    expect(inits).toBe(1);
    expect(out.drain()).toEqual(['1:a', '2:b']);
  });

  it('filter state is lazy: with no value yet, a first next() makes it (and a waiting read gets the first value)', async () => {
    let inits = 0;
    const counter = defineFilter<string, string>('counter', () => {
      inits++;
      return { step: (s) => [s.toUpperCase()] };
    });
    const { subscribe, emit } = manualSource<string>();
    const out = pull(fromPush(subscribe), counter);
    expect(inits).toBe(0);
    const first = out.next();
    expect(inits).toBe(1);
    emit('a');
    expect(await first).toEqual({ value: 'A', done: false });
    expect(inits).toBe(1);
  });

  it('filter state is lazy and per consumer: an empty drain() makes none, each consumer makes its own at its first value', () => {
    let inits = 0;
    const counter = defineFilter<string, number>('counter', () => {
      inits++;
      let n = 0;
      return { step: () => [++n] };
    });
    const h = hub();
    const a = pull(fromEvent<string>(h, 'data'), counter);
    const b = pull(fromEvent<string>(h, 'data'), counter);
    expect(inits).toBe(0);
    expect(a.drain()).toEqual([]);
    expect(inits).toBe(0); // nothing to run yet: no state made
    h.emit('data', 'x');
    h.emit('data', 'y');
    expect(inits).toBe(2);
    expect(a.drain()).toEqual([1, 2]);
    expect(b.drain()).toEqual([1, 2]);
    void a.return();
    void b.return();
  });

  it('take(n) finishing at emission time detaches at once (teardown called) and still delivers its outputs', async () => {
    const { state, subscribe, emit } = manualSource<number>();
    const out = pull(fromPush(subscribe), take(2));
    emit(1);
    expect(state.tornDown).toBe(0);
    emit(2);
    expect(state.tornDown).toBe(1); // at once, in the emission that finished take
    expect(state.observer!.closed).toBe(true);
    emit(3); // too late: ignored
    expect(await out.next()).toEqual({ value: 1, done: false });
    expect(await out.next()).toEqual({ value: 2, done: false });
    expect(await out.next()).toEqual({ value: undefined, done: true });
    expect(state.tornDown).toBe(1);
  });

  it('take(n) finishing at emission time on fromEvent: listener and consumer count drop at once', async () => {
    const h = hub();
    const out = pull(fromEvent<string>(h, 'data'), pipe(lines(), take(2)));
    expect(h.listenerCount('data')).toBe(1);
    expect(consumerCount(h, 'data')).toBe(1);
    h.emit('data', 'a\nb\nc\n');
    expect(h.listenerCount('data')).toBe(0);
    expect(h.listenerCount('error')).toBe(0);
    expect(consumerCount(h, 'data')).toBe(0);
    const got: string[] = [];
    for await (const line of out) got.push(line);
    expect(got).toEqual(['a', 'b']);
  });

  it('a stage after take gets its final outputs when take finishes at emission time', () => {
    const { state, subscribe, emit } = manualSource<string>();
    const out = pull(fromPush(subscribe), pipe(take<string>(1), lines()));
    emit('a\nrest-without-newline');
    expect(state.tornDown).toBe(1);
    expect(out.drain()).toEqual(['a', 'rest-without-newline']);
  });

  it('values a synchronous source pushes inside subscribe go through the pipeline, in order', async () => {
    const seen: number[] = [];
    const source = fromPush<number>((observer) => {
      for (let i = 1; i <= 4; i++) observer.next(i);
    });
    expect(source.buffered).toBe(4);
    const out = pull(
      source,
      pipe(
        tap((n: number) => seen.push(n)),
        filter((n: number) => n % 2 === 0),
        map((n: number) => n * 10),
      ),
    );
    // Replayed through the pipeline when pull takes the consumer over.
    expect(seen).toEqual([1, 2, 3, 4]);
    expect((out as PushIterator<number>).buffered).toBe(2);
    expect(out.drain()).toEqual([20, 40]);
  });

  it('a synchronous source that pushes and completes inside subscribe: outputs, the final ones, then done', async () => {
    const source = fromPush<string>((observer) => {
      observer.next('a\nb');
      observer.next('c\nd');
      observer.complete();
    });
    const got: string[] = [];
    for await (const line of pull(source, lines())) got.push(line);
    expect(got).toEqual(['a', 'bc', 'd']);
  });

  it('a synchronous source that pushes then fails inside subscribe: outputs, then the error', async () => {
    const failure = new Error('source failed');
    const source = fromPush<string>((observer) => {
      observer.next('a\nb\n');
      observer.error(failure);
    });
    const out = pull(source, lines());
    expect(await out.next()).toEqual({ value: 'a', done: false });
    expect(await out.next()).toEqual({ value: 'b', done: false });
    await expect(out.next()).rejects.toBe(failure);
    expect(await out.next()).toEqual({ value: undefined, done: true });
  });

  it('a consumer already read from is not taken over: the generic path still gives the right outputs', async () => {
    const { subscribe, emit } = manualSource<string>();
    const source = fromPush(subscribe);
    emit('x\ny');
    expect(await source.next()).toEqual({ value: 'x\ny', done: false }); // read: no take-over now
    const seen: string[] = [];
    const out = pull(
      source,
      pipe(
        tap((s: string) => seen.push(s)),
        lines(),
      ),
    );
    expect(out).not.toBe(source);
    emit('1\n2\n', '3\n');
    expect(seen).toEqual([]); // the generic host reads on demand, not at emission
    state();
    expect(await out.next()).toEqual({ value: '1', done: false });
    expect(await out.next()).toEqual({ value: '2', done: false });
    expect(await out.next()).toEqual({ value: '3', done: false });
    expect(seen).toEqual(['1\n2\n', '3\n']);
    await out.return();

    function state(): void {
      expect(source.buffered).toBe(2);
    }
  });

  it('a consumer drained from is not taken over either', async () => {
    const { subscribe, emit } = manualSource<number>();
    const source = fromPush(subscribe);
    emit(1);
    expect(source.drain()).toEqual([1]);
    const out = pull(
      source,
      map((n: number) => n + 1),
    );
    expect(out).not.toBe(source);
    emit(5);
    expect(await out.next()).toEqual({ value: 6, done: false });
    await out.return();
  });

  it('a pipeline with an async stage uses the generic host and gives the same outputs', async () => {
    const { subscribe, emit } = manualSource<string>();
    const source = fromPush(subscribe);
    const out = pull(
      source,
      pipe(
        lines(),
        mapAsync(async (s: string) => s.toUpperCase()),
      ),
    );
    expect(out).not.toBe(source);
    emit('a\nb\n');
    expect(await out.next()).toEqual({ value: 'A', done: false });
    expect(await out.next()).toEqual({ value: 'B', done: false });
    await out.return();
  });

  it('pull(pushConsumer) takes over the very object it was given', () => {
    const source = fromPush<number>(() => undefined);
    expect(
      pull(
        source,
        map((n: number) => n),
      ),
    ).toBe(source);
    const other = fromPush<number>(() => undefined);
    expect(
      pullBatches(
        other,
        map((n: number) => n),
      ),
    ).toBe(other);
  });
});

describe('push consumer: drain()', () => {
  it('returns the ready outputs as an array, never a promise, and does not read the source', () => {
    let reads = 0;
    const { subscribe, emit } = manualSource<string>();
    const out = pull(
      fromPush(subscribe),
      pipe(
        tap((_: string) => reads++),
        lines(),
      ),
    );
    emit('a\nb\n', 'c\n');
    const ready = out.drain();
    expect(Array.isArray(ready)).toBe(true);
    expect(ready).not.toBeInstanceOf(Promise);
    expect(ready).toEqual(['a', 'b', 'c']);
    expect(reads).toBe(2);
    expect((out as PushIterator<string>).buffered).toBe(0);
    expect(out.drain()).toEqual([]);
    emit('d\n');
    expect(out.drain()).toEqual(['d']);
  });

  it("the array is the caller's own: later outputs do not change it", () => {
    const { subscribe, emit } = manualSource<number>();
    const out = pull(
      fromPush(subscribe),
      map((n: number) => n),
    );
    emit(1, 2);
    const first = out.drain();
    emit(3);
    expect(first).toEqual([1, 2]);
    expect(out.drain()).toEqual([3]);
  });

  it('is empty when nothing is ready, and while a next() waits (the waiting read gets the value)', async () => {
    const { subscribe, emit } = manualSource<string>();
    const out = pull(
      fromPush(subscribe),
      map((s: string) => s + '!'),
    );
    expect(out.drain()).toEqual([]);
    const pending = out.next();
    expect(out.drain()).toEqual([]);
    emit('a');
    expect(out.drain()).toEqual([]); // handed to the waiting read, not kept for drain
    expect(await pending).toEqual({ value: 'a!', done: false });
    emit('b', 'c');
    expect(out.drain()).toEqual(['b!', 'c!']);
  });

  it('the incident consumer works: class Foo with lines = pull(fromEvent(hub, "data"), map(s => s + "\\n"))', () => {
    const h = hub();
    class Foo {
      lines = pull(
        fromEvent<string>(h, 'data'),
        map((s: string) => s + '\n'),
      );
      allData(): string {
        return this.lines.drain().join('');
      }
    }
    const foo = new Foo();
    const other = new Foo();
    h.emit('data', 'asdf');
    h.emit('data', 'jkl;');
    expect(foo.allData()).toBe('asdf\njkl;\n');
    expect(foo.allData()).toBe(''); // drained: taken, not copied
    h.emit('data', 'more');
    expect(foo.allData()).toBe('more\n');
    expect(other.allData()).toBe('asdf\njkl;\nmore\n'); // each consumer has its own buffer
    expect(h.listenerCount('data')).toBe(1);
    expect(consumerCount(h, 'data')).toBe(2);
    void foo.lines.return();
    void other.lines.return();
    expect(h.listenerCount('data')).toBe(0);
  });

  it('after the source ends: the remaining outputs, then [] (the end is for next())', async () => {
    const h = hub();
    const out = pull(fromEvent<string>(h, 'data', { close: 'end' }), lines());
    h.emit('data', 'a\nb');
    h.emit('end');
    expect(out.drain()).toEqual(['a', 'b']);
    expect(out.drain()).toEqual([]);
    expect(await out.next()).toEqual({ value: undefined, done: true });
  });

  it('after return(): []', async () => {
    const { subscribe, emit } = manualSource<number>();
    const out = pull(
      fromPush(subscribe),
      map((n: number) => n),
    );
    emit(1);
    await out.return();
    expect(out.drain()).toEqual([]);
  });

  it('on a pullBatches consumer: the ready outputs as one batch, the batch next() would have given', async () => {
    // The iterator's elements are batches (readonly Out[]), so drain() gives batches: everything ready is
    // one batch, as a read would give it; [] when nothing is ready.
    const { subscribe, emit } = manualSource<string>();
    const out = pullBatches(fromPush(subscribe), lines());
    expect(out.drain()).toEqual([]);
    emit('a\nb\n', 'c\n');
    const ready = out.drain();
    expect(Array.isArray(ready)).toBe(true);
    expect(ready).toEqual([['a', 'b', 'c']]);
    expect(out.drain()).toEqual([]);
    emit('d\n', 'e\n');
    expect(await out.next()).toEqual({ value: ['d', 'e'], done: false });
    const pending = out.next();
    emit('f\n');
    expect(out.drain()).toEqual([]); // handed to the waiting read
    expect(await pending).toEqual({ value: ['f'], done: false });
  });

  it('pull over a plain async iterable: what the last read left, never reading', async () => {
    let reads = 0;
    async function* source(): AsyncGenerator<string> {
      reads++;
      yield 'a\nb\nc\n';
      reads++;
      yield 'd\n';
    }
    const out = pull(source(), lines());
    expect(out.drain()).toEqual([]);
    expect(reads).toBe(0); // drain never reads
    expect(await out.next()).toEqual({ value: 'a', done: false });
    expect(reads).toBe(1);
    const left = out.drain();
    expect(Array.isArray(left)).toBe(true);
    expect(left).toEqual(['b', 'c']);
    expect(out.drain()).toEqual([]);
    expect(reads).toBe(1);
    expect(await out.next()).toEqual({ value: 'd', done: false });
    expect(await out.next()).toEqual({ value: undefined, done: true });
  });

  it('pull over a plain async iterable: [] while a next() is deciding', async () => {
    let release!: () => void;
    async function* source(): AsyncGenerator<string> {
      yield 'a\nb\n';
      await new Promise<void>((resolve) => (release = resolve));
      yield 'c\n';
    }
    const out = pull(source(), lines());
    expect(await out.next()).toEqual({ value: 'a', done: false });
    // 'b' is ready; a later next() that must wait for it first would be answered from it.
    const second = out.next();
    expect(out.drain()).toEqual([]);
    expect(await second).toEqual({ value: 'b', done: false });
    const third = out.next(); // waits on the source
    await settle();
    expect(out.drain()).toEqual([]);
    release();
    expect(await third).toEqual({ value: 'c', done: false });
    await out.return();
  });

  it('pullBatches over a plain async iterable: always [] (each batch goes whole to the read that made it)', async () => {
    async function* source(): AsyncGenerator<string> {
      yield 'a\nb\n';
      yield 'c\n';
    }
    const out = pullBatches(source(), lines());
    expect(out.drain()).toEqual([]);
    expect(await out.next()).toEqual({ value: ['a', 'b'], done: false });
    expect(out.drain()).toEqual([]);
    expect(await out.next()).toEqual({ value: ['c'], done: false });
    expect(out.drain()).toEqual([]);
  });
});

describe('drain() on a consumer that failed', () => {
  it('hands out the outputs before the failure, then throws the error once, then gives nothing', async () => {
    const hub = new EventEmitter();
    const consumer = pull(
      fromEvent<string>(hub, 'data', { highWaterMark: 3 }),
      map((s: string) => s + '\n'),
    );
    for (const s of ['a', 'b', 'c', 'd', 'e']) hub.emit('data', s);
    expect(consumer.drain()).toEqual(['a\n', 'b\n', 'c\n']);
    expect(() => consumer.drain()).toThrow(/^fromEvent\(\): buffer overflow/);
    expect(consumer.drain()).toEqual([]);
    await expect(consumer.next()).resolves.toEqual({ value: undefined, done: true });
  });
});
