import type { Readable, Transform } from 'node:stream';
import { decodeText, encodeText, lines, map, mapAsync, normalizeNewlines, pipe } from '@siphon/core';
import { describe, expectTypeOf, it } from 'vitest';
import { pullReadable, type PullReadableOptions } from './pull-readable.js';
import { toNodeTransform, type NodeTransformOptions } from './to-node-transform.js';

declare const socket: Readable;

describe('@siphon/node types', () => {
  it('toNodeTransform takes any filter in object mode and returns a Transform', () => {
    expectTypeOf(toNodeTransform(lines())).toEqualTypeOf<Transform>();
    expectTypeOf(
      toNodeTransform(
        map((n: number) => ({ n })),
        { highWaterMark: 8 },
      ),
    ).toEqualTypeOf<Transform>();
    expectTypeOf(
      toNodeTransform(
        mapAsync(async (s: string) => s.length),
        { mode: 'object' },
      ),
    ).toEqualTypeOf<Transform>();
  });

  it('byte mode needs a filter that takes Buffers and outputs Uint8Arrays', () => {
    const crlf = pipe(decodeText(), normalizeNewlines('\r\n'), encodeText());
    expectTypeOf(toNodeTransform(crlf, { mode: 'bytes' })).toEqualTypeOf<Transform>();
    expectTypeOf(
      toNodeTransform(
        map((b: Buffer) => b.subarray(1)),
        { mode: 'bytes' },
      ),
    ).toEqualTypeOf<Transform>();
    // @ts-expect-error: outputs strings, which byte mode cannot carry
    toNodeTransform(pipe(decodeText(), lines()), { mode: 'bytes' });
    // @ts-expect-error: takes strings, but byte mode writes Buffers
    toNodeTransform(pipe(lines(), encodeText()), { mode: 'bytes' });
  });

  it('rejects unknown modes', () => {
    // @ts-expect-error: no such mode
    toNodeTransform(lines(), { mode: 'text' });
    expectTypeOf<NodeTransformOptions['mode']>().toEqualTypeOf<'object' | 'bytes' | undefined>();
  });

  it('pullReadable returns an async iterator of the filter’s outputs', () => {
    expectTypeOf(pullReadable(socket, pipe(decodeText(), lines()))).toEqualTypeOf<
      AsyncIterableIterator<string> & AsyncDisposable
    >();
    expectTypeOf(
      pullReadable(
        socket,
        map((n: number) => n > 0),
        { destroyOnReturn: false },
      ),
    ).toEqualTypeOf<AsyncIterableIterator<boolean> & AsyncDisposable>();
    expectTypeOf<PullReadableOptions>().toEqualTypeOf<{ readonly destroyOnReturn?: boolean }>();
    // @ts-expect-error: an array is not a Readable
    pullReadable(['a'], lines());
  });
});
