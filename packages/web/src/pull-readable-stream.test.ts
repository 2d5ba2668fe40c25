import { collect, decodeText, FilterError, lines, map, pipe, take } from '@siphon/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pullReadableStream } from './pull-readable-stream.js';
import { cleanupProbe, cut, encoder, rejectionOf, settle, slowSourceOf, sourceOf } from './test-streams.js';

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterator) out.push(value);
  return out;
}

describe('pullReadableStream()', () => {
  it('gives the same lines as the core does, for any chunking', async () => {
    const pieces = fc.array(fc.oneof(fc.constantFrom('\n', '\r\n', 'é', '😀', 'x'), fc.string({ maxLength: 6 })), {
      maxLength: 30,
    });
    await fc.assert(
      fc.asyncProperty(pieces, fc.array(fc.nat({ max: 120 }), { maxLength: 10 }), async (parts, offsets) => {
        const bytes = encoder.encode(parts.join(''));
        const chunks = cut(bytes, offsets);
        const expected = collect([bytes], pipe(decodeText(), lines()));
        expect(await all(pullReadableStream(sourceOf(chunks).stream, pipe(decodeText(), lines())))).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('reads a stream that has everything queued in one go, and releases the lock at its end', async () => {
    const { stream, cancelled } = sourceOf(['a\n', 'b']);
    expect(await all(pullReadableStream(stream, lines()))).toEqual(['a', 'b']);
    expect(stream.locked).toBe(false);
    expect(cancelled).toEqual([]);
  });

  it('does not touch the stream before the first next()', async () => {
    const { stream, cancelled } = sourceOf(['a\n']);
    const lineIterator = pullReadableStream(stream, lines());
    expect(stream.locked).toBe(false);
    await lineIterator.return?.();
    expect(stream.locked).toBe(false);
    expect(cancelled).toEqual([]);
  });

  it('cancels the stream, releases its lock and cleans up once on break', async () => {
    const { filter, cleanups } = cleanupProbe<string>();
    const { stream, cancelled } = slowSourceOf(['a\n', 'b\n', 'c\n', 'd\n']);
    for await (const line of pullReadableStream(stream, pipe(filter, lines()))) {
      expect(stream.locked).toBe(true);
      if (line === 'b') break;
    }
    expect(cancelled).toHaveLength(1);
    expect(stream.locked).toBe(false);
    expect(cleanups()).toBe(1);
  });

  it('cancels the stream when a stage such as take() has finished', async () => {
    const { stream, cancelled } = slowSourceOf(['a\nb\n', 'c\n', 'd\n']);
    expect(await all(pullReadableStream(stream, pipe(lines(), take(1))))).toEqual(['a']);
    expect(cancelled).toHaveLength(1);
    expect(stream.locked).toBe(false);
  });

  it('cancels the stream and throws a FilterError when a filter fails', async () => {
    const { filter, cleanups } = cleanupProbe<string>();
    const { stream, cancelled } = slowSourceOf(['1\n', 'x\n', '3\n']);
    const parsed = pipe(
      filter,
      lines(),
      map((line: string) => {
        const n = Number(line);
        if (Number.isNaN(n)) throw new SyntaxError(`not a number: ${line}`);
        return n;
      }),
    );
    const error = await rejectionOf(all(pullReadableStream(stream, parsed)));
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).cause).toBeInstanceOf(SyntaxError);
    expect(cancelled).toHaveLength(1);
    expect(stream.locked).toBe(false);
    expect(cleanups()).toBe(1);
  });

  it("passes the stream's own error through and releases the lock", async () => {
    const { filter, cleanups } = cleanupProbe<string>();
    const failure = new Error('network down');
    let pulls = 0;
    const stream = new ReadableStream<string>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue('a\n');
        else controller.error(failure);
      },
    });
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const line of pullReadableStream(stream, pipe(filter, lines()))) seen.push(line);
      })(),
    );
    expect(error).toBe(failure);
    expect(seen).toEqual(['a']);
    expect(stream.locked).toBe(false);
    expect(cleanups()).toBe(1);
  });

  it('cancels the stream and cleans up once on Symbol.asyncDispose', async () => {
    const { filter, cleanups } = cleanupProbe<string>();
    const { stream, cancelled } = slowSourceOf(['a\n', 'b\n']);
    const iterator = pullReadableStream(stream, pipe(filter, lines()));
    expect(await iterator.next()).toEqual({ value: 'a', done: false });
    await iterator[Symbol.asyncDispose]();
    await settle();
    expect(cancelled).toHaveLength(1);
    expect(stream.locked).toBe(false);
    expect(cleanups()).toBe(1);
  });

  it('names itself and the bad argument', () => {
    expect(() => pullReadableStream([] as never, lines())).toThrow(
      new TypeError('pullReadableStream(): stream must be a ReadableStream, got Array'),
    );
    expect(() => pullReadableStream(new ReadableStream(), lines as never)).toThrow(
      new TypeError('pullReadableStream(): filter is not a Siphon filter, got function'),
    );
  });
});
