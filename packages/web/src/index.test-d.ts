import { decodeText, encodeText, lines, map, pipe, type Bytes } from '@siphon/core';
import { describe, expectTypeOf, it } from 'vitest';
import { pullReadableStream, toTransformStream, type ToTransformStreamOptions } from './index.js';

describe('toTransformStream types', () => {
  it("carries the filter's input and output types", () => {
    expectTypeOf(toTransformStream(pipe(decodeText(), lines()))).toEqualTypeOf<TransformStream<Bytes, string>>();
    expectTypeOf(toTransformStream(map((n: number) => String(n)))).toEqualTypeOf<TransformStream<number, string>>();
  });

  it('fits pipeThrough: a byte body becomes a stream of the outputs', () => {
    const body = new ReadableStream<Uint8Array>();
    expectTypeOf(body.pipeThrough(toTransformStream(pipe(decodeText(), lines())))).toEqualTypeOf<
      ReadableStream<string>
    >();
    expectTypeOf(body.pipeThrough(toTransformStream(pipe(decodeText(), encodeText())))).toEqualTypeOf<
      ReadableStream<Uint8Array>
    >();
    // @ts-expect-error lines() takes strings, not the body's bytes
    body.pipeThrough(toTransformStream(lines()));
  });

  it('types the strategies by the side they queue', () => {
    expectTypeOf<ToTransformStreamOptions<number, string>['writableStrategy']>().toEqualTypeOf<
      QueuingStrategy<number> | undefined
    >();
    toTransformStream(
      map((n: number) => String(n)),
      {
        writableStrategy: { highWaterMark: 4, size: (n: number) => n },
        readableStrategy: { highWaterMark: 4, size: (text: string) => text.length },
      },
    );
    const toText = map((n: number) => String(n));
    // @ts-expect-error the readable side queues strings
    toTransformStream(toText, { readableStrategy: { size: (n: number) => n } });
  });
});

describe('pullReadableStream types', () => {
  it("yields the filter's outputs", () => {
    const iterator = pullReadableStream(new ReadableStream<Uint8Array>(), pipe(decodeText(), lines()));
    expectTypeOf(iterator).toEqualTypeOf<AsyncIterableIterator<string> & AsyncDisposable>();
  });

  it("rejects a stream whose chunks the filter can't take", () => {
    // @ts-expect-error lines() takes strings
    pullReadableStream(new ReadableStream<number>(), lines());
  });
});
