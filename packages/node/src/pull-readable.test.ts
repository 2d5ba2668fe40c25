import { PassThrough, Readable } from 'node:stream';
import { decodeText, FilterError, lines, map, mapAsync, pipe, take, tap } from '@siphon/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pullReadable } from './pull-readable.js';
import { counter, cut, newProbeLog, probe, turn } from './test-streams.js';

/** Listener counts of every event a pull might listen to, to compare before and after. */
function listenerCounts(stream: Readable): Record<string, number> {
  const events = ['readable', 'data', 'end', 'error', 'close', 'finish', 'aborted'];
  return Object.fromEntries(events.map((event) => [event, stream.listenerCount(event)]));
}

async function drain<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterator) out.push(value);
  return out;
}

describe('pullReadable', () => {
  it('pulls lines from a byte readable, byte-exact for any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (text, offsets) => {
          const bytes = Buffer.from(text.replace(/\r/g, ''), 'utf8');
          const readable = Readable.from(cut(bytes, offsets), { objectMode: false });
          const got = await drain(pullReadable(readable, pipe(decodeText(), lines({ keepEnds: true }))));
          expect(got.join('')).toBe(bytes.toString('utf8'));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('takes everything buffered at a wake-up through the filter in one step', async () => {
    const readable = new PassThrough({ objectMode: true, highWaterMark: 1000 });
    for (let i = 0; i < 100; i++) readable.write(i);
    readable.end();
    let seen = 0;
    const iterator = pullReadable(
      readable,
      tap(() => seen++),
    );
    const first = await iterator.next();
    expect(first).toEqual({ value: 0, done: false });
    expect(seen).toBe(100); // one batch: all 100 chunks went through before the first output was handed out
    expect(readable.readableLength).toBe(0);
    const rest = await drain(iterator);
    expect(rest).toEqual(Array.from({ length: 99 }, (_, i) => i + 1));
  });

  it('reads a stream that pushes synchronously for ever in bounded batches', async () => {
    const source = counter(Infinity);
    const got = await drain(pullReadable(source, take<number>(50)));
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(source.destroyed).toBe(true);
    expect(source.produced()).toBeLessThan(50 + 2 * source.readableHighWaterMark + 2);
  });

  it('waits for data that arrives later', async () => {
    const readable = new PassThrough();
    const pending = drain(pullReadable(readable, pipe(decodeText(), lines())));
    readable.write('a\nb');
    await turn();
    readable.write('c\n');
    await turn();
    readable.end('d');
    expect(await pending).toEqual(['a', 'bc', 'd']);
  });

  it('destroys the readable on break, and removes its listeners', async () => {
    const readable = new PassThrough({ objectMode: true });
    const before = listenerCounts(readable);
    readable.write(1);
    readable.write(2);
    for await (const value of pullReadable(
      readable,
      map((n: number) => n),
    )) {
      if (value === 1) break;
    }
    expect(readable.destroyed).toBe(true);
    expect(listenerCounts(readable)).toEqual(before);
  });

  it('leaves the readable open with destroyOnReturn: false, for the next consumer', async () => {
    const readable = new PassThrough({ objectMode: true });
    const before = listenerCounts(readable);
    const firsts: number[] = [];
    for (let round = 0; round < 3; round++) {
      readable.write(round * 10);
      for await (const value of pullReadable(
        readable,
        map((n: number) => n),
        { destroyOnReturn: false },
      )) {
        firsts.push(value);
        break;
      }
      expect(readable.destroyed).toBe(false);
      expect(listenerCounts(readable)).toEqual(before);
    }
    expect(firsts).toEqual([0, 10, 20]);
    readable.end(99);
    expect(
      await drain(
        pullReadable(
          readable,
          map((n: number) => n),
        ),
      ),
    ).toEqual([99]);
  });

  it('throws the readable’s error and removes its listeners', async () => {
    const readable = new PassThrough({ objectMode: true });
    const before = listenerCounts(readable);
    const boom = new Error('reset');
    const iterator = pullReadable(
      readable,
      map((n: number) => n),
    );
    readable.write(1);
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    const next = iterator.next();
    readable.destroy(boom);
    await expect(next).rejects.toBe(boom);
    expect(listenerCounts(readable)).toEqual(before);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('throws ERR_STREAM_PREMATURE_CLOSE when the readable is destroyed before its end', async () => {
    const readable = new PassThrough();
    const pending = drain(pullReadable(readable, decodeText()));
    readable.write('x');
    await turn();
    readable.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
  });

  it('closes on a filter error: FilterError, cleanup once, readable destroyed unless told not to', async () => {
    for (const destroyOnReturn of [true, false]) {
      const log = newProbeLog();
      const readable = new PassThrough({ objectMode: true });
      const before = listenerCounts(readable);
      readable.write(1);
      readable.write(2);
      const error = await drain(
        pullReadable(
          readable,
          probe<number>(log, (n) => n === 2),
          { destroyOnReturn },
        ),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FilterError);
      expect(log.cleanups).toBe(1);
      expect(readable.destroyed).toBe(destroyOnReturn);
      expect(listenerCounts(readable)).toEqual(before);
    }
  });

  it('runs filters with async stages', async () => {
    const readable = Readable.from([1, 2, 3, 4]);
    const got = await drain(
      pullReadable(
        readable,
        mapAsync(async (n: number) => n * n, { concurrency: 2 }),
      ),
    );
    expect(got).toEqual([1, 4, 9, 16]);
  });

  it('can be pulled only once', async () => {
    const readable = Readable.from([1]);
    const iterator = pullReadable(
      readable,
      map((n: number) => n),
    );
    await drain(iterator);
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('names the function and the argument for bad input', () => {
    expect(() => pullReadable([1, 2] as never, lines())).toThrow(
      new TypeError('pullReadable(): readable must be a Node Readable stream, got Array'),
    );
    expect(() => pullReadable(new PassThrough(), take as never)).toThrow(
      /^pullReadable\(\): filter is not a Siphon filter/,
    );
    expect(() => pullReadable(new PassThrough(), lines(), { destroyOnReturn: 'no' as never })).toThrow(
      new TypeError('pullReadable(): options.destroyOnReturn must be a boolean, got string'),
    );
  });

  it('checks options as the core does: undefined is none, anything but an object is a TypeError', () => {
    expect(() => pullReadable(new PassThrough(), lines(), undefined)).not.toThrow();
    for (const [bad, got] of [
      [null, 'null'],
      [5, 'number'],
      [[], 'Array'],
    ] as const) {
      expect(() => pullReadable(new PassThrough(), lines(), bad as never)).toThrow(
        new TypeError(`pullReadable(): options must be an object, got ${got}`),
      );
    }
  });
});
