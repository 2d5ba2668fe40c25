// Every output made before a failure reaches the reader, then the error: a readable side errors by
// dropping what it has queued, so the error waits until those outputs have been read. Found by the
// conformance suite (packages/conformance): one chunk that made [0, 1] and then failed gave [0] and the
// error, because only the output a pending read took escaped the queue.
import { defineFilter, FilterError, flatMap, lines, map, mapAsync, pipe, type Filter } from '@siphon/core';
import { describe, expect, it } from 'vitest';
import { toTransformStream, type ToTransformStreamOptions } from './to-transform-stream.js';
import { cleanupProbe, settle, sourceOf, useHooklessTransformStream } from './test-streams.js';

const failure = new Error('bad value');

/** Passes values on and throws on its input number `at`. */
const failAt = (at: number) =>
  map((n: number, index: number) => {
    if (index === at) throw failure;
    return n;
  });

async function readToError<T>(readable: ReadableStream<T>): Promise<{ values: T[]; error: unknown }> {
  const reader = readable.getReader();
  const values: T[] = [];
  try {
    for (let result = await reader.read(); !result.done; result = await reader.read()) values.push(result.value);
  } catch (error) {
    return { values, error };
  }
  return { values, error: undefined };
}

const runtimes = [
  { runtime: 'native TransformStream', hookless: false },
  { runtime: 'stream pair', hookless: true },
] as const;

describe.each(runtimes)(
  'toTransformStream() on a $runtime: the outputs before a failure, then the error',
  ({ hookless }) => {
    useHooklessTransformStream(hookless);

    describe.each([false, true])('with an async identity stage: %s', (withAsync) => {
      function run<T>(inner: Filter<T, number>, chunks: readonly T[], options?: ToTransformStreamOptions<T, number>) {
        const probe = cleanupProbe<T>();
        const filter = withAsync
          ? pipe(
              probe.filter,
              mapAsync((x: T) => x),
              inner,
            )
          : pipe(probe.filter, inner);
        const stream = toTransformStream(filter, options);
        return { readable: sourceOf(chunks).stream.pipeThrough(stream), cleanups: probe.cleanups };
      }

      it('one chunk makes two outputs and then fails: both, then the FilterError', async () => {
        const { readable, cleanups } = run(
          pipe(
            flatMap((n: number) => [n, n + 1, n + 2]),
            failAt(2),
          ),
          [0],
        );
        const { values, error } = await readToError(readable);
        expect(values).toEqual([0, 1]);
        expect(error).toBeInstanceOf(FilterError);
        expect((error as FilterError).cause).toBe(failure);
        await settle();
        expect(cleanups()).toBe(1);
      });

      it("the lines of a chunk before the failing one (the issue's lines → map(throwOn))", async () => {
        const { readable } = run(pipe(lines(), map(Number), failAt(2)), ['1\n2\n3\n4\n']);
        const { values, error } = await readToError(readable);
        expect(values).toEqual([1, 2]);
        expect(error).toBeInstanceOf(FilterError);
      });

      it('a failure in the final outputs (flush): those made before it, then the error', async () => {
        const atEnd = defineFilter<number, number>('atEnd', () => ({ step: (n) => [n], end: () => [7, 8, 9] }));
        const { readable } = run(pipe(atEnd, failAt(3)), [1]);
        const { values, error } = await readToError(readable);
        expect(values).toEqual([1, 7, 8]);
        expect(error).toBeInstanceOf(FilterError);
      });

      it('a reader that comes late still gets the queued outputs, then the error', async () => {
        const probe = cleanupProbe<number>();
        const inner = pipe(
          flatMap((n: number) => [n, n + 1, n + 2]),
          failAt(2),
        );
        const filter = withAsync
          ? pipe(
              probe.filter,
              mapAsync((x: number) => x),
              inner,
            )
          : pipe(probe.filter, inner);
        const stream = toTransformStream(filter, { readableStrategy: { highWaterMark: 8 } });
        const writer = stream.writable.getWriter();
        void writer.write(0).catch(() => undefined);
        await settle(); // the run has failed; nothing has been read yet
        expect(probe.cleanups()).toBe(1);
        const { values, error } = await readToError(stream.readable);
        expect(values).toEqual([0, 1]);
        expect(error).toBeInstanceOf(FilterError);
        expect(
          await writer.closed.then(
            () => 'closed',
            (e: unknown) => e,
          ),
        ).toBe(error);
      });

      it('cancelling the readable side while the error waits for its outputs to be read ends it', async () => {
        const stream = toTransformStream(
          pipe(
            flatMap((n: number) => [n, n + 1, n + 2]),
            failAt(2),
          ),
          {
            readableStrategy: { highWaterMark: 8 },
          },
        );
        const writer = stream.writable.getWriter();
        void writer.write(0).catch(() => undefined);
        await settle();
        await stream.readable.cancel('enough');
        expect(
          await writer.closed.then(
            () => 'closed',
            (e: unknown) => e,
          ),
        ).toBe('enough');
      });
    });
  },
);
