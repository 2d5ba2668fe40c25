import * as stream from 'node:stream';
import { PassThrough, pipeline as pipelineCallback, Readable, type Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  batch,
  decodeText,
  defineFilter,
  encodeText,
  FilterError,
  flatMap,
  lines,
  map,
  mapAsync,
  normalizeNewlines,
  pipe,
  take,
} from '@siphon/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cut, counter, newProbeLog, probe, sink, turn, watchClose } from './test-streams.js';
import { toNodeTransform } from './to-node-transform.js';

// Node 20 has stream.compose(), but @types/node 20 does not declare it.
const compose = (stream as unknown as { compose: (...streams: stream.Stream[]) => Duplex }).compose;

const crlf = () => pipe(decodeText(), normalizeNewlines('\r\n'), encodeText());

/** Text with every kind of line ending, lone CRs, and multi-byte characters that chunking may split. */
const mixedText = fc
  .array(fc.oneof(fc.constantFrom('\n', '\r\n', '\r', 'é', '€', '😀', ' '), fc.string({ maxLength: 8 })), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));

describe('toNodeTransform: results', () => {
  it('runs a filter in object mode inside pipeline()', async () => {
    const out = sink<string>();
    await pipeline(
      Readable.from(['one\ntw', 'o\r\nthree']),
      toNodeTransform(
        pipe(
          lines(),
          map((l) => l.toUpperCase()),
        ),
      ),
      out,
    );
    expect(out.chunks).toEqual(['ONE', 'TWO', 'THREE']);
  });

  it('pushes the final outputs when the input ends (a last unterminated line)', async () => {
    const out = sink<string>();
    await pipeline(Readable.from(['a\nb']), toNodeTransform(lines()), out);
    expect(out.chunks).toEqual(['a', 'b']);
  });

  it('is byte-exact in byte mode for any chunking of the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(mixedText, fc.array(fc.nat(), { maxLength: 12 }), async (text, offsets) => {
        const bytes = Buffer.from(text, 'utf8');
        const out = sink<Buffer>({ objectMode: false });
        await pipeline(
          Readable.from(cut(bytes, offsets), { objectMode: false }),
          toNodeTransform(crlf(), { mode: 'bytes' }),
          out,
        );
        expect(Buffer.concat(out.chunks).equals(Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8'))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same lines in object mode for any chunking of the text', async () => {
    await fc.assert(
      fc.asyncProperty(mixedText, fc.array(fc.nat(), { maxLength: 12 }), async (text, offsets) => {
        const out = sink<string>();
        await pipeline(Readable.from(cut(text, offsets)), toNodeTransform(lines({ keepEnds: true })), out);
        expect(out.chunks.join('')).toBe(text);
        // Every line but the last ends with its terminator, and only there.
        for (const line of out.chunks.slice(0, -1)) expect(line.indexOf('\n')).toBe(line.length - 1);
      }),
      { numRuns: 150 },
    );
  });

  it('turns written strings into Buffers in byte mode', async () => {
    const seen: unknown[] = [];
    const out = sink<Buffer>({ objectMode: false });
    const spy = map((chunk: Buffer) => (seen.push(chunk), chunk));
    await pipeline(Readable.from(['ab', 'c'], { objectMode: false }), toNodeTransform(spy, { mode: 'bytes' }), out);
    expect(seen.every((chunk) => Buffer.isBuffer(chunk))).toBe(true);
    expect(Buffer.concat(out.chunks).toString()).toBe('abc');
  });

  it('works with .pipe()', async () => {
    const out = sink<number>();
    Readable.from([1, 2, 3])
      .pipe(toNodeTransform(map((n: number) => n * 10)))
      .pipe(out);
    await new Promise((resolve) => out.on('finish', resolve));
    expect(out.chunks).toEqual([10, 20, 30]);
  });

  it('works inside stream.compose()', async () => {
    const out = sink<string>();
    const composed = compose(
      toNodeTransform(pipe(decodeText(), lines()), { mode: 'object' }),
      toNodeTransform(map((line: string) => `<${line}>`)),
    );
    await pipeline(Readable.from([Buffer.from('x\r\ny'), Buffer.from('\nz')]), composed, out);
    expect(out.chunks).toEqual(['<x>', '<y>', '<z>']);
  });

  it('runs filters with async stages in input order', async () => {
    const delays = [30, 0, 10, 0, 20, 5, 0, 15];
    const out = sink<number>();
    const slowDouble = mapAsync(
      (n: number) => new Promise<number>((resolve) => setTimeout(() => resolve(n * 2), delays[n % delays.length])),
      { concurrency: 3 },
    );
    await pipeline(
      Readable.from(Array.from({ length: 40 }, (_, i) => i)),
      toNodeTransform(
        pipe(
          slowDouble,
          map((n) => n + 1),
        ),
      ),
      out,
    );
    expect(out.chunks).toEqual(Array.from({ length: 40 }, (_, i) => i * 2 + 1));
  });

  it('gives each transform a fresh run of the same filter', async () => {
    const log = newProbeLog();
    const shared = pipe(lines(), probe<string>(log));
    const [a, b] = [sink<string>(), sink<string>()];
    await Promise.all([
      pipeline(Readable.from(['1\n2']), toNodeTransform(shared), a),
      pipeline(Readable.from(['x\ny\nz']), toNodeTransform(shared), b),
    ]);
    expect([a.chunks, b.chunks]).toEqual([
      ['1', '2'],
      ['x', 'y', 'z'],
    ]);
    expect(log).toEqual({ runs: 2, chunks: 5, cleanups: 2 });
  });
});

describe('toNodeTransform: a stage that finishes early', () => {
  it('ends the readable side when take() is done, and the pipeline completes', async () => {
    const log = newProbeLog();
    const source = counter(1000);
    const out = sink<number[]>();
    await pipeline(source, toNodeTransform(pipe(probe<number>(log), take(5), batch(2))), out);
    expect(out.chunks).toEqual([[0, 1], [2, 3], [4]]); // batch's partial rest is flushed
    expect(log.chunks).toBe(5); // later input is dropped before the filter
    expect(log.cleanups).toBe(1);
  });

  it('ends at once for take(0)', async () => {
    const out = sink<number>();
    await pipeline(Readable.from([1, 2, 3]), toNodeTransform(take<number>(0)), out);
    expect(out.chunks).toEqual([]);
  });

  it('ends early for async pipelines too, dropping later input', async () => {
    const out = sink<number>();
    await pipeline(
      counter(500),
      toNodeTransform(
        pipe(
          mapAsync(async (n: number) => n),
          take(3),
        ),
      ),
      out,
    );
    expect(out.chunks).toEqual([0, 1, 2]);
  });
});

describe('toNodeTransform: backpressure', () => {
  it('keeps its buffers within highWaterMark between a fast source and a slow writable', async () => {
    const highWaterMark = 4;
    const source = counter(300);
    const transform = toNodeTransform(
      map((n: number) => n),
      { highWaterMark },
    );
    let maxReadable = 0;
    let maxWritable = 0;
    let maxInFlight = 0;
    const out = sink<number>({
      slow: true,
      highWaterMark: 2,
      onWrite: (n) => {
        maxReadable = Math.max(maxReadable, transform.readableLength);
        maxWritable = Math.max(maxWritable, transform.writableLength);
        maxInFlight = Math.max(maxInFlight, source.produced() - n);
      },
    });
    await pipeline(source, transform, out);
    expect(out.chunks).toHaveLength(300);
    // Node's read() asks the Transform for more before it takes the chunk out, so the buffer briefly holds
    // one more than highWaterMark: Node's own PassThrough measures the same.
    expect(maxReadable).toBeLessThanOrEqual(highWaterMark + 1);
    expect(maxWritable).toBeLessThanOrEqual(highWaterMark);
    // Everything between the source and the slow writable fits in the buffers on the way: no growth.
    const sourceBuffer = 16;
    expect(maxInFlight).toBeLessThanOrEqual(sourceBuffer + 2 * highWaterMark + 2 + 2);
  });

  it('holds a byte-mode transform within highWaterMark plus one write’s output', async () => {
    const highWaterMark = 64;
    const source = counter(2000, { objectMode: false }); // '0\n', '1\n', … as bytes
    const transform = toNodeTransform(crlf(), { mode: 'bytes', highWaterMark });
    let maxReadable = 0;
    let maxWritable = 0;
    const out = sink<Buffer>({
      objectMode: false,
      slow: true,
      highWaterMark: 16,
      onWrite: () => {
        maxReadable = Math.max(maxReadable, transform.readableLength);
        maxWritable = Math.max(maxWritable, transform.writableLength);
      },
    });
    await pipeline(source, transform, out);
    const expected = Array.from({ length: 2000 }, (_, i) => `${i}\r\n`).join('');
    expect(Buffer.concat(out.chunks).toString()).toBe(expected);
    const largestWrite = 8; // a flowing source hands over its chunks one by one: '1999\n' at most
    expect(maxReadable).toBeLessThanOrEqual(highWaterMark + largestWrite);
    expect(maxWritable).toBeLessThanOrEqual(highWaterMark + largestWrite);
  });

  it('applies backpressure through async stages', async () => {
    const highWaterMark = 3;
    const source = counter(200);
    let started = 0;
    const transform = toNodeTransform(
      mapAsync(
        async (n: number) => {
          started++;
          await turn();
          return n;
        },
        { concurrency: 2 },
      ),
      { highWaterMark },
    );
    let maxReadable = 0;
    let maxAhead = 0;
    const out = sink<number>({
      slow: true,
      highWaterMark: 1,
      onWrite: (n) => {
        maxReadable = Math.max(maxReadable, transform.readableLength);
        maxAhead = Math.max(maxAhead, started - n);
      },
    });
    await pipeline(source, transform, out);
    expect(out.chunks).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(maxReadable).toBeLessThanOrEqual(highWaterMark + 1);
    // Calls started but not yet written: the readable buffer, the calls in flight, the writable's buffer.
    expect(maxAhead).toBeLessThanOrEqual(highWaterMark + 2 + 1 + 2);
  });
});

describe('toNodeTransform: errors and teardown', () => {
  it('destroys every stage once with the FilterError when the filter throws', async () => {
    const log = newProbeLog();
    const source = counter(100);
    const transform = toNodeTransform(probe<number>(log, (n) => n === 10));
    const out = sink<number>();
    const closed = watchClose(source, transform, out);
    const error = await new Promise((resolve) => pipelineCallback(source, transform, out, resolve));
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).filter).toBe('probe');
    expect(((error as FilterError).cause as Error).message).toBe('probe refused 10');
    await turn();
    expect(closed.closes).toEqual([1, 1, 1]);
    expect(transform.errored).toBe(error);
    expect(out.chunks).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(log.cleanups).toBe(1);
  });

  it('destroys every stage once with the source error', async () => {
    const log = newProbeLog();
    const boom = new Error('disk gone');
    let n = 0;
    const source = new Readable({
      objectMode: true,
      read() {
        if (n === 5) this.destroy(boom);
        else this.push(n++);
      },
    });
    const transform = toNodeTransform(probe<number>(log));
    const out = sink<number>();
    const closed = watchClose(source, transform, out);
    const error = await new Promise((resolve) => pipelineCallback(source, transform, out, resolve));
    expect(error).toBe(boom);
    await turn();
    expect(closed.closes).toEqual([1, 1, 1]);
    expect(closed.errors).toEqual([boom, boom, boom]);
    expect(log.cleanups).toBe(1);
  });

  it('destroys every stage once with the destination error', async () => {
    const log = newProbeLog();
    const boom = new Error('socket reset');
    const transform = toNodeTransform(probe<number>(log));
    const source = counter(1000);
    const out = sink<number>({
      onWrite: (n) => {
        if (n === 7) out.destroy(boom);
      },
    });
    const closed = watchClose(source, transform, out);
    const error = await new Promise((resolve) => pipelineCallback(source, transform, out, resolve));
    expect(error).toBe(boom);
    await turn();
    expect(closed.closes).toEqual([1, 1, 1]);
    expect(closed.errors[2]).toBe(boom);
    expect(log.cleanups).toBe(1);
  });

  it('reports a premature close of the source', async () => {
    const log = newProbeLog();
    const source = new PassThrough({ objectMode: true });
    const transform = toNodeTransform(probe<number>(log));
    const out = sink<number>({ onWrite: () => source.destroy() });
    const closed = watchClose(source, transform, out);
    const done = new Promise((resolve) => pipelineCallback(source, transform, out, resolve));
    source.write(1);
    const error = (await done) as NodeJS.ErrnoException;
    expect(error.code).toBe('ERR_STREAM_PREMATURE_CLOSE');
    await turn();
    expect(closed.closes).toEqual([1, 1, 1]);
    expect(log.cleanups).toBe(1);
  });

  it('tears the run down once on an aborted pipeline()', async () => {
    for (const filter of [
      (log: ReturnType<typeof newProbeLog>) => probe<number>(log),
      (log: ReturnType<typeof newProbeLog>) =>
        pipe(
          mapAsync(async (n: number) => n),
          probe<number>(log),
        ),
    ]) {
      const log = newProbeLog();
      const controller = new AbortController();
      const source = counter(Infinity);
      const transform = toNodeTransform(filter(log));
      const out = sink<number>({
        slow: true,
        onWrite: (n) => {
          if (n === 20) controller.abort();
        },
      });
      const closed = watchClose(source, transform, out);
      const error = await pipeline(source, transform, out, { signal: controller.signal }).catch((e: unknown) => e);
      expect((error as Error).name).toBe('AbortError');
      await turn();
      expect(closed.closes).toEqual([1, 1, 1]);
      expect(log.runs).toBe(1);
      expect(log.cleanups).toBe(1);
    }
  });

  it('tears the run down once on options.signal', async () => {
    const log = newProbeLog();
    const controller = new AbortController();
    const transform = toNodeTransform(probe<number>(log), { signal: controller.signal });
    transform.write(1);
    await turn();
    controller.abort();
    await turn();
    expect(transform.destroyed).toBe(true);
    expect((transform.errored as Error).name).toBe('AbortError');
    expect(log.cleanups).toBe(1);
  });

  it('runs cleanup once however often destroy() is called, and once after a normal end', async () => {
    const log = newProbeLog();
    const transform = toNodeTransform(probe<number>(log));
    transform.write(1);
    await turn();
    transform.destroy();
    transform.destroy();
    transform.destroy(new Error('late'));
    await turn();
    expect(log.cleanups).toBe(1);

    const ended = newProbeLog();
    await pipeline(Readable.from([1, 2]), toNodeTransform(probe<number>(ended)), sink());
    expect(ended.cleanups).toBe(1);
  });

  it('runs cleanup once when an async pipeline is destroyed mid-flight', async () => {
    const log = newProbeLog();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transform = toNodeTransform(
      pipe(
        probe<number>(log),
        mapAsync(async (n: number) => (await gate, n)),
      ),
    );
    transform.write(1);
    transform.write(2);
    await turn();
    transform.destroy();
    await turn();
    expect(log.cleanups).toBe(1);
    release();
    await turn();
    expect(log.cleanups).toBe(1);
  });

  it('reports an async stage’s error as a FilterError', async () => {
    const transform = toNodeTransform(
      mapAsync(async (n: number) => {
        if (n === 3) throw new RangeError('three');
        return n;
      }),
    );
    const error = await pipeline(counter(10), transform, sink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).filter).toBe('mapAsync');
    expect((error as FilterError).cause).toBeInstanceOf(RangeError);
  });

  it('reports a failing stage setup through the pipeline, not as a throw from toNodeTransform', async () => {
    const broken = defineFilter<number, number>('broken', () => {
      throw new Error('no config');
    });
    const transform = toNodeTransform(broken);
    const error = await pipeline(Readable.from([1]), transform, sink()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilterError);
    expect((error as FilterError).filter).toBe('broken');
  });

  it('fails, instead of converting or ending, on outputs a stream cannot carry', async () => {
    const asText = pipe(
      decodeText(),
      map((s) => s as unknown as Uint8Array),
    );
    const error = await pipeline(
      Readable.from([Buffer.from('a')]),
      toNodeTransform(asText, { mode: 'bytes' }),
      sink(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      /toNodeTransform\(\): in byte mode every output must be a Uint8Array, got string/,
    );

    const out = sink<unknown>();
    const nullError = await pipeline(
      Readable.from([1, 2]),
      toNodeTransform(flatMap((n: number) => [n, null])),
      out,
    ).catch((e: unknown) => e);
    expect((nullError as Error).message).toMatch(/cannot carry null/);
    expect(out.chunks).toEqual([1]);
  });
});

describe('toNodeTransform: bad arguments', () => {
  it('names the function and the argument', () => {
    expect(() => toNodeTransform(map as never)).toThrow(
      /^toNodeTransform\(\): filter is not a Siphon filter, got function/,
    );
    expect(() => toNodeTransform({} as never)).toThrow(TypeError);
    expect(() => toNodeTransform(lines(), { mode: 'text' as never })).toThrow(
      new RangeError(`toNodeTransform(): options.mode must be 'object' or 'bytes', got "text"`),
    );
    expect(() => toNodeTransform(lines(), { highWaterMark: -1 })).toThrow(RangeError);
    expect(() => toNodeTransform(lines(), { highWaterMark: 1.5 })).toThrow(/options\.highWaterMark/);
    expect(() => toNodeTransform(lines(), { signal: {} as AbortSignal })).toThrow(
      new TypeError('toNodeTransform(): options.signal must be an AbortSignal, got Object'),
    );
    expect(() => toNodeTransform(lines(), null as never)).toThrow(TypeError);
  });

  it('checks options as the core does: undefined is none, anything but an object and a wrong type are TypeErrors', () => {
    expect(() => toNodeTransform(lines(), undefined)).not.toThrow();
    expect(() => toNodeTransform(lines(), { unknown: 1 } as never)).not.toThrow();
    for (const [bad, got] of [
      [null, 'null'],
      [5, 'number'],
      [[], 'Array'],
    ] as const) {
      expect(() => toNodeTransform(lines(), bad as never)).toThrow(
        new TypeError(`toNodeTransform(): options must be an object, got ${got}`),
      );
    }
    expect(() => toNodeTransform(lines(), { highWaterMark: '16' as never })).toThrow(
      new TypeError('toNodeTransform(): options.highWaterMark must be a number, got string'),
    );
  });
});
