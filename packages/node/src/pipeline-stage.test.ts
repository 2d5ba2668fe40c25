// A Siphon filter needs no adapter to be a `pipeline()` stage: `(source) => pull(source, filter)` is one,
// and `(source) => pullReadable(source, filter)` is one that reads the stream before it in batches.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decodeText, encodeText, FilterError, lines, map, normalizeNewlines, pipe, pull, take } from '@siphon/core';
import { describe, expect, it } from 'vitest';
import { pullReadable } from './pull-readable.js';
import { counter, newProbeLog, probe, sink, watchClose } from './test-streams.js';

describe('a filter as a plain pipeline() stage', () => {
  it('runs as (source) => pull(source, filter)', async () => {
    const out = sink<Uint8Array>({ objectMode: false });
    const crlf = pipe(decodeText(), normalizeNewlines('\r\n'), encodeText());
    await pipeline(Readable.from([Buffer.from('a\nb\r'), Buffer.from('\nc')]), (source) => pull(source, crlf), out);
    expect(Buffer.concat(out.chunks).toString()).toBe('a\r\nb\r\nc');
  });

  it('runs as (source) => pullReadable(source, filter)', async () => {
    const out = sink<string>();
    await pipeline(Readable.from(['x\ny', '\nz']), (source: Readable) => pullReadable(source, lines()), out);
    expect(out.chunks).toEqual(['x', 'y', 'z']);
  });

  it('stops reading the source when a stage finishes', async () => {
    const source = counter(Infinity);
    const out = sink<number>();
    await pipeline(source, (input) => pull(input, take<number>(3)), out);
    expect(out.chunks).toEqual([0, 1, 2]);
    expect(source.destroyed).toBe(true);
  });

  it('hands a filter error to pipeline(), closing every stage once', async () => {
    const log = newProbeLog();
    const source = counter(100);
    const out = sink<number>();
    const closed = watchClose(source, out);
    const error = await pipeline(
      source,
      (input) =>
        pull(
          input,
          probe<number>(log, (n) => n === 4),
        ),
      out,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilterError);
    expect(closed.closes).toEqual([1, 1]);
    expect(log.cleanups).toBe(1);
    expect(out.chunks).toEqual([0, 1, 2, 3]);
  });

  it('tears down once on abort', async () => {
    const log = newProbeLog();
    const controller = new AbortController();
    const source = counter(Infinity);
    const out = sink<number>({ slow: true, onWrite: (n) => n === 10 && controller.abort() });
    const error = await pipeline(
      source,
      (input) =>
        pull(
          input,
          pipe(
            probe<number>(log),
            map((n) => n),
          ),
        ),
      out,
      {
        signal: controller.signal,
      },
    ).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(source.destroyed).toBe(true);
    expect(log.cleanups).toBe(1);
  });
});
