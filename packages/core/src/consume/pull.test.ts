import { describe, expect, it } from 'vitest';
import { FilterError } from '../filter-error.js';
import { defineFilter } from '../filters/define-filter.js';
import { filter } from '../filters/filter.js';
import { map } from '../filters/map.js';
import { mapAsync } from '../filters/map-async.js';
import { pipe } from '../filters/pipe.js';
import { lines } from '../text/lines.js';
import { fromBatches } from '../sources/from-batches.js';
import { fromPush } from '../sources/from-push.js';
import { asyncSource, newFilterLog, newLog, settle, syncSource, tracked } from '../test-support.js';
import { pullBatches } from './pull-batches.js';
import { pull } from './pull.js';

describe('pull over an Iterable (the sync host)', () => {
  it('returns a plain iterator: results are objects, never promises', () => {
    const it = pull(['a\nb\n'], lines());
    const first = it.next();
    expect(first).not.toBeInstanceOf(Promise);
    expect(first).toEqual({ value: 'a', done: false });
    expect(it[Symbol.iterator]()).toBe(it);
    expect([...it]).toEqual(['b']);
  });

  it('is lazy: nothing is opened, read or initialised before the first next()', () => {
    let opened = 0;
    const log = newLog();
    const filterLog = newFilterLog();
    const source = { [Symbol.iterator]: () => (opened++, syncSource([1, 2], log)[Symbol.iterator]()) };
    const it = pull(source, tracked<number>(filterLog));
    expect({ opened, reads: log.reads, inits: filterLog.inits }).toEqual({ opened: 0, reads: 0, inits: 0 });
    it.next();
    expect({ opened, reads: log.reads, inits: filterLog.inits }).toEqual({ opened: 1, reads: 1, inits: 1 });
  });

  it('reads no further than it must to produce the next output', () => {
    const log = newLog();
    const it = pull(
      syncSource([1, 2, 3, 4, 5, 6], log),
      filter((n: number) => n % 3 === 0),
    );
    expect(it.next().value).toBe(3);
    expect(log.reads).toBe(3);
  });

  it('hands out several outputs of one chunk before reading again', () => {
    const log = newLog();
    const it = pull(syncSource(['a\nb\nc\n', 'd\n'], log), lines());
    expect([it.next().value, it.next().value, it.next().value]).toEqual(['a', 'b', 'c']);
    expect(log.reads).toBe(1);
  });

  it('reads arrays, strings and other iterables alike', () => {
    const upper = map((s: string) => s.toUpperCase());
    expect([...pull(['a', 'b'], upper)]).toEqual(['A', 'B']);
    expect([...pull('ab', upper)]).toEqual(['A', 'B']);
    expect([...pull(new Set(['a', 'b']), upper)]).toEqual(['A', 'B']);
  });

  it('sees elements appended to an array source while it runs, as the array iterator does', () => {
    const source = [1, 2];
    const out: number[] = [];
    for (const n of pull(
      source,
      map((x: number) => x),
    )) {
      out.push(n);
      if (n === 1) source.push(3);
    }
    expect(out).toEqual([1, 2, 3]);
  });

  it('runs one pipeline value twice at once with independent state', () => {
    const numbered = pipe(
      lines(),
      map((line: string, i) => `${i}:${line}`),
    );
    const a = pull(['x\ny', '\n'], numbered);
    const b = pull(['p\nq\nr\n'], numbered);
    const interleaved = [a.next().value, b.next().value, b.next().value, a.next().value, b.next().value];
    expect(interleaved).toEqual(['0:x', '0:p', '1:q', '1:y', '2:r']);
  });

  it('rejects a source that is not iterable and a filter that is not one', () => {
    expect(() =>
      pull(
        42 as never,
        map((n: number) => n),
      ),
    ).toThrow(new TypeError('pull(): source must be an Iterable or AsyncIterable, got number'));
    expect(() => pull([1], ((n: number) => n) as never)).toThrow(
      /pull\(\): filter is not a Siphon filter, got function/,
    );
  });
});

describe('pull over an AsyncIterable (the async host)', () => {
  it('returns an async iterator', async () => {
    const it = pull(asyncSource(['a\nb'], newLog()), lines());
    expect(it[Symbol.asyncIterator]()).toBe(it);
    const first = it.next();
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toEqual({ value: 'a', done: false });
    expect(await it.next()).toEqual({ value: 'b', done: false });
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });

  it('names a failing stage by its place in the whole pipeline, after an async stage too', async () => {
    const failing = defineFilter<number, number>('failing', () => ({
      step: (n) => {
        if (n === 2) throw new Error('bad');
        return [n];
      },
    }));
    const refusing = defineFilter<number, number>('refusing', () => {
      throw new Error('no state');
    });
    const identity = mapAsync(async (n: number) => n);
    const steps = pull(
      asyncSource([1, 2], newLog()),
      pipe(
        identity,
        map((n: number) => n),
        failing,
      ),
    );
    expect(await steps.next()).toEqual({ value: 1, done: false });
    await expect(steps.next()).rejects.toThrow('failing (stage 3 of 3) failed: Error: bad');
    const opening = pull(
      asyncSource([1], newLog()),
      pipe(
        identity,
        map((n: number) => n),
        refusing,
        identity,
      ),
    );
    await expect(opening.next()).rejects.toThrow('refusing (stage 3 of 4) failed: Error: no state');
  });

  it('is lazy: nothing is opened or initialised before the first next()', async () => {
    let opened = 0;
    const filterLog = newFilterLog();
    const source = {
      [Symbol.asyncIterator]: () => (opened++, asyncSource([1], newLog())[Symbol.asyncIterator]()),
    };
    const it = pull(source, tracked<number>(filterLog));
    await new Promise((resolve) => setImmediate(resolve));
    expect({ opened, inits: filterLog.inits }).toEqual({ opened: 0, inits: 0 });
    expect(await it.next()).toEqual({ value: 1, done: false });
    expect(opened).toBe(1);
  });

  it('queues next() calls made without waiting, and answers them in order', async () => {
    const it = pull(asyncSource(['a\nb', '\nc'], newLog()), lines());
    const results = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
    expect(results).toEqual([
      { value: 'a', done: false },
      { value: 'b', done: false },
      { value: 'c', done: false },
      { value: undefined, done: true },
    ]);
  });

  it('keeps call order for a call made between one result and the start of a queued call', async () => {
    const it = pull(asyncSource(['a\n', 'b\n', 'c\n'], newLog()), lines());
    const calls: Promise<IteratorResult<string, undefined>>[] = [];
    // This reaction runs as soon as the first result is decided, before the queued second call starts.
    calls.push(it.next().then((first) => (calls.push(it.next()), first)));
    calls.push(it.next());
    await calls[0];
    const values = (await Promise.all(calls)).map((result) => (result.done === true ? 'done' : result.value));
    expect(values).toEqual(['a', 'b', 'c']);
  });

  it('takes a batch source a whole batch per read', async () => {
    const out: string[] = [];
    for await (const value of pull(
      fromBatches([['a', 'b'], [], ['c']]),
      map((s: string) => s + '!'),
    ))
      out.push(value);
    expect(out).toEqual(['a!', 'b!', 'c!']);
  });

  it('after a run that failed to start (an init threw), next() says done instead of crashing', async () => {
    const failingInit = defineFilter<number, number>('failingInit', () => {
      throw new Error('no init');
    });
    const log = newLog();
    const it = pull(asyncSource([1], log), failingInit);
    await expect(it.next()).rejects.toMatchObject({ name: 'FilterError', filter: 'failingInit' });
    expect(await it.next()).toEqual({ value: undefined, done: true });
    const batches = pullBatches(asyncSource([1], log), failingInit);
    await expect(batches.next()).rejects.toMatchObject({ name: 'FilterError', filter: 'failingInit' });
    expect(await batches.next()).toEqual({ value: undefined, done: true });
    expect(log.finallyRuns).toBe(0);
    const sync = pull([1], failingInit);
    expect(() => sync.next()).toThrow(FilterError);
    expect(sync.next()).toEqual({ value: undefined, done: true });
  });

  it('return() while a next() waits on a push source ends that next() and unsubscribes', async () => {
    let unsubscribed = 0;
    const it = pull(
      fromPush<string>(() => () => void unsubscribed++),
      lines(),
    );
    const pending = it.next();
    await settle();
    await it.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(unsubscribed).toBe(1);
  });

  it('runs one pipeline value twice at once with independent state (async stages too)', async () => {
    const numbered = pipe(
      lines(),
      mapAsync(async (line: string, i) => `${i}:${line}`, { concurrency: 2 }),
    );
    const run = async (chunks: string[]) => {
      const out: string[] = [];
      for await (const value of pull(asyncSource(chunks, newLog()), numbered)) out.push(value);
      return out;
    };
    expect(await Promise.all([run(['x\ny', '\n']), run(['p\nq\nr\n'])])).toEqual([
      ['0:x', '1:y'],
      ['0:p', '1:q', '2:r'],
    ]);
  });
});
